/**
 * Writing a model file without building its bytes in memory first.
 *
 * protobufjs 8 encodes into one growing buffer, moves a nested message's
 * bytes each time its length prefix needs another byte, and copies the whole
 * out at the end: a 500 MB part peaks near 2 GB and takes seconds. Here the
 * model is cut into segments at the messages that can hold weights (graph,
 * node, attribute, tensor): a tensor's raw_data is written from where it
 * already is (a view of the file it was read from) and only the small fields
 * around it are encoded. The bytes are the ones onnx.ModelProto.encode gives,
 * fields in number order (tests hold them equal).
 */
import fs from 'node:fs';
import { onnx } from './proto.js';

type Segments = Uint8Array[];

/** How a message is written: its encoder, its fields in number order, and which of them are cut out. */
interface Layout {
  readonly encode: (m: object) => Uint8Array;
  readonly fields: readonly (readonly [key: string, id: number])[];
  /** Fields written as segments of their own (messages, or raw bytes), each value one length-delimited field. */
  readonly children: Readonly<Record<string, (value: never) => Segments>>;
}

/** Raw data below this is encoded with its tensor: cutting it out would only add segments. */
const SMALL_BYTES = 64 * 1024;
/** Small segments are gathered into writes of about this size. */
const WRITE_CHUNK = 1 << 20;

const TENSOR: Layout = {
  encode: (m) => onnx.TensorProto.encode(m).finish(),
  fields: ids(
    'dims dataType segment floatData int32Data stringData int64Data name rawData doubleData uint64Data docString externalData dataLocation',
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
    [['metadataProps', 16]],
  ),
  children: { rawData: (raw: Uint8Array) => [raw] },
};

const ATTRIBUTE: Layout = {
  encode: (m) => onnx.AttributeProto.encode(m).finish(),
  fields: ids(
    'name f i s t g floats ints strings tensors graphs',
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    [
      ['docString', 13],
      ['tp', 14],
      ['typeProtos', 15],
      ['type', 20],
      ['refAttrName', 21],
      ['sparseTensor', 22],
      ['sparseTensors', 23],
    ],
  ),
  children: { t: tensorSegments, g: graphSegments, tensors: tensorSegments, graphs: graphSegments },
};

const NODE: Layout = {
  encode: (m) => onnx.NodeProto.encode(m).finish(),
  fields: ids(
    'input output name opType attribute docString domain overload metadataProps',
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
  ),
  children: { attribute: (a: object) => segmentsOf(a, ATTRIBUTE) },
};

const GRAPH: Layout = {
  encode: (m) => onnx.GraphProto.encode(m).finish(),
  fields: ids(
    'node name initializer docString input output valueInfo quantizationAnnotation sparseInitializer metadataProps',
    [1, 2, 5, 10, 11, 12, 13, 14, 15, 16],
  ),
  children: { node: (n: object) => segmentsOf(n, NODE), initializer: tensorSegments },
};

const MODEL: Layout = {
  encode: (m) => onnx.ModelProto.encode(m).finish(),
  fields: ids(
    'irVersion producerName producerVersion domain modelVersion docString graph opsetImport metadataProps trainingInfo functions',
    [1, 2, 3, 4, 5, 6, 7, 8, 14, 20, 25],
  ),
  children: { graph: graphSegments },
};

function ids(
  names: string,
  numbers: readonly number[],
  more: readonly (readonly [string, number])[] = [],
): (readonly [string, number])[] {
  return [...names.split(' ').map((k, i) => [k, numbers[i]!] as const), ...more];
}

function tensorSegments(t: onnx.TensorProto.$Properties): Segments {
  return (t.rawData?.length ?? 0) < SMALL_BYTES ? [TENSOR.encode(t)] : segmentsOf(t, TENSOR);
}

function graphSegments(g: object): Segments {
  return segmentsOf(g, GRAPH);
}

/**
 * The encoding of `m` as segments: runs of plain fields encoded together,
 * each child field as its header and its own segments. A message with fields
 * this schema does not know ($unknowns, written last) is encoded whole.
 */
function segmentsOf(m: object, layout: Layout): Segments {
  const record = m as Record<string, unknown>;
  if ((record.$unknowns as unknown[] | undefined)?.length) return [layout.encode(m)];
  const out: Segments = [];
  let plain: Record<string, unknown> = {};
  const flush = (): void => {
    if (Object.keys(plain).length > 0) out.push(layout.encode(plain));
    plain = {};
  };
  for (const [key, id] of layout.fields) {
    // The generated encoder writes own properties only; repeated fields left on the prototype are empty.
    if (!Object.prototype.hasOwnProperty.call(m, key) || record[key] == null) continue;
    const child = layout.children[key] as ((v: unknown) => Segments) | undefined;
    if (!child) {
      plain[key] = record[key];
      continue;
    }
    flush();
    const values = Array.isArray(record[key]) ? (record[key] as unknown[]) : [record[key]];
    for (const v of values) {
      const segments = child(v);
      out.push(header(id, total(segments)), ...segments);
    }
  }
  flush();
  return out;
}

function total(segments: Segments): number {
  return segments.reduce((sum, s) => sum + s.length, 0);
}

/** A length-delimited field's tag and length, as varints. */
function header(id: number, length: number): Uint8Array {
  const bytes: number[] = [];
  for (const v of [id * 8 + 2, length]) {
    let x = v;
    while (x >= 0x80) {
      bytes.push((x % 0x80) | 0x80);
      x = Math.floor(x / 0x80);
    }
    bytes.push(x);
  }
  return Uint8Array.from(bytes);
}

/** Write `model` to `file`; returns the bytes written. */
export function writeModelFile(file: string, model: onnx.ModelProto.$Properties): number {
  const segments = segmentsOf(model, MODEL);
  const fd = fs.openSync(file, 'w');
  try {
    const chunk = Buffer.allocUnsafe(WRITE_CHUNK);
    let used = 0;
    const flush = (): void => {
      if (used > 0) writeAll(fd, chunk.subarray(0, used));
      used = 0;
    };
    for (const s of segments) {
      if (s.length > WRITE_CHUNK - used) flush();
      if (s.length >= WRITE_CHUNK) writeAll(fd, s);
      else {
        chunk.set(s, used);
        used += s.length;
      }
    }
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return total(segments);
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += fs.writeSync(fd, bytes, done, bytes.length - done);
}
