/**
 * What the orchestrator and a stage process say to each other over the IPC
 * channel (control only: frames travel over the relays). Every value here is
 * plain JSON, as child_process IPC carries it.
 */
import type { Fp16Error } from '../core/half.js';
import type { SourceSpec } from './frame-source.js';
import type { ModelProfile } from './profile.js';

export type StageRole = 'camera' | 'transformer' | 'evaluator' | 'classifier';

/** Name of the string tensor that carries a frame's result (JSON) back to the camera. */
export const RESULT_TENSOR = 'result';

/** Why a frame did not go on: the next queue was full, the hop was busy, the peer was down … */
export type DropReason = 'full' | 'busy' | 'unavailable' | 'deadline' | 'error' | 'in-flight';

export const DROP_REASONS: readonly DropReason[] = [
  'full',
  'busy',
  'unavailable',
  'deadline',
  'error',
  'in-flight',
];

/** What one stage measured for one frame (absent fields: not this stage's concern). */
export interface StageRecord {
  readonly frameId: number;
  /** From arriving at this stage's queue to its worker taking it. */
  readonly queueMs: number;
  readonly computeMs: number;
  /** Paced evaluators: the compute itself, before the hold (computeMs includes the hold). */
  readonly workMs?: number;
  /** Encoding the outgoing tensors (0 when the frame was not sent on). */
  readonly serializeMs: number;
  /** Hand-off call to the next stage: request out, the next stage's ack back. */
  readonly transferMs: number;
  /** Request bytes sent on the link to the next stage. */
  readonly bytes: number;
}

export interface DropRecord {
  readonly frameId: number;
  readonly reason: DropReason;
  readonly message: string;
}

/** A result that came back to the camera. */
export interface ResultRecord {
  readonly frameId: number;
  /** The camera's clock, when the result arrived (same clock as captureMs). */
  readonly resultMs: number;
  readonly result: Readonly<Record<string, unknown>>;
}

/** A frame the camera emitted. */
export interface CaptureRecord {
  readonly frameId: number;
  /** The n-th frame taken from the source (0, 1, …): reproduces the frame's pixels. */
  readonly sourceIndex: number;
  readonly captureMs: number;
  readonly warmup: boolean;
}

export interface StageStats {
  readonly stage: string;
  readonly records: readonly StageRecord[];
  readonly drops: readonly DropRecord[];
  /** Camera only. */
  readonly captures?: readonly CaptureRecord[];
  readonly results?: readonly ResultRecord[];
  readonly late?: number;
  readonly fps?: number;
  /** Senders with the fp16 encoding: the largest error it caused on this stage's outgoing tensors. */
  readonly fp16?: Fp16Error;
}

/** How long a stage may take to stop and report, in undilated time. */
export const STAGE_STOP_MS = 5000;

/** Everything a stage process needs, decided by the run plan. */
export interface StageConfig {
  readonly name: string;
  readonly role: StageRole;
  readonly queueCapacity: number;
  readonly maxInFlight: number;
  readonly deadlineMs: number;
  readonly maxMessageBytes: number;
  /** Encoding of the tensors this stage sends on. */
  readonly encoding: 'raw' | 'fp16';
  /** Test and experiment knob: extra milliseconds of (idle) compute per frame. */
  readonly delayMs: number;
  /** Paced evaluators: hold each result until this many (dilated) milliseconds after its compute began. */
  readonly paceMs?: number;
  /**
   * How long the stage may take to stop and report before it ends itself
   * (default STAGE_STOP_MS). Longer on a dilated staging area, where the work
   * still in flight and the links it waits on run that much slower.
   */
  readonly stopTimeoutMs?: number;
  readonly cutId: string;
  /** The address the stage's relay server binds (default 127.0.0.1; 0.0.0.0 inside a tier's namespace). */
  readonly bindAddress?: string;
  /** The port the relay server binds (default: a free one; a published pod's is fixed). */
  readonly port?: number;
  /**
   * Answer ServerReady only once connected to the next stage, so readiness
   * runs back along the chain and a sender that waits for it knows the whole
   * chain behind it is up. Published stages (which start in any order) set it;
   * `couper run` connects stages itself and leaves it off.
   */
  readonly readyWhenConnected?: boolean;
  readonly camera?: CameraConfig;
  readonly transformer?: {
    readonly profile: ModelProfile;
    readonly inputName: string;
    readonly width: number;
    readonly height: number;
  };
  readonly evaluator?: {
    readonly file: string;
    readonly inputs: readonly string[];
    readonly outputs: readonly string[];
    readonly threads: number;
    /** The onnxruntime execution provider the part runs on. */
    readonly executionProvider: string;
  };
  readonly classifier?: { readonly profile: ModelProfile };
}

export interface CameraConfig {
  readonly source: SourceSpec;
  readonly fps: number | null;
  /** Frames to emit in all (warm-up included). */
  readonly frames: number | null;
  readonly warmup: number;
}

/** Orchestrator → stage. */
export type ToStage =
  | { readonly type: 'config'; readonly config: StageConfig }
  | { readonly type: 'connect'; readonly next: string | null }
  | { readonly type: 'start' }
  | { readonly type: 'status' }
  | { readonly type: 'stop' };

export interface StageStatus {
  /** Frames this stage dropped so far (all, warm-up included). */
  readonly dropped: number;
  /** Camera only: frames emitted and results received so far. */
  readonly emitted?: number;
  readonly results?: number;
  /** Camera only: the camera has stopped emitting. */
  readonly finished?: boolean;
}

/** Stage → orchestrator. */
export type FromStage =
  | { readonly type: 'ready'; readonly port: number | null }
  | { readonly type: 'connected' }
  | { readonly type: 'status'; readonly status: StageStatus }
  | { readonly type: 'stats'; readonly stats: StageStats }
  | { readonly type: 'error'; readonly name: string; readonly message: string };
