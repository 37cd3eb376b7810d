/**
 * A site is where a run's stage processes live: how one is started, which
 * address its relay server binds, and what address one stage uses to reach
 * another. The orchestrator (run.ts) talks only to this interface; `local`
 * forks on this machine and `staged` places each stage on its tier of a
 * staging area.
 */
import type { ChildProcess } from 'node:child_process';
import type { PlannedStage } from '../run-plan.js';

/** What a staged run reports about its staging area (null for a local run). */
export interface StagingSummary {
  readonly runId: string;
  readonly infra: string;
  /** Network, delay, bandwidth and CPU fidelity levels, and what they cannot do. */
  readonly fidelity: {
    readonly network: string;
    readonly delay: string;
    readonly bandwidth: string;
    readonly cpu: string;
    readonly notes: readonly string[];
  };
  /** Host cores per production GHz-core. */
  readonly scale: number;
  /** Time ran this many times slower; every figure in the report is converted back. */
  readonly dilation: number;
  /** The camera's frame rate as the staging area ran it (production rate / dilation). */
  readonly cameraFps: number;
  readonly gpuSubstitute: 'cpu' | null;
  readonly placement: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
}

export interface Site {
  /** Time at the site runs this many times slower than production (1: real time). */
  readonly dilation: number;
  /** Start the stage-main process for `stage`, with an IPC channel (stdio fd 3). */
  spawn(stage: PlannedStage): ChildProcess;
  /** The address the stage's relay server binds so that stages on other tiers reach it. */
  bindAddress(stage: PlannedStage): string;
  /** `host:port` that `from` connects to, to reach `to`'s server listening on `port`. */
  address(from: PlannedStage, to: PlannedStage, port: number): Promise<string>;
  /**
   * Called once every stage is ready and wired, just before the camera
   * starts: a staged site puts the tiers' CPU quotas in force here, so that
   * stage start-up (modules, model sessions), which nothing measures, runs
   * at the host's speed.
   */
  beforeStart?(): void;
  /** What the report says about where the run ran (null: locally, in real time). */
  summary(cameraFps: number): StagingSummary | null;
  /**
   * Call `onDeath` with one line (what, pid, where, how) when a helper process
   * the site started for the run (a link emulator) dies while the site is
   * open; returns what stops the watch.
   */
  watchHelpers(onDeath: (what: string) => void): () => void;
  /** Remove everything the site made for the run. Safe to call more than once. */
  close(): Promise<void>;
}

/** Opens a site once the orchestrator owns the run's signals (so a Ctrl-C during setup is handled). */
export type SiteFactory = () => Promise<Site>;
