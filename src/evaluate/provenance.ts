/**
 * Where a measurement was made: the machine, the engine and its settings.
 * Written into every device profile so that a figure borrowed from another
 * machine can always say which one.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { packageVersion } from '../core/assets.js';
import type { Provenance } from '../pipeline/device-profile.js';
import type { Runtime } from '../runtime/runtime.js';

export async function provenance(runtime: Runtime, provider: string, threads: number): Promise<Provenance> {
  const cpu = os.cpus()[0]?.model.trim() || 'unknown CPU';
  return {
    cpu,
    cores: Math.max(1, os.availableParallelism()),
    threads,
    executionProvider: provider,
    device: provider === 'cpu' ? cpu : acceleratorName(provider),
    onnxruntime: (await runtime.version?.()) ?? 'unknown',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
    couper: packageVersion(),
  };
}

/** The GPU's name where the driver's tool says it (NVIDIA); the provider's name otherwise. */
function acceleratorName(provider: string): string {
  if (provider === 'cuda' || provider === 'tensorrt') {
    const r = spawnSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], {
      encoding: 'utf8',
      timeout: 5000,
    });
    const name = r.status === 0 ? r.stdout.split('\n')[0]?.trim() : undefined;
    if (name) return name.slice(0, 200);
  }
  return `a ${provider} device`;
}
