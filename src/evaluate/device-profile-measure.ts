/**
 * Measure a device profile (`couper profile`): on this machine, with one
 * execution provider and thread count, the model's median latency (timed
 * until stable), each operator's share of it (onnxruntime's own profiler),
 * each candidate's head and tail summed from those shares, a check of the
 * sums against the real parts on a sample of candidates, and provenance.
 * Returns the profile as data; the CLI writes it.
 */
import path from 'node:path';
import { median } from '../core/stats.js';
import { modelContentHash } from '../slice/load.js';
import { DEVICE_PROFILE_FORMAT, type DeviceProfile } from '../pipeline/device-profile.js';
import { getRuntime } from '../runtime/registry.js';
import type { Runtime, SessionOptions } from '../runtime/runtime.js';
import { candidateHead, type AnalysedModel, type Candidate } from '../slice/candidates.js';
import { modelInputSpecs, seededInputs } from '../slice/inputs.js';
import { checkCandidates, sampleCandidates } from './device-profile-check.js';
import { listCandidates } from './job.js';
import { operatorTimes } from './op-profile.js';
import { provenance } from './provenance.js';
import { quantile, timeSession, type TimingOptions } from './session-timing.js';

export interface MeasureOptions {
  readonly model: string;
  readonly executionProvider: string;
  /** onnxruntime intra-op threads; 0 lets it choose. */
  readonly threads: number;
  readonly inputShapes: Readonly<Record<string, number[]>>;
  readonly algorithm: string;
  readonly maxTensors: number;
  readonly timing: TimingOptions;
  /** Runs recorded by onnxruntime's profiler (their mean per operator). */
  readonly profiledRuns: number;
  /** Candidates whose real head and tail are timed against the sums. */
  readonly checkSamples: number;
  readonly runtime?: Runtime;
}

export async function measureDeviceProfile(o: MeasureOptions): Promise<DeviceProfile> {
  const runtime = o.runtime ?? getRuntime();
  const inputShapes = { ...o.inputShapes };
  const listed = await listCandidates({ ...o, inputShapes });
  const { analysed } = listed;
  const specs = modelInputSpecs(analysed.model.proto, inputShapes);
  const feeds = seededInputs(specs);
  const session: SessionOptions = {
    intraOpThreads: o.threads,
    interOpThreads: 1,
    executionProvider: o.executionProvider,
  };
  const whole = await runtime.open(analysed.model.file, session);
  let times: number[];
  try {
    times = await timeSession(whole, feeds, o.timing);
  } finally {
    await whole.release();
  }
  const medianMs = median(times);
  const kernelUs = await operatorTimes(analysed, runtime, inputShapes, o.profiledRuns, session);
  const operators = operatorRows(analysed, kernelUs, medianMs);
  const opMs = operators.map((op) => op.ms);
  const candidates = listed.candidates.map((c) => candidateTimes(analysed, c, opMs));
  const sampled = sampleCandidates(candidates, o.checkSamples);
  const check = await checkCandidates(analysed, sampled, feeds, runtime, session, o.timing);
  return {
    format: DEVICE_PROFILE_FORMAT,
    model: {
      file: path.basename(analysed.model.file),
      sha256: modelContentHash(analysed.model),
      inputs: specs.map((s) => ({ name: s.name, dtype: s.dtype, shape: [...s.shape] })),
    },
    provenance: await provenance(runtime, o.executionProvider, o.threads),
    latency: {
      medianMs,
      p10Ms: quantile(times, 0.1),
      p90Ms: quantile(times, 0.9),
      runs: times.length,
      warmup: o.timing.warmup,
    },
    operators,
    candidates,
    algorithm: listed.algorithm,
    check,
    synthetic: null,
  };
}

/**
 * Each dataflow operator with its kernel time and its share of the median:
 * kernel times come from an unoptimised graph (so names match the model's
 * nodes) and leave out what happens between kernels, so they are scaled to
 * add up to the whole model's measured median.
 */
function operatorRows(
  analysed: AnalysedModel,
  kernelUs: readonly number[],
  medianMs: number,
): DeviceProfile['operators'] {
  const nodes = analysed.model.proto.graph?.node ?? [];
  const total = kernelUs.reduce((a, b) => a + b, 0);
  const count = analysed.mg.nodeIndex.length;
  return analysed.mg.nodeIndex.map((nodeIdx, i) => {
    const kernelMs = (kernelUs[i] ?? 0) / 1000;
    // No kernel time at all (a runtime without a profiler): an even share.
    const share = total > 0 ? (kernelUs[i] ?? 0) / total : 1 / count;
    const node = nodes[nodeIdx];
    return { name: node?.name ?? '', opType: node?.opType ?? '', ms: share * medianMs, kernelMs };
  });
}

function candidateTimes(
  analysed: AnalysedModel,
  c: Candidate,
  opMs: readonly number[],
): DeviceProfile['candidates'][number] {
  const head = candidateHead(analysed, c);
  let headMs = 0;
  let tailMs = 0;
  opMs.forEach((ms, i) => {
    if (head[i]) headMs += ms;
    else tailMs += ms;
  });
  return { id: c.id, tensors: c.tensors.map((t) => t.name), headMs, tailMs };
}
