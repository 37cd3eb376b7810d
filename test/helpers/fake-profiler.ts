/**
 * A deterministic test double for the evaluator's Profiler: metrics from a
 * fixed formula over the candidate's FLOPs and bytes and the infra's links,
 * no pipeline. Per tier a speed in GFLOP/s; a link costs RTT/2 +
 * bytes/bandwidth; the slowest stage or link sets the frame rate out.
 * Optional per-frame noise makes repeats differ. Counts calls, and can fail chosen keys or abort after a number of calls.
 */
import { seededRandom } from '../../src/core/bootstrap.js';
import type { Profiler, ProfileOptions } from '../../src/evaluate/profiler.js';
import { linkOf, transferMs } from '../../src/evaluate/topology.js';
import { splitKey, type ProfileResult, type RunMetrics, type SplitSpec } from '../../src/evaluate/types.js';
import type { Infra } from '../../src/staging/infra.js';
import { fromOutcomes, steadyOutcomes } from './frame-figures.js';

export const INPUT_BYTES = 3 * 224 * 224 * 4;
export const RESULT_BYTES = 4000;
export const OVERHEAD_MS = 5;
export const TRANSFORMER_MS = 3;

export interface FakeOptions {
  readonly infra: Infra;
  readonly totalFlops: number;
  /** GFLOP/s per tier name. */
  readonly speed: Readonly<Record<string, number>>;
  readonly failing?: readonly string[];
  /** Per-frame latency noise (uniform, ±ms), seeded by the call number; none when absent. */
  readonly noiseMs?: number;
  /** Abort this controller (and throw) on this call number (1-based). */
  readonly abortOnCall?: { readonly call: number; readonly controller: AbortController };
}

export class FakeProfiler implements Profiler {
  readonly calls: string[] = [];
  constructor(private readonly o: FakeOptions) {}

  profile(split: SplitSpec, options: ProfileOptions): Promise<ProfileResult> {
    const key = splitKey(split);
    this.calls.push(key);
    const abort = this.o.abortOnCall;
    if (abort && this.calls.length === abort.call) {
      abort.controller.abort();
      return Promise.reject(new Error('interrupted'));
    }
    if (this.o.failing?.includes(key)) return Promise.reject(new Error(`stage evaluator0: ${key} broke`));
    return Promise.resolve({ status: 'ok', metrics: this.metrics(split, options) });
  }

  private metrics(split: SplitSpec, o: ProfileOptions): RunMetrics {
    const { infra, speed, totalFlops } = this.o;
    const p = o.placement;
    const head = split.kind === 'candidate' ? split.candidate.headFlops : totalFlops;
    const cut = split.kind === 'candidate' ? split.candidate.bytes : 0;
    const headMs = head / 1e6 / (speed[p.evaluator0!] ?? 1);
    const tailMs = p.evaluator1 ? (totalFlops - head) / 1e6 / (speed[p.evaluator1] ?? 1) : 0;
    const last = p.evaluator1 ?? p.evaluator0!;
    const up = linkOf(infra, p.transformer!, p.evaluator0!);
    const mid = p.evaluator1 ? linkOf(infra, p.evaluator0!, p.evaluator1) : null;
    const back = linkOf(infra, last, p.camera!);
    const latency =
      OVERHEAD_MS +
      transferMs(up, INPUT_BYTES) +
      headMs +
      transferMs(mid, cut) +
      tailMs +
      transferMs(back, RESULT_BYTES);
    const wire = (mbps: number | undefined, bytes: number): number =>
      mbps ? (bytes * 8) / (mbps * 1000) : 0;
    const slowest = Math.max(
      TRANSFORMER_MS,
      headMs,
      tailMs,
      wire(up?.mbps, INPUT_BYTES),
      wire(mid?.mbps, cut),
    );
    const fps = o.fps ?? 24;
    const fpsOut = Math.min(fps, 1000 / slowest);
    const processed = Math.round(o.frames * (fpsOut / fps));
    const timing = (computeMs: number, bytes: number) => ({
      queueMs: 0,
      computeMs,
      serializeMs: 0,
      transferMs: 0,
      bytes,
    });
    const stages: Record<string, ReturnType<typeof timing>> = {
      camera: timing(0, 0),
      transformer: timing(TRANSFORMER_MS, INPUT_BYTES),
      evaluator0: timing(headMs, p.evaluator1 ? cut : RESULT_BYTES),
      ...(p.evaluator1 && { evaluator1: timing(tailMs, RESULT_BYTES) }),
      classifier: timing(0, RESULT_BYTES),
    };
    const names = Object.keys(stages);
    // Noise: each frame's latency off by up to ±noiseMs, a new draw on every call (a repeat differs).
    const random = seededRandom(this.calls.length);
    const noise = this.o.noiseMs ?? 0;
    const outcomes = steadyOutcomes(o.frames, latency, (o.frames - processed) / o.frames).map((x) =>
      x === null ? null : x + noise * (2 * random() - 1),
    );
    return {
      ...fromOutcomes(outcomes),
      droppedAt: o.frames > processed ? { transformer: o.frames - processed } : {},
      fpsIn: fps,
      fpsOut,
      stages,
      links: names.map((from, i) => ({
        from,
        to: names[(i + 1) % names.length]!,
        bytesPerFrame: stages[from]!.bytes,
      })),
    };
  }
}
