/**
 * A synthetic model with a chosen number of operators, for timing the
 * candidate algorithms at a size none of the shared models reach (the paper
 * quotes NASNet at 1,265 operators). Residual blocks with a long skip every
 * few blocks, like the FPN/U-Net shapes that make cuts interesting.
 */
import { onnx } from '../src/onnx/proto.js';

const FLOAT = 1;

function value(name: string, dims: number[]): onnx.ValueInfoProto.$Properties {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
  };
}

/** About `operators` compute operators (rounded to whole blocks of 3). */
export function syntheticModel(operators: number): onnx.ModelProto.$Properties {
  const dims = [1, 8, 8, 8];
  const nodes: onnx.NodeProto.$Properties[] = [];
  let x = 'input';
  let skip = 'input';
  const blocks = Math.floor(operators / 3);
  for (let b = 0; b < blocks; b++) {
    const a = `b${b}_relu`;
    const m = `b${b}_mul`;
    const y = `b${b}_out`;
    nodes.push({ opType: 'Relu', input: [x], output: [a], name: `relu${b}` });
    nodes.push({ opType: 'Mul', input: [a, 'scale'], output: [m], name: `mul${b}` });
    // Every tenth block also adds the output of ten blocks back: a long skip.
    const addend = b % 10 === 9 ? skip : x;
    nodes.push({ opType: 'Add', input: [addend, m], output: [y], name: `add${b}` });
    if (b % 10 === 9) skip = y;
    x = y;
  }
  const scale = { name: 'scale', dims: [1], dataType: FLOAT, floatData: [0.5] };
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'couper-bench',
    graph: {
      name: 'synthetic',
      node: nodes,
      initializer: [scale],
      input: [value('input', dims)],
      output: [value(x, dims)],
    },
  };
}
