/**
 * A wide MLP whose weights (over 2 GiB) are external data, for timing what
 * Couper reads of a model that large. The weight file is sparse: each
 * tensor's first 4 KiB hold seeded values, the rest is a hole, so the
 * benchmark needs neither 2 GiB of disk nor the time to write it; a reader
 * of the weights would still read 2 GiB (of zeros, from the holes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeModel } from '../src/onnx/model-file.js';
import { DATA_LOCATION_EXTERNAL, toLong, type onnx } from '../src/onnx/proto.js';

const FLOAT = 1;
const SEEDED_BYTES = 4096;

export interface WideMlp {
  readonly file: string;
  readonly weightsFile: string;
  readonly weightsBytes: number;
}

/** `layers` × (MatMul by width² floats, Add bias, Relu), written into `dir`. */
export function writeWideMlp(dir: string, width = 8192, layers = 8): WideMlp {
  const weightsFile = path.join(dir, 'mlp.weights');
  const fd = fs.openSync(weightsFile, 'w');
  let offset = 0;
  const initializer: onnx.TensorProto.$Properties[] = [];
  const nodes: onnx.NodeProto.$Properties[] = [];
  const external = (name: string, dims: number[]): void => {
    const length = dims.reduce((a, b) => a * b, 1) * 4;
    fs.writeSync(fd, seeded(Math.min(length, SEEDED_BYTES), initializer.length + 1), 0, undefined, offset);
    initializer.push({
      name,
      dims: dims.map(toLong),
      dataType: FLOAT,
      dataLocation: DATA_LOCATION_EXTERNAL,
      externalData: [
        { key: 'location', value: 'mlp.weights' },
        { key: 'offset', value: String(offset) },
        { key: 'length', value: String(length) },
      ],
    });
    offset += length;
  };
  let x = 'x';
  for (let i = 0; i < layers; i++) {
    external(`w${i}`, [width, width]);
    external(`b${i}`, [width]);
    nodes.push({ opType: 'MatMul', input: [x, `w${i}`], output: [`mm${i}`], name: `matmul${i}` });
    nodes.push({ opType: 'Add', input: [`mm${i}`, `b${i}`], output: [`add${i}`], name: `add${i}` });
    nodes.push({ opType: 'Relu', input: [`add${i}`], output: [`h${i}`], name: `relu${i}` });
    x = `h${i}`;
  }
  fs.ftruncateSync(fd, offset);
  fs.closeSync(fd);
  const file = path.join(dir, 'mlp.onnx');
  const io = (name: string) => ({
    name,
    type: {
      tensorType: { elemType: FLOAT, shape: { dim: [{ dimValue: toLong(1) }, { dimValue: toLong(width) }] } },
    },
  });
  writeModel(file, {
    irVersion: toLong(8),
    opsetImport: [{ domain: '', version: toLong(17) }],
    producerName: 'couper-bench',
    graph: { name: 'wide-mlp', input: [io('x')], output: [io(x)], initializer, node: nodes },
  });
  return { file, weightsFile, weightsBytes: offset };
}

/** Bytes from a xorshift32 stream: the same on every machine. */
function seeded(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s & 0xff;
  }
  return out;
}
