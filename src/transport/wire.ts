/**
 * TensorMap <-> KServe v2 ModelInfer request/response messages. Tensor bytes
 * go in raw_input_contents / raw_output_contents; frame facts go in the
 * request parameters (params.ts). Decoding checks everything a peer could get
 * wrong and throws TransportError, which the server answers as INVALID_ARGUMENT.
 */
import { TransportError } from '../core/errors.js';
import { float16ToFloat32, float32ToFloat16 } from '../core/half.js';
import { int64 } from '../core/int64.js';
import type { HostTensor, TensorMap } from '../runtime/runtime.js';
import { dtypeOfDatatype, kserveDatatype } from './datatype.js';
import type { inference } from './gen/kserve.js';
import { decodeParams, encodeParams, type FrameParams, type ParamMap } from './params.js';
import { tensorFromBytes, tensorToBytes } from './tensor-bytes.js';
import { tensorFromContents } from './typed-contents.js';

/** How float32 cut tensors travel: as they are, or as IEEE half (half the bytes, ~3 decimal digits). */
export type CutEncoding = 'raw' | 'fp16';
export const CUT_ENCODINGS: readonly CutEncoding[] = ['raw', 'fp16'];

/** Tensor parameter naming the datatype a tensor had before an fp16 encoding. */
export const PARAM_SOURCE_DATATYPE = 'source_datatype';

export interface EncodeOptions {
  readonly encoding?: CutEncoding;
  readonly modelName?: string;
  readonly id?: string;
}

/** A request or response after decoding: tensors with their original dtypes restored. */
export interface DecodedInfer {
  readonly id: string;
  readonly modelName: string;
  readonly tensors: TensorMap;
  readonly params: FrameParams;
  /** The outputs a request asks for (KServe's `outputs`); absent when it asks for all. */
  readonly outputs?: readonly string[];
  /**
   * Present on a request the relay server received into a pooled buffer (buffer-pool.ts):
   * gives that buffer back for reuse. The tensors are views on it, so call it only once
   * nothing reads them any more (after compute, or when the frame is dropped); never calling
   * it is safe (the buffer is garbage-collected, never reused). Later calls do nothing.
   */
  readonly release?: () => void;
}

type TensorMeta = inference.ModelInferRequest.InferInputTensor.$Properties;

interface WireTensors {
  readonly metas: TensorMeta[];
  readonly raws: Uint8Array[];
}

function encodeTensors(tensors: TensorMap, encoding: CutEncoding, side: string): WireTensors {
  const metas: TensorMeta[] = [];
  const raws: Uint8Array[] = [];
  for (const [name, tensor] of Object.entries(tensors)) {
    const where = `${side} tensor '${name}'`;
    const halve = encoding === 'fp16' && tensor.dtype === 'float32';
    const sent: HostTensor = halve
      ? { dtype: 'float16', shape: tensor.shape, data: float32ToFloat16(tensor.data) }
      : tensor;
    raws.push(tensorToBytes(sent, where));
    metas.push({
      name,
      datatype: kserveDatatype(sent.dtype),
      shape: [...sent.shape],
      ...(halve && { parameters: { [PARAM_SOURCE_DATATYPE]: { stringParam: 'FP32' } } }),
    });
  }
  return { metas, raws };
}

function decodeTensors(metas: readonly TensorMeta[], raws: readonly Uint8Array[], side: string): TensorMap {
  // A response may be empty (a sink stage answers with nothing); a request without tensors is a mistake.
  if (metas.length === 0 && side === 'request') throw new TransportError(`${side} has no tensors`);
  // The protocol: raw contents for every tensor, or for none (each then has typed contents).
  if (raws.length !== metas.length && raws.length !== 0) {
    throw new TransportError(`${side} has ${metas.length} tensors but ${raws.length} raw contents`);
  }
  const tensors: TensorMap = {};
  metas.forEach((meta, i) => {
    const name = meta.name ?? '';
    const where = `${side} tensor '${name}'`;
    if (name in tensors) throw new TransportError(`${where} appears twice`);
    const dtype = dtypeOfDatatype(meta.datatype ?? '', where);
    const shape = (meta.shape ?? []).map((d) => int64(d, TransportError));
    const raw = raws[i];
    if (raw && meta.contents) throw new TransportError(`${where} has both raw and typed contents`);
    const tensor = raw
      ? tensorFromBytes(dtype, shape, raw, where)
      : tensorFromContents(dtype, shape, meta.contents ?? {}, where);
    tensors[name] = restoreSource(tensor, meta.parameters?.[PARAM_SOURCE_DATATYPE]?.stringParam, where);
  });
  return tensors;
}

function restoreSource(tensor: HostTensor, source: string | null | undefined, where: string): HostTensor {
  if (source === null || source === undefined) return tensor;
  if (source === 'FP32' && tensor.dtype === 'float16') {
    return { dtype: 'float32', shape: tensor.shape, data: float16ToFloat32(tensor.data) };
  }
  throw new TransportError(`${where} has ${PARAM_SOURCE_DATATYPE} '${source}' for a ${tensor.dtype} tensor`);
}

export function encodeInferRequest(
  tensors: TensorMap,
  params: FrameParams,
  options: EncodeOptions = {},
): inference.ModelInferRequest.$Properties {
  const { metas, raws, ...head } = encodeMessage(tensors, params, options, 'request');
  return { ...head, inputs: metas, rawInputContents: raws };
}

export function decodeInferRequest(message: inference.ModelInferRequest.$Properties): DecodedInfer {
  const decoded = decodeMessage(message, message.inputs, message.rawInputContents, 'request');
  const outputs = (message.outputs ?? []).map((o) => o.name ?? '');
  return outputs.length > 0 ? { ...decoded, outputs } : decoded;
}

export function encodeInferResponse(
  tensors: TensorMap,
  params: FrameParams,
  options: EncodeOptions = {},
): inference.ModelInferResponse.$Properties {
  const { metas, raws, ...head } = encodeMessage(tensors, params, options, 'response');
  return { ...head, outputs: metas, rawOutputContents: raws };
}

export function decodeInferResponse(message: inference.ModelInferResponse.$Properties): DecodedInfer {
  return decodeMessage(message, message.outputs, message.rawOutputContents, 'response');
}

/** What requests and responses share besides their tensors. */
interface MessageHead {
  readonly modelName?: string | null;
  readonly id?: string | null;
  readonly parameters?: ParamMap | null;
}

function encodeMessage(
  tensors: TensorMap,
  params: FrameParams,
  options: EncodeOptions,
  side: 'request' | 'response',
): WireTensors & { modelName: string; id: string; parameters: ParamMap } {
  return {
    modelName: options.modelName ?? '',
    id: options.id ?? '',
    parameters: encodeParams(params),
    ...encodeTensors(tensors, options.encoding ?? 'raw', side),
  };
}

function decodeMessage(
  message: MessageHead,
  metas: readonly TensorMeta[] | null | undefined,
  raws: readonly Uint8Array[] | null | undefined,
  side: 'request' | 'response',
): DecodedInfer {
  return {
    id: message.id ?? '',
    modelName: message.modelName ?? '',
    params: decodeParams(message.parameters),
    tensors: decodeTensors(metas ?? [], raws ?? [], side),
  };
}
