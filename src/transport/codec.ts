/**
 * ModelInfer messages <-> bytes. The generated encoder writes everything but
 * the tensor bytes; those are appended by hand into one buffer of the exact
 * size, in the layout the generated encoder would use (raw contents are the
 * last field), so a 10 MB tensor is copied once instead of three times.
 * Decoding uses the generated decoder, whose bytes fields are views on `bytes`.
 * Stream responses (Triton's ModelStreamInferResponse) wrap the same layout.
 */
import protobuf from 'protobufjs/minimal.js';
import { inference } from './gen/kserve.js';

const { Reader } = protobuf;

const RAW_INPUT_FIELD = 7;
const RAW_OUTPUT_FIELD = 6;
/** Triton's ModelStreamInferResponse: { string error_message = 1; ModelInferResponse infer_response = 2; } */
const STREAM_ERROR_FIELD = 1;
const STREAM_RESPONSE_FIELD = 2;

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
  allocate: Allocate = (size) => Buffer.allocUnsafe(size),
): Buffer {
  const { rawInputContents, ...head } = message;
  const encode = (h: typeof head): Uint8Array => inference.ModelInferRequest.encode(h).finish();
  const bytes = alignedHead(head, encode, rawInputContents, 0);
  return appendBytesField(bytes, RAW_INPUT_FIELD, rawInputContents, allocate, 0);
}

/** Tensors below this size are copied in with the head pieces: a write of its own costs more than the copy. */
const COPY_BELOW = 16 * 1024;

/**
 * The bytes serializeInferRequest would produce, as pieces for one writev: the encoded head and
 * each tensor's field header in small buffers of their own, the tensor bytes (from 16 KB up) as
 * views on the caller's memory, not copies. The caller must leave that memory unchanged until
 * the pieces are written.
 */
export function inferRequestPieces(message: inference.ModelInferRequest.$Properties): Buffer[] {
  const { rawInputContents, ...head } = message;
  const encode = (h: typeof head): Uint8Array => inference.ModelInferRequest.encode(h).finish();
  const pieces: Buffer[] = [];
  let small: Uint8Array[] = [alignedHead(head, encode, rawInputContents, 0)];
  for (const chunk of rawInputContents ?? []) {
    const header = Buffer.allocUnsafe(1 + varintSize(chunk.byteLength));
    header[0] = (RAW_INPUT_FIELD << 3) | 2;
    writeVarint(header, 1, chunk.byteLength);
    small.push(header);
    if (chunk.byteLength < COPY_BELOW) small.push(chunk);
    else {
      pieces.push(Buffer.concat(small), Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      small = [];
    }
  }
  if (small.length > 0) pieces.push(Buffer.concat(small));
  return pieces;
}

export function serializeInferResponse(message: inference.ModelInferResponse.$Properties): Buffer {
  return serializeResponse(message, 0);
}

/**
 * A ModelStreamInferResponse carrying `message` as its infer_response, written in the
 * same single pass (and aligned for the receiver) as a unary response.
 */
export function serializeStreamResponse(
  message: inference.ModelInferResponse.$Properties,
  allocate?: Allocate,
): Buffer {
  return serializeResponse(message, STREAM_RESPONSE_FIELD, allocate);
}

/** A ModelStreamInferResponse reporting a failed request; `head` says which (id, parameters). */
export function serializeStreamError(
  errorMessage: string,
  head: inference.ModelInferResponse.$Properties,
): Buffer {
  const inner = inference.ModelInferResponse.encode(head).finish();
  const text = Buffer.from(errorMessage, 'utf8');
  const out = Buffer.allocUnsafe(fieldSize(text.byteLength) + fieldSize(inner.byteLength));
  const pos = writeField(out, 0, STREAM_ERROR_FIELD, text);
  writeField(out, pos, STREAM_RESPONSE_FIELD, inner);
  return out;
}

export interface StreamResponse {
  /** Empty when the request succeeded. */
  readonly errorMessage: string;
  /** The serialised ModelInferResponse (a view on the received bytes); absent if the peer sent none. */
  readonly response?: Buffer;
}

/** Splits a ModelStreamInferResponse into its two fields without copying the inner message. */
export function deserializeStreamResponse(bytes: Buffer): StreamResponse {
  const reader = Reader.create(bytes);
  let errorMessage = '';
  let response: Buffer | undefined;
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === ((STREAM_ERROR_FIELD << 3) | 2)) errorMessage = reader.string();
    else if (tag === ((STREAM_RESPONSE_FIELD << 3) | 2)) {
      const length = reader.uint32();
      if (reader.pos + length > reader.len)
        throw new RangeError(`stream response field of ${length} bytes is cut short`);
      response = bytes.subarray(reader.pos, reader.pos + length);
      reader.skip(length);
    } else reader.skipType(tag & 7);
  }
  return { errorMessage, ...(response && { response }) };
}

