/**
 * An evaluation's report as plain data, built by a pure function from its
 * results.json and decision.json: the decision in words, the cut profile,
 * every staged run beside the baselines, predictions against measurements,
 * where the chosen run spends its time, the infrastructure and the operator
 * sequence. Charts and HTML are drawn from this and nothing else.
 */
import { topologyOf } from '../evaluate/topology.js';
import { certaintySentence, countsSentence, decisionSentence } from './decision-text.js';
import type { DecisionData, SetupData } from './input-schema.js';
import type { LoadedEvaluation } from './load.js';
import { infraView, type InfraView } from './infra-model.js';
import { stageRows, type StageRow } from './stages-model.js';
import { modelName } from './format.js';
import { predictionRows, runRows, type PredictionRow, type RunRow } from './runs-model.js';

export type { PredictionRow, RunRow } from './runs-model.js';

/** Marked by shape as well as colour (see charts/cut-profile.ts). */
export type CutStatus = 'pruned' | 'not staged' | 'staged' | 'no figures' | 'chosen';

export interface CutPoint {
  readonly id: string;
  readonly headShare: number;
  readonly bytes: number;
  readonly status: CutStatus;
  readonly tensors: string;
}

export interface LinkCapacity {
  readonly between: readonly [string, string];
  readonly mbps: number;
  readonly fps: number;
  /** What the link carries per frame at that rate: mbps · 10⁶ / 8 / fps. */
  readonly bytesPerFrame: number;
}

export interface OperatorCell {
  readonly position: number;
  readonly name: string;
  readonly type: string;
  /** 'whole' when a baseline was chosen: every operator on one tier. */
  readonly side: 'head' | 'tail' | 'whole';
}

export interface EvaluationView {
  readonly title: string;
  readonly model: string;
  readonly infra: string;
  readonly method: string;
  readonly objective: DecisionData['objective'];
  readonly decision: {
    readonly sentence: string;
    readonly counts: string;
    /** Each contender's interval and the extra runs ('' for files written before). */
    readonly certainty: string;
    readonly why: string;
    readonly chosen: DecisionData['chosen'];
    readonly baselines: readonly {
      name: string;
      status: string;
      value: number | null;
      improvement: number | null;
    }[];
  };
  /** Null without the candidate list (results.json written before reports existed). */
  readonly cutProfile: {
    readonly points: readonly CutPoint[];
    readonly capacity: LinkCapacity | null;
    readonly shareBasis: SetupData['shareBasis'];
  } | null;
  readonly runs: readonly RunRow[];
  readonly predictions: readonly PredictionRow[];
  /** The chosen run's per-stage means; null when nothing was chosen. */
  readonly stages: { readonly key: string; readonly rows: readonly StageRow[] } | null;
  readonly infrastructure: InfraView | null;
  readonly operators: { readonly cells: readonly OperatorCell[]; readonly cutKey: string | null } | null;
  /** Why a part of the report is missing, in words. */
  readonly notes: readonly string[];
}

export function evaluationView(ev: LoadedEvaluation): EvaluationView {
  const { results, decision } = ev;
  const setup = results.setup;
  const byKey = new Map(results.runs.map((r) => [r.key, r] as const));
  const chosenRun = decision.chosen ? byKey.get(decision.chosen.key) : undefined;
  const notes: string[] = [];
  if (!setup)
    notes.push(
      'results.json holds no setup (written by an older couper): no cut profile, infrastructure or operator view',
    );
  else if (!setup.operators) notes.push('the model has too many operators for an operator view');
  return {
    title: `${modelName(decision.model)} on ${decision.infra}: ${decision.method}, ${decision.objective}`,
    model: decision.model,
    infra: decision.infra,
    method: decision.method,
    objective: decision.objective,
    decision: {
      sentence: decisionSentence(decision, chosenRun),
      counts: countsSentence(decision),
      certainty: certaintySentence(decision),
      why: decision.why,
      chosen: decision.chosen,
      baselines: Object.entries(decision.baselines).map(([name, b]) => ({ name, ...b })),
    },
    cutProfile: setup ? cutProfile(setup, decision) : null,
    runs: runRows(results, decision),
    predictions: predictionRows(decision),
    stages: chosenRun?.metrics ? { key: chosenRun.key, rows: stageRows(chosenRun) } : null,
    infrastructure: setup ? infraView(setup, results.runs) : null,
    operators: setup?.operators ? operatorCells(setup.operators) : null,
    notes,
  };
}

function cutProfile(setup: SetupData, d: DecisionData): NonNullable<EvaluationView['cutProfile']> {
  const pruned = new Set(d.candidates.pruned.map((p) => p.id));
  const staged = new Set(d.candidates.staged);
  const unusable = new Set(d.candidates.failed.map((f) => f.key));
  const status = (id: string): CutStatus => {
    if (id === d.chosen?.key) return 'chosen';
    if (pruned.has(id)) return 'pruned';
    if (!staged.has(id)) return 'not staged';
    return unusable.has(id) ? 'no figures' : 'staged';
  };
  return {
    points: setup.candidates.map((c) => ({
      id: c.id,
      headShare: c.headShare,
      bytes: c.bytes,
      status: status(c.id),
      tensors: c.tensors.join(', '),
    })),
    capacity: edgeCloudCapacity(setup),
    shareBasis: setup.shareBasis,
  };
}

/** The link a split's cut tensors cross (edge to cloud), at the runs' frame rate. */
export function edgeCloudCapacity(setup: SetupData): LinkCapacity | null {
  const { edge, cloud } = topologyOf(setup.infra);
  const link = setup.infra.links.find(
    (l) =>
      (l.between[0] === edge && l.between[1] === cloud) || (l.between[0] === cloud && l.between[1] === edge),
  );
  if (!link || edge === cloud) return null;
  const fps = setup.settings.fps;
  return { between: [edge, cloud], mbps: link.mbps, fps, bytesPerFrame: (link.mbps * 1e6) / 8 / fps };
}

function operatorCells(view: NonNullable<SetupData['operators']>): EvaluationView['operators'] {
  const head = new Set(view.cut?.head ?? []);
  const sideOf = (position: number): OperatorCell['side'] =>
    view.cut === null ? 'whole' : head.has(position) ? 'head' : 'tail';
  return {
    cells: view.ops.map((op, position) => ({
      position,
      name: op.name,
      type: op.type,
      side: sideOf(position),
    })),
    cutKey: view.cut?.key ?? null,
  };
}
