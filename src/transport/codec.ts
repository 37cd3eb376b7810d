/**
 * ModelInfer messages <-> bytes. The generated encoder writes everything but
 * the tensor bytes; those are appended by hand into one buffer of the exact
 * size, in the layout the generated encoder would use (raw contents are the
 * last field), so a 10 MB tensor is copied once instead of three times.
 * Decoding uses the generated decoder, whose bytes fields are views on `bytes`.
 */
import { inference } from './gen/kserve.js';

const RAW_INPUT_FIELD = 7;
const RAW_OUTPUT_FIELD = 6;

/**
 * Request/response parameter whose string value only pads the message, so that
 * the first tensor's bytes land 8-byte aligned at the receiver and decode as a
 * typed-array view instead of a copy. grpc-js hands a message over 5 bytes into
 * its frame buffer; if a receiver differs, it merely copies.
 */
export const PARAM_ALIGN = 'couper_align';
const RECEIVE_OFFSET = 5;
const ALIGNMENT = 8;

type HeadEncoder<T> = (head: T) => Uint8Array;
type WithParameters = { parameters?: { [k: string]: inference.InferParameter.$Properties } | null };

/** Where a serialised message goes; a sender may hand back a buffer it is done with. */
export type Allocate = (size: number) => Buffer;

export function serializeInferRequest(
  message: inference.ModelInferRequest.$Properties,
  allocate: Allocate = Buffer.allocUnsafe,
): Buffer {
  const { rawInputContents, ...head } = message;
  const encode = (h: typeof head): Uint8Array => inference.ModelInferRequest.encode(h).finish();
  return appendBytesField(
    alignedHead(head, encode, rawInputContents),
    RAW_INPUT_FIELD,
    rawInputContents,
    allocate,
  );
}

export function serializeInferResponse(message: inference.ModelInferResponse.$Properties): Buffer {
  const { rawOutputContents, ...head } = message;
  const encode = (h: typeof head): Uint8Array => inference.ModelInferResponse.encode(h).finish();
  return appendBytesField(
    alignedHead(head, encode, rawOutputContents),
    RAW_OUTPUT_FIELD,
    rawOutputContents,
    Buffer.allocUnsafe,
  );
}

/** The encoded head, padded (when there are tensor bytes worth aligning) so that the first raw contents align. */
function alignedHead<T extends WithParameters>(
  head: T,
  encode: HeadEncoder<T>,
  chunks: readonly Uint8Array[] | null | undefined,
): Uint8Array {
  const first = chunks?.[0];
  if (!first || first.byteLength < 1024) return encode(head);
  const misalignment = (bytes: Uint8Array): number =>
    (RECEIVE_OFFSET + bytes.byteLength + 1 + varintSize(first.byteLength)) % ALIGNMENT;
  const padded = (pad: number): Uint8Array =>
    encode({ ...head, parameters: { ...head.parameters, [PARAM_ALIGN]: { stringParam: ' '.repeat(pad) } } });
  const base = padded(0);
  return padded((ALIGNMENT - misalignment(base)) % ALIGNMENT);
}

export function deserializeInferRequest(bytes: Buffer): inference.ModelInferRequest {
  return inference.ModelInferRequest.decode(bytes);
}

export function deserializeInferResponse(bytes: Buffer): inference.ModelInferResponse {
  return inference.ModelInferResponse.decode(bytes);
}

function appendBytesField(
  head: Uint8Array,
  field: number,
  chunks: readonly Uint8Array[] | null | undefined,
  allocate: Allocate,
): Buffer {
  const tag = (field << 3) | 2; // length-delimited; one byte for fields below 16
  let size = head.byteLength;
  for (const chunk of chunks ?? []) size += 1 + varintSize(chunk.byteLength) + chunk.byteLength;
  const out = allocate(size);
  out.set(head, 0);
  let pos = head.byteLength;
  for (const chunk of chunks ?? []) {
    out[pos++] = tag;
    pos = writeVarint(out, pos, chunk.byteLength);
    out.set(chunk, pos);
    pos += chunk.byteLength;
  }
  return out;
}

function varintSize(value: number): number {
  let size = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 128)) size += 1;
  return size;
}

function writeVarint(out: Buffer, start: number, value: number): number {
  let pos = start;
  let v = value;
  while (v >= 0x80) {
    out[pos++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  out[pos++] = v;
  return pos;
}