/** `wrap`: 0 for a bare ModelInferResponse, else the field number that wraps it in a stream response. */
function serializeResponse(
  message: inference.ModelInferResponse.$Properties,
  wrap: number,
  allocate: Allocate = (size) => Buffer.allocUnsafe(size),
): Buffer {
  const { rawOutputContents, ...head } = message;
  const encode = (h: typeof head): Uint8Array => inference.ModelInferResponse.encode(h).finish();
  const bytes = alignedHead(head, encode, rawOutputContents, wrap);
  return appendBytesField(bytes, RAW_OUTPUT_FIELD, rawOutputContents, allocate, wrap);
}

/**
 * The encoded head, padded (when there are tensor bytes worth aligning) so that the first raw
 * contents align at the receiver, behind the wrapper's tag and length when `wrap` is set.
 */
function alignedHead<T extends WithParameters>(
  head: T,
  encode: HeadEncoder<T>,
  chunks: readonly Uint8Array[] | null | undefined,
  wrap: number,
): Uint8Array {
  const first = chunks?.[0];
  if (!first || first.byteLength < 1024) return encode(head);
  const padded = (pad: number): Uint8Array =>
    encode({ ...head, parameters: { ...head.parameters, [PARAM_ALIGN]: { stringParam: ' '.repeat(pad) } } });
  const base = padded(0);
  // The wrapper's length may grow by a byte with the padding; then the receiver merely copies.
  const prefix =
    wrap === 0 ? 0 : fieldSize(base.byteLength + chunksSize(chunks)) - base.byteLength - chunksSize(chunks);
  const misalignment =
    (RECEIVE_OFFSET + prefix + base.byteLength + 1 + varintSize(first.byteLength)) % ALIGNMENT;
  return padded((ALIGNMENT - misalignment) % ALIGNMENT);
}

export function deserializeInferRequest(bytes: Buffer): inference.ModelInferRequest {
  return inference.ModelInferRequest.decode(bytes);
}

export function deserializeInferResponse(bytes: Buffer): inference.ModelInferResponse {
  return inference.ModelInferResponse.decode(bytes);
}

function chunksSize(chunks: readonly Uint8Array[] | null | undefined): number {
  let size = 0;
  for (const chunk of chunks ?? []) size += fieldSize(chunk.byteLength);
  return size;
}

/** Bytes of a length-delimited field with a one-byte tag (field numbers below 16). */
function fieldSize(length: number): number {
  return 1 + varintSize(length) + length;
}

function writeField(out: Buffer, start: number, field: number, bytes: Uint8Array): number {
  out[start] = (field << 3) | 2;
  const pos = writeVarint(out, start + 1, bytes.byteLength);
  out.set(bytes, pos);
  return pos + bytes.byteLength;
}

/** `head` followed by one `field` per chunk, in one buffer; wrapped whole in field `wrap` unless it is 0. */
function appendBytesField(
  head: Uint8Array,
  field: number,
  chunks: readonly Uint8Array[] | null | undefined,
  allocate: Allocate,
  wrap: number,
): Buffer {
  const size = head.byteLength + chunksSize(chunks);
  const out = allocate(wrap === 0 ? size : fieldSize(size));
  let pos = 0;
  if (wrap !== 0) {
    out[pos++] = (wrap << 3) | 2;
    pos = writeVarint(out, pos, size);
  }
  out.set(head, pos);
  pos += head.byteLength;
  for (const chunk of chunks ?? []) pos = writeField(out, pos, field, chunk);
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
