/**
 * Shared set-up for the evaluator's tests: squeezenet1_1's real articulation
 * candidates, the mid-end preset and a FakeProfiler over them.
 */
import { evaluate, type EvaluationInput, type Evaluation } from '../../src/evaluate/evaluate.js';
import type { Journal } from '../../src/evaluate/journal.js';
import type { Profiler } from '../../src/evaluate/profiler.js';
import { getMethod } from '../../src/evaluate/methods/registry.js';
import { getAlgorithm } from '../../src/slice/algorithms/registry.js';
import { findCandidates, type Candidate } from '../../src/slice/candidates.js';
import { loadForCutting } from '../../src/slice/load.js';
import { loadInfra } from '../../src/staging/load.js';
import type { Infra } from '../../src/staging/infra.js';
import { FakeProfiler, type FakeOptions } from './fake-profiler.js';
import { ensureModel } from './models.js';

export interface Fixture {
  readonly candidates: readonly Candidate[];
  readonly infra: Infra;
  readonly totalFlops: number;
}

let cached: Promise<Fixture> | undefined;

export function squeezenetFixture(): Promise<Fixture> {
  cached ??= (async () => {
    const { analysed } = await loadForCutting(ensureModel('squeezenet1_1'));
    const candidates = await findCandidates(analysed, await getAlgorithm('articulation'), 1);
    return { candidates, infra: loadInfra('mid-end'), totalFlops: analysed.totalFlops };
  })();
  return cached;
}

/** GFLOP/s per tier: the edge a quarter of the cloud's speed (8 cores against 48), the client half the edge's. */
export const SPEEDS = { client: 2, edge: 4, cloud: 16 };

export function fakeFor(f: Fixture, extra: Partial<FakeOptions> = {}): FakeProfiler {
  return new FakeProfiler({ infra: f.infra, totalFlops: f.totalFlops, speed: SPEEDS, ...extra });
}

export async function runMethod(
  f: Fixture,
  method: string,
  profiler: Profiler,
  more: Partial<EvaluationInput> & { journal?: Journal; signal?: AbortSignal } = {},
): Promise<Evaluation> {
  const { journal, signal, ...rest } = more;
  const input: EvaluationInput = {
    candidates: f.candidates,
    infra: f.infra,
    method: await getMethod(method),
    objective: 'latency',
    constraints: {},
    frames: 20,
    warmup: 2,
    fps: 24,
    minFrames: 5,
    // No re-stage with more frames unless a test asks for it: call counts stay those of the method.
    maxFrames: 20,
    ...rest,
  };
  return evaluate(input, { profiler, ...(journal && { journal }), ...(signal && { signal }) });
}
