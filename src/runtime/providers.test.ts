/** Tests of execution providers: known names, the line for one this host lacks, the CPU running a model. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rejectsNamed, throwsNamed } from '../../test/helpers/errors.js';
import { CHAIN, saveModel, tinyGraph, wrap } from '../../test/helpers/tiny-models.js';
import { ConfigError } from '../core/errors.js';
import { onnxRuntime } from './onnxruntime.js';
import { checkProvider, getProvider, providerNames } from './providers.js';
import type { OfferedProvider, Runtime } from './runtime.js';

const offering = (offered: OfferedProvider[]): Runtime => ({
  name: 'fake',
  open: () => Promise.reject(new Error('opens nothing')),
  providers: () => Promise.resolve(offered),
});

describe('execution providers', () => {
  it('knows the CPU and the usual accelerators by name', () => {
    for (const name of ['cpu', 'cuda', 'tensorrt', 'openvino', 'coreml', 'dml'])
      assert.ok(providerNames().includes(name), name);
    assert.match(getProvider('cuda').install, /onnxruntime-node-install=cuda12/);
  });

  it('refuses an unknown name, listing the known ones', () => {
    throwsNamed(() => getProvider('tpu'), ConfigError, /unknown execution provider 'tpu' \(known: cpu, cuda/);
  });

  it('says how to install a provider the build lists but lacks the libraries of', async () => {
    const rt = offering([
      { name: 'cpu', installed: true },
      { name: 'cuda', installed: false },
    ]);
    const msg = await rejectsNamed(checkProvider(rt, 'cuda'), ConfigError, /^execution provider 'cuda'/);
    assert.match(msg, /libraries are not installed: on a Linux x64 machine with CUDA 12/);
  });

  it('says a provider is not in the build at all, with how to get one', async () => {
    const rt = offering([{ name: 'cpu', installed: true }]);
    await rejectsNamed(
      checkProvider(rt, 'openvino'),
      ConfigError,
      /is not in this onnxruntime build: .*--use_openvino/,
    );
  });

  it('accepts an installed provider', async () => {
    const rt = offering([{ name: 'cuda', installed: true }]);
    assert.equal((await checkProvider(rt, 'cuda')).name, 'cuda');
  });
});

describe('onnxruntime execution providers', () => {
  it('lists the CPU as installed', async () => {
    const offered = (await onnxRuntime.providers?.()) ?? [];
    assert.deepEqual(
      offered.find((p) => p.name === 'cpu'),
      { name: 'cpu', installed: true },
    );
  });

  it('runs a model on the cpu provider', async () => {
    const model = saveModel(wrap(tinyGraph(CHAIN)));
    const session = await onnxRuntime.open(model.file, { executionProvider: 'cpu' });
    const out = await session.run({ x: { dtype: 'float32', shape: [2, 3], data: new Float32Array(6) } });
    await session.release();
    // x = 0: sigmoid(relu(0 + w1) * w2) for w1 = [0.5, -1, 2], w2 = [3, 0.25, -0.5].
    const y = [...(out.y?.data as Float32Array)].slice(0, 3).map((v) => Number(v.toFixed(4)));
    assert.deepEqual(y, [0.8176, 0.5, 0.2689]);
  });

  it('refuses, before opening, a provider this build has no libraries or entry for', async () => {
    const model = saveModel(wrap(tinyGraph(CHAIN)));
    const offered = (await onnxRuntime.providers?.()) ?? [];
    const absent = ['openvino', 'cuda', 'coreml'].find(
      (n) => !offered.some((p) => p.name === n && p.installed),
    );
    assert.ok(absent !== undefined, 'this host has every provider; the test needs one it lacks');
    await rejectsNamed(
      onnxRuntime.open(model.file, { executionProvider: absent }),
      ConfigError,
      new RegExp(`^execution provider '${absent}' .*: `),
    );
  });
});
