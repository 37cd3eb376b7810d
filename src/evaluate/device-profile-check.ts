/**
 * The check behind a device profile's head and tail times: they are summed
 * from operator times measured with graph optimisation off, so on a sample
 * of candidates the real head and tail parts are cut, run as the pipeline
 * runs them, and timed; the profile reports how far the sums were off.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../core/log.js';
import { median } from '../core/stats.js';
import type { Runtime, SessionOptions, TensorMap } from '../runtime/runtime.js';
import type { AnalysedModel } from '../slice/candidates.js';
import { planSlices } from '../slice/plan.js';
import { writeSlices } from '../slice/write.js';
import type { DeviceProfile } from '../pipeline/device-profile.js';
import { timeSession, type TimingOptions } from './session-timing.js';

type CandidateTimes = DeviceProfile['candidates'][number];
type Check = DeviceProfile['check'];

/** Up to `n` candidates spread evenly over the list (first and last included). */
export function sampleCandidates<T>(list: readonly T[], n: number): T[] {
  if (n <= 0 || list.length === 0) return [];
  if (list.length <= n) return [...list];
  if (n === 1) return [list[Math.floor(list.length / 2)]!];
  return Array.from({ length: n }, (_, i) => list[Math.round((i * (list.length - 1)) / (n - 1))]!);
}

export async function checkCandidates(
  analysed: AnalysedModel,
  sampled: readonly CandidateTimes[],
  feeds: TensorMap,
  runtime: Runtime,
  session: SessionOptions,
  timing: TimingOptions,
): Promise<Check> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-profile-check-'));
  try {
    const samples: Check['samples'][number][] = [];
    for (const [k, c] of sampled.entries()) {
      const plan = planSlices(analysed.mg, analysed.model.proto, [c.tensors], analysed.shapes);
      const written = writeSlices(plan, analysed.model, path.join(dir, String(k)), silentLogger);
      const [headFile, tailFile] = written.parts as [string, string];
      const [headPart, tailPart] = plan.parts as [(typeof plan.parts)[0], (typeof plan.parts)[0]];
      const head = await timePart(
        runtime,
        headFile,
        pick(feeds, headPart.inputs),
        headPart.outputs,
        session,
        timing,
      );
      const tailFeeds = pick({ ...feeds, ...head.outputs }, tailPart.inputs);
      const tail = await timePart(runtime, tailFile, tailFeeds, tailPart.outputs, session, timing);
      samples.push({
        id: c.id,
        predictedHeadMs: c.headMs,
        measuredHeadMs: head.ms,
        predictedTailMs: c.tailMs,
        measuredTailMs: tail.ms,
      });
    }
    return { samples, ...errorSummary(samples) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Mean and largest |predicted − measured| / measured over heads and tails, in percent. */
export function errorSummary(samples: Check['samples']): Omit<Check, 'samples'> {
  const errs = samples.flatMap((s) => [
    pct(s.predictedHeadMs, s.measuredHeadMs),
    pct(s.predictedTailMs, s.measuredTailMs),
  ]);
  if (errs.length === 0) return { meanAbsErrorPct: null, maxAbsErrorPct: null };
  return {
    meanAbsErrorPct: errs.reduce((a, b) => a + b, 0) / errs.length,
    maxAbsErrorPct: Math.max(...errs),
  };
}

function pct(predicted: number, measured: number): number {
  return measured > 0 ? (Math.abs(predicted - measured) / measured) * 100 : 0;
}

function pick(feeds: TensorMap, names: readonly string[]): TensorMap {
  const out: TensorMap = {};
  for (const n of names) if (feeds[n]) out[n] = feeds[n];
  return out;
}

async function timePart(
  runtime: Runtime,
  file: string,
  feeds: TensorMap,
  outputs: readonly string[],
  options: SessionOptions,
  timing: TimingOptions,
): Promise<{ ms: number; outputs: TensorMap }> {
  const session = await runtime.open(file, options);
  try {
    const times = await timeSession(session, feeds, timing, outputs);
    return { ms: median(times), outputs: await session.run(feeds, outputs) };
  } finally {
    await session.release();
  }
}
