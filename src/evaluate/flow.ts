/**
 * How many frames a pipeline lets through, from the way its stages behave
 * (src/pipeline/stage/relay-stage.ts, hop.ts): a compute stage has a queue of
 * one, so when it computes longer than frames arrive it passes one frame per
 * compute time and drops the rest; a hop (one call in flight) is busy for the
 * call's round trip (send, wire time, the peer's ack) and drops every frame
 * that finds it busy. With frames arriving every P ms, a hop busy for S ms
 * takes a frame, then refuses all that arrive until it is free, so it passes
 * one frame every ceil(S / P) arrivals; the link's jitter makes S vary, and
 * the mean of ceil(S / P) over a normal S is what sets the rate.
 */

export type FlowElement =
  | { readonly kind: 'compute'; readonly name: string; readonly ms: number }
  | { readonly kind: 'hop'; readonly name: string; readonly busyMs: number; readonly jitterMs: number };

export interface Flow {
  /** Share of the camera's frames that get through (0..1). */
  readonly passed: number;
  /** The element that cut the rate most; 'none' when all frames pass. */
  readonly bottleneck: string;
  /** Expected wait in compute queues for a frame that gets through. */
  readonly queueMs: number;
}

/** Standard normal points and weights (9-point rule from -3σ to 3σ, weights summing to 1). */
const POINTS = [-3, -2.25, -1.5, -0.75, 0, 0.75, 1.5, 2.25, 3];
const WEIGHTS = (() => {
  const w = POINTS.map((z) => Math.exp((-z * z) / 2));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
})();

/** Mean arrivals a hop takes per frame it passes: E[ceil(S / P)], at least 1. */
export function arrivalsPerPass(busyMs: number, jitterMs: number, periodMs: number): number {
  let sum = 0;
  POINTS.forEach((z, i) => {
    const s = Math.max(0, busyMs + z * jitterMs);
    sum += (WEIGHTS[i] ?? 0) * Math.max(1, Math.ceil(s / periodMs - 1e-9));
  });
  return sum;
}

/** Walk the elements in pipeline order with the period between frames that reach each. */
export function flowThrough(elements: readonly FlowElement[], periodMs: number): Flow {
  let period = periodMs;
  let queueMs = 0;
  let bottleneck = 'none';
  let worst = 1;
  for (const e of elements) {
    const before = period;
    if (e.kind === 'compute') {
      // A full queue of one: the frame waits about half a compute time behind the one in the stage.
      if (e.ms > period) {
        period = e.ms;
        queueMs += e.ms / 2;
      }
    } else period *= arrivalsPerPass(e.busyMs, e.jitterMs, period);
    const cut = period / before;
    if (cut > worst * (1 + 1e-9)) [worst, bottleneck] = [cut, e.name];
  }
  return { passed: Math.min(1, periodMs / period), bottleneck, queueMs };
}
