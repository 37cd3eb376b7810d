/**
 * Execution providers by name: the accelerators (and the CPU) onnxruntime can
 * run a model on, with how each one is installed. A name Couper does not know
 * is refused before any model is opened; a known one the installed runtime
 * lacks is refused with the one line that says how to get it, because the
 * engine's own message ("Failed to load shared library") names neither.
 */
import { ConfigError } from '../core/errors.js';
import { Registry, type RegistrySpec } from '../core/registry.js';
import type { Runtime } from './runtime.js';

export interface ExecutionProvider {
  /** The name onnxruntime knows it by, and the one `--execution-provider` takes. */
  readonly name: string;
  /** The hardware it runs on, in a few words. */
  readonly device: string;
  /** How to get it where the installed runtime lacks it: one sentence. */
  readonly install: string;
}

export const DEFAULT_PROVIDER = 'cpu';

// onnxruntime-node's install script fetches the CUDA (and TensorRT) provider
// libraries unless told to skip them; README "Installing without install scripts".
const NPM_CUDA =
  'on a Linux x64 machine with CUDA 12, reinstall onnxruntime-node with its install script allowed and not skipped (`npm rebuild onnxruntime-node --onnxruntime-node-install=cuda12`; README, "Execution providers")';
const FROM_SOURCE = (flag: string): string =>
  `not in the npm build of onnxruntime-node: build onnxruntime from source with ${flag} --build_nodejs and install that package (README, "Execution providers")`;

const BUILT_INS: readonly ExecutionProvider[] = [
  { name: 'cpu', device: 'the CPU', install: 'part of every onnxruntime-node build' },
  { name: 'cuda', device: 'an NVIDIA GPU (CUDA 12)', install: NPM_CUDA },
  {
    name: 'tensorrt',
    device: 'an NVIDIA GPU (TensorRT 10)',
    install: `${NPM_CUDA}, and TensorRT 10 on the library path`,
  },
  { name: 'openvino', device: 'Intel CPU, GPU or NPU', install: FROM_SOURCE('--use_openvino') },
  {
    name: 'coreml',
    device: 'Apple Neural Engine or GPU',
    install: 'part of onnxruntime-node on macOS: run there',
  },
  { name: 'dml', device: 'a DirectX 12 GPU', install: 'part of onnxruntime-node on Windows: run there' },
  {
    name: 'webgpu',
    device: 'a GPU through WebGPU',
    install: 'part of onnxruntime-node on Windows and macOS; on Linux it needs a Vulkan driver (libvulkan1)',
  },
  { name: 'rocm', device: 'an AMD GPU', install: FROM_SOURCE('--use_rocm') },
  { name: 'qnn', device: 'a Qualcomm NPU', install: 'part of onnxruntime-node on Windows on Arm: run there' },
  { name: 'xnnpack', device: 'Arm or x86 CPU (XNNPACK)', install: FROM_SOURCE('--use_xnnpack') },
];

const SPEC: RegistrySpec<ExecutionProvider> = {
  noun: 'execution provider',
  nameOf: (p) => p.name,
  problem: (p) =>
    typeof p.install === 'string' && typeof p.device === 'string' ? undefined : 'lacks device or install',
};

const providers = new Registry(SPEC, BUILT_INS);

/** Make another provider name known (a runtime built with one Couper does not list). */
export function registerProvider(provider: ExecutionProvider): void {
  providers.register(provider);
}

/** A known provider; a ConfigError listing the known names otherwise. */
export function getProvider(name: string): ExecutionProvider {
  return providers.require(name);
}

export function providerNames(): string[] {
  return providers.names();
}

/**
 * Check that `name` is known and that `runtime` can use it here; throws one
 * ConfigError naming the provider and how to install it.
 */
export async function checkProvider(runtime: Runtime, name: string): Promise<ExecutionProvider> {
  const provider = getProvider(name);
  if (name === DEFAULT_PROVIDER || !runtime.providers) return provider;
  const offered = await runtime.providers();
  const found = offered.find((p) => p.name === name);
  if (found?.installed) return provider;
  const what = found
    ? 'is in this onnxruntime build but its libraries are not installed'
    : 'is not in this onnxruntime build';
  throw new ConfigError(`execution provider '${name}' (${provider.device}) ${what}: ${provider.install}`);
}
