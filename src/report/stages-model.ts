/**
 * Where a run's time goes, stage by stage: the means of queueing, compute,
 * serialisation and transfer over its measured frames, in pipeline order,
 * with the tier each stage ran on.
 */
import type { RunData, TimingData } from './input-schema.js';

export interface StageRow {
  readonly stage: string;
  readonly tier: string;
  readonly queueMs: number;
  readonly computeMs: number;
  readonly serializeMs: number;
  readonly transferMs: number;
  /** Mean bytes the stage sent on per frame. */
  readonly bytes: number;
}

/** The four parts of a stage's time, in the order a frame meets them. */
export const STAGE_PARTS = [
  { key: 'queueMs', label: 'queue' },
  { key: 'computeMs', label: 'compute' },
  { key: 'serializeMs', label: 'serialise' },
  { key: 'transferMs', label: 'transfer' },
] as const;

/** Camera first, then the pipeline's order (transformer, evaluators by index, classifier, the rest by name). */
export function stageOrder(a: string, b: string): number {
  const rank = (s: string): number =>
    s === 'camera' ? 0 : s === 'transformer' ? 1 : s.startsWith('evaluator') ? 2 : s === 'classifier' ? 3 : 4;
  return rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true });
}

export function stageRows(run: Pick<RunData, 'metrics' | 'placement'>): StageRow[] {
  return timingRows(run.metrics?.stages ?? {}, run.placement);
}

export function timingRows(
  stages: Readonly<Record<string, TimingData>>,
  placement: Readonly<Record<string, string>>,
): StageRow[] {
  return Object.keys(stages)
    .sort(stageOrder)
    .map((stage) => {
      const t = stages[stage]!;
      return {
        stage,
        tier: placement[stage] ?? '',
        queueMs: t.queueMs,
        computeMs: t.computeMs,
        serializeMs: t.serializeMs,
        transferMs: t.transferMs,
        bytes: t.bytes,
      };
    });
}
