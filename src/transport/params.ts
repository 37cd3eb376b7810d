/**
 * Per-frame facts that travel beside the tensors as KServe request
 * parameters, so any v2 server (Triton included) accepts and echoes them.
 */
import { TransportError } from '../core/errors.js';
import { int64 } from '../core/int64.js';
import type { inference } from './gen/kserve.js';

export interface FrameParams {
  /** The camera's frame number. */
  readonly frameId?: number;
  /** When the frame was captured, in milliseconds on the camera's clock. */
  readonly captureMs?: number;
  /** Which cut (split candidate) produced the tensors. */
  readonly cutId?: string;
}

export const PARAM_FRAME_ID = 'frame_id';
export const PARAM_CAPTURE_MS = 'capture_ms';
export const PARAM_CUT_ID = 'cut_id';

export type ParamMap = Record<string, inference.InferParameter.$Properties>;

export function encodeParams(params: FrameParams): ParamMap {
  const map: ParamMap = {};
  if (params.frameId !== undefined) map[PARAM_FRAME_ID] = { int64Param: params.frameId };
  if (params.captureMs !== undefined) {
    // Whole milliseconds go as int64, which every KServe server knows; fractions need Triton's double.
    map[PARAM_CAPTURE_MS] = Number.isInteger(params.captureMs)
      ? { int64Param: params.captureMs }
      : { doubleParam: params.captureMs };
  }
  if (params.cutId !== undefined) map[PARAM_CUT_ID] = { stringParam: params.cutId };
  return map;
}

export function decodeParams(map: ParamMap | null | undefined): FrameParams {
  if (!map) return {};
  const frameId = numberParam(map[PARAM_FRAME_ID], PARAM_FRAME_ID);
  const captureMs = numberParam(map[PARAM_CAPTURE_MS], PARAM_CAPTURE_MS);
  const cut = map[PARAM_CUT_ID];
  const cutId = cut?.stringParam ?? undefined;
  if (cut && cutId === undefined) throw new TransportError(`parameter '${PARAM_CUT_ID}' is not a string`);
  return {
    ...(frameId !== undefined && { frameId }),
    ...(captureMs !== undefined && { captureMs }),
    ...(cutId !== undefined && { cutId }),
  };
}

function numberParam(
  param: inference.InferParameter.$Properties | undefined,
  name: string,
): number | undefined {
  if (!param) return undefined;
  const value = param.int64Param ?? param.doubleParam ?? param.uint64Param;
  if (value === null || value === undefined) throw new TransportError(`parameter '${name}' is not a number`);
  return int64(value, TransportError);
}
