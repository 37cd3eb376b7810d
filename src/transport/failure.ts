/**
 * Why a frame did not make the hop, and how gRPC statuses and stream error
 * replies map onto it. Shared by the unary and the stream path of the client.
 */
import * as grpc from '@grpc/grpc-js';
import { TransportError } from '../core/errors.js';

/** Why a frame did not make the hop; the pipeline counts every one as a drop. */
export type InferFailure = 'busy' | 'deadline' | 'unavailable' | 'rejected' | 'invalid' | 'failed';

const INFER_FAILURES: readonly InferFailure[] = [
  'busy',
  'deadline',
  'unavailable',
  'rejected',
  'invalid',
  'failed',
];

/**
 * Response parameter by which our server says what kind of failure a stream error reply is
 * (a stream reply has only a message, no status code). Other servers' errors count as 'failed'.
 */
export const PARAM_FAILURE = 'couper_failure';

const STATUS_FAILURES = new Map<grpc.status, InferFailure>([
  [grpc.status.DEADLINE_EXCEEDED, 'deadline'],
  [grpc.status.UNAVAILABLE, 'unavailable'],
  [grpc.status.RESOURCE_EXHAUSTED, 'rejected'],
  [grpc.status.INVALID_ARGUMENT, 'invalid'],
]);

export function failureOfStatus(code: grpc.status | undefined, otherwise: InferFailure): InferFailure {
  return (code !== undefined && STATUS_FAILURES.get(code)) || otherwise;
}

export function failureOfParam(value: string | null | undefined): InferFailure {
  return INFER_FAILURES.find((f) => f === value) ?? 'failed';
}

/** A call that ended in one of the failures above. */
export class CallFailed extends TransportError {
  constructor(
    readonly failure: InferFailure,
    message: string,
  ) {
    super(message);
  }
}

/** The peer does not offer ModelStreamInfer (a plain KServe server); the request was never handled. */
export class StreamUnsupported extends TransportError {}
