/** Tests of building the dataflow graph from an ONNX graph: constants, control flow, errors. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ModelError } from '../core/errors.js';
import { chainModel, floatTensor, model, node, valueInfo } from '../../test/helpers/build-model.js';
import { throwsNamed } from '../../test/helpers/errors.js';
import { onnx, type GraphProto } from '../onnx/proto.js';
import { buildModelGraph } from './model-graph.js';

const BOOL = onnx.TensorProto.DataType.BOOL;
const GRAPH = onnx.AttributeProto.AttributeType.GRAPH;

function branch(name: string, graph: GraphProto): onnx.AttributeProto.$Properties {
  return { name, type: GRAPH, g: { name, ...graph } };
}

/**
 * x -> Relu -> h; If(c): then = Add(h, inner If reading x), else = Mul(h, k).
 * The If reads h, x (dataflow) and k (a weight) from the outer scope.
 */
function ifModel(): onnx.ModelProto {
  const innerIf = node('If', ['c'], ['xi'], {
    attribute: [
      branch('then_branch', { node: [node('Identity', ['x'], ['xt'])], output: [valueInfo('xt', [4])] }),
      branch('else_branch', { node: [node('Neg', ['x'], ['xe'])], output: [valueInfo('xe', [4])] }),
    ],
  });
  const outerIf = node('If', ['c'], ['y'], {
    attribute: [
      branch('then_branch', {
        node: [innerIf, node('Add', ['h', 'xi'], ['t'])],
        output: [valueInfo('t', [4])],
      }),
      branch('else_branch', { node: [node('Mul', ['h', 'k'], ['e'])], output: [valueInfo('e', [4])] }),
    ],
  });
  return model({
    input: [valueInfo('x', [4]), valueInfo('c', [], BOOL)],
    output: [valueInfo('y', [4])],
    initializer: [floatTensor('k', [1, 2, 3, 4])],
    node: [node('Relu', ['x'], ['h']), outerIf],
  });
}

describe('buildModelGraph', () => {
  test('a chain becomes one dataflow op per node', () => {
    const { graph } = buildModelGraph(chainModel());
    assert.deepEqual(
      graph.ops.map((op) => [op.opType, op.inputs, op.outputs]),
      [
        ['Relu', ['x'], ['h']],
        ['Neg', ['h'], ['y']],
      ],
    );
    assert.deepEqual([graph.inputs, graph.outputs], [['x'], ['y']]);
  });

  test('weights, Constant nodes and what only they feed are not dataflow', () => {
    const m = model({
      input: [valueInfo('x', [1])],
      output: [valueInfo('y', [1])],
      initializer: [floatTensor('k', [2])],
      node: [
        node('Constant', [], ['c'], { attribute: [{ name: 'value', type: 4, t: floatTensor('c', [3]) }] }),
        node('Add', ['c', 'k'], ['ck']),
        node('Add', ['x', 'ck'], ['y']),
      ],
    });
    const mg = buildModelGraph(m);
    assert.deepEqual(
      mg.graph.ops.map((op) => op.inputs),
      [['x']],
    );
    assert.deepEqual(mg.nodeIndex, [2]);
    assert.deepEqual(mg.constantNodes, [0, 1]);
    assert.deepEqual([...mg.constants].sort(), ['c', 'ck', 'k']);
  });

  test('an If lists the outer tensors its branches read, nested ones included, as inputs', () => {
    const { graph } = buildModelGraph(ifModel());
    const ifOp = graph.ops.find((op) => op.opType === 'If');
    assert.ok(ifOp);
    // k is a weight, so not dataflow; t, e, xi are the branches' own tensors.
    assert.deepEqual([...ifOp.inputs].sort(), ['c', 'h', 'x']);
    assert.deepEqual(graph.consumers.get('h'), [ifOp.index]);
    assert.deepEqual(graph.consumers.get('x')?.length, 2);
  });

  test('a cycle is a ModelError naming its nodes', () => {
    const m = model({
      input: [valueInfo('x')],
      output: [valueInfo('a')],
      node: [node('Add', ['x', 'b'], ['a']), node('Neg', ['a'], ['b'])],
    });
    throwsNamed(() => buildModelGraph(m), ModelError, /the graph has a cycle through nodes 'Add_a', 'Neg_b'/);
  });

  test('a tensor read but never produced is a ModelError', () => {
    const m = model({
      input: [valueInfo('x')],
      output: [valueInfo('y')],
      node: [node('Add', ['x', 'ghost'], ['y'])],
    });
    throwsNamed(
      () => buildModelGraph(m),
      ModelError,
      /node 'Add_y' reads tensor 'ghost', which no node, input or initializer produces/,
    );
  });

  test('an outer tensor a branch reads but nobody produces is a ModelError', () => {
    const m = ifModel();
    m.graph!.node![0]!.output = ['h_renamed'];
    throwsNamed(() => buildModelGraph(m), ModelError, /node 'If_y' reads tensor 'h', which no node/);
  });

  test('a graph output never produced is a ModelError', () => {
    const m = model({
      input: [valueInfo('x')],
      output: [valueInfo('z')],
      node: [node('Relu', ['x'], ['y'])],
    });
    throwsNamed(() => buildModelGraph(m), ModelError, /graph output 'z' is never produced/);
  });

  test('an operator domain Couper cannot reason about is a ModelError', () => {
    const m = model({
      input: [valueInfo('x')],
      output: [valueInfo('y')],
      node: [node('Frobnicate', ['x'], ['y'], { domain: 'com.acme' })],
    });
    throwsNamed(
      () => buildModelGraph(m),
      ModelError,
      /node 'Frobnicate_y' uses operator 'Frobnicate' from domain 'com\.acme'/,
    );
  });

  test("the model's own function domains are accepted", () => {
    const m = model(
      {
        input: [valueInfo('x')],
        output: [valueInfo('y')],
        node: [node('Frobnicate', ['x'], ['y'], { domain: 'com.acme' })],
      },
      {
        functions: [
          {
            name: 'Frobnicate',
            domain: 'com.acme',
            input: ['a'],
            output: ['b'],
            node: [node('Relu', ['a'], ['b'])],
          },
        ],
      },
    );
    assert.deepEqual(
      buildModelGraph(m).graph.ops.map((op) => `${op.domain}:${op.opType}`),
      ['com.acme:Frobnicate'],
    );
  });

  test('an op reads each tensor once, in first-read order, without empty optional names, and writes no empty name', () => {
    const m = model({
      input: [valueInfo('x', [4]), valueInfo('y', [4])],
      output: [valueInfo('z', [4]), valueInfo('w', [4])],
      initializer: [floatTensor('k', [1, 2, 3, 4])],
      node: [node('Custom', ['y', '', 'x', 'y', 'k', 'x'], ['z', '', 'm']), node('Relu', ['m'], ['w'])],
    });
    const [first, second] = buildModelGraph(m).graph.ops;
    assert.deepEqual(first?.inputs, ['y', 'x']);
    assert.deepEqual(first?.outputs, ['z', 'm']);
    assert.deepEqual(second?.inputs, ['m']);
  });

  test('an op with many inputs reads each once, in first-read order', () => {
    const names = Array.from({ length: 20 }, (_, i) => `x${i % 7}`);
    const m = model({
      input: Array.from({ length: 7 }, (_, i) => valueInfo(`x${i}`, [4])),
      output: [valueInfo('y', [4])],
      node: [node('Concat', ['', ...names], ['y'])],
    });
    assert.deepEqual(buildModelGraph(m).graph.ops[0]?.inputs, ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6']);
  });
});
