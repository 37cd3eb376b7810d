/**
 * One run's report as plain data (`couper run --report`): the summary in
 * words, every measured frame on the camera's clock (its latency, or where
 * it was dropped), the stages' mean times and where the run was staged.
 * Built by a pure function from the orchestrator's RunReport.
 */
import { pacedNotes, type PlannedStage, type RunPlan } from '../run/run-plan.js';
import type { RunReport } from '../run/run.js';
import { bytes, modelName, ms, percent } from './format.js';
import { timingRows, type StageRow } from './stages-model.js';

export interface FramePoint {
  readonly frameId: number;
  /** Seconds from the first measured frame's capture. */
  readonly t: number;
  readonly status: 'processed' | 'dropped';
  readonly latencyMs: number | null;
  readonly droppedAt: string | null;
  readonly reason: string | null;
}

export interface RunView {
  readonly title: string;
  readonly sentence: string;
  readonly frames: readonly FramePoint[];
  readonly stages: readonly StageRow[];
  readonly droppedAt: readonly { readonly place: string; readonly frames: number }[];
  readonly cuts: readonly { readonly id: string; readonly bytes: number; readonly tensors: string }[];
  readonly staging: {
    readonly infra: string;
    readonly fidelity: string;
    readonly scale: number;
    readonly dilation: number;
    readonly cameraFps: number;
    readonly gpuSubstitute: string | null;
    readonly notes: readonly string[];
  } | null;
  readonly warmupNote: string;
}

/** What a run's report reads of the orchestrator's RunReport. */
export interface RunInput extends Pick<RunReport, 'summary' | 'frames' | 'staging'> {
  readonly plan: Pick<RunPlan, 'model' | 'cutId' | 'cuts'> &
    Partial<Pick<RunPlan, 'paced'>> & {
      readonly stages: readonly Pick<PlannedStage, 'name' | 'tier'>[];
    };
}

export function runView(report: RunInput): RunView {
  const { plan, summary: s } = report;
  // Not Math.min(...frames): a long run has more frames than a call has room for arguments.
  const start = report.frames.reduce((m, f) => Math.min(m, f.captureMs), Infinity);
  const placement = Object.fromEntries(plan.stages.map((st) => [st.name, st.tier] as const));
  const lat = s.latencyMs;
  const ci = (x: readonly [number, number]): string => ` (95% interval ${ms(x[0])} – ${ms(x[1])})`;
  const latency = lat
    ? `latency mean ${ms(lat.mean)}${ci(lat.meanCi)}, p90 ${ms(lat.p90)}${ci(lat.p90Ci)}`
    : 'no frame processed';
  const st = report.staging;
  return {
    title: `${modelName(plan.model)} split ${plan.cutId}`,
    sentence:
      `${s.framesProduced} frames measured: ${s.framesProcessed} processed, ${s.framesDropped} dropped (${percent(s.dropRate)}, 95% interval ${percent(s.dropRateCi[0])} – ${percent(s.dropRateCi[1])}); ` +
      `${latency}; ${s.fpsIn.toFixed(1)} fps in, ${s.fpsOut.toFixed(1)} fps out.`,
    frames: report.frames.map((f) => ({
      frameId: f.frameId,
      t: (f.captureMs - start) / 1000,
      status: f.status,
      latencyMs: f.latencyMs,
      droppedAt: f.status === 'dropped' ? (f.droppedAt ?? 'in-flight') : null,
      reason: f.reason ?? null,
    })),
    stages: timingRows(s.stages, placement),
    droppedAt: Object.entries(s.droppedAt).map(([place, frames]) => ({ place, frames })),
    cuts: plan.cuts.map((c) => ({
      id: c.id,
      bytes: c.bytes,
      tensors: c.tensors.map((t) => t.name).join(', '),
    })),
    staging: st && {
      infra: st.infra,
      fidelity: `network ${st.fidelity.network}, delay ${st.fidelity.delay}, bandwidth ${st.fidelity.bandwidth}, cpu ${st.fidelity.cpu}`,
      scale: st.scale,
      dilation: st.dilation,
      cameraFps: st.cameraFps,
      gpuSubstitute: st.gpuSubstitute,
      notes: [...st.fidelity.notes, ...st.notes, ...pacedNotes({ paced: plan.paced ?? [] })],
    },
    warmupNote: s.warmup.note,
  };
}

/** '2 cuts: c1234567 (784 KiB), …' for the page's header. */
export function cutsLine(view: RunView): string {
  if (view.cuts.length === 0) return 'whole model in one evaluator';
  return view.cuts.map((c) => `${c.id} (${bytes(c.bytes)} per frame: ${c.tensors})`).join('; ');
}
