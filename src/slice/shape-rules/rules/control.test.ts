/** Tests of the control-flow shape rules: If, Scan and Loop. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { model, node, valueInfo } from '../../../../test/helpers/build-model.js';
import { attr, valuesTensor } from '../../../../test/helpers/shape-infer.js';
import { onnx, toLong, type GraphProto, type NodeProto } from '../../../onnx/proto.js';
import { inferStaticShapes } from '../../static-shapes.js';

const GRAPH = onnx.AttributeProto.AttributeType.GRAPH;
const graphAttr = (name: string, g: GraphProto) => ({ name, type: GRAPH, g: { name, ...g } });

function infer(nodes: NodeProto[], initializer = [valuesTensor('c', [1], [], 'bool')]) {
  const proto = model({ input: [valueInfo('x', [2, 3])], output: [{ name: 'y' }], initializer, node: nodes });
  return inferStaticShapes(proto, undefined, [{ name: 'x', dtype: 'float32', shape: [2, 3], defaulted: [] }]);
}

const branches = (thenShape: number[], elseShape: number[]) => [
  graphAttr('then_branch', {
    initializer: [valuesTensor('ts', thenShape)],
    node: [node('Reshape', ['x', 'ts'], ['t'])],
    output: [{ name: 't' }],
  }),
  graphAttr('else_branch', {
    initializer: [valuesTensor('es', elseShape)],
    node: [node('Reshape', ['x', 'es'], ['e'])],
    output: [{ name: 'e' }],
  }),
];

test('If with a constant condition takes that branch', () => {
  const r = infer([node('If', ['c'], ['y'], { attribute: branches([3, 2], [6]) })]);
  assert.deepEqual(r.types.get('y')?.shape, [3, 2]);
});

test('If with a run-time condition: the branches must agree', () => {
  const input = [
    node('Cast', ['x'], ['xc'], { attribute: [attr.int('to', 9)] }),
    node('ReduceMax', ['xc'], ['cond'], { attribute: [attr.int('keepdims', 0)] }),
  ];
  const differ = infer([...input, node('If', ['cond'], ['y'], { attribute: branches([3, 2], [6]) })]);
  assert.match(differ.unknown[0]?.reason ?? '', /branches of different shapes/);
  const agree = infer([...input, node('If', ['cond'], ['y'], { attribute: branches([6], [6]) })]);
  assert.deepEqual(agree.types.get('y')?.shape, [6]);
});

test('Scan stacks per-iteration outputs along the scanned axis', () => {
  const body: GraphProto = {
    input: [{ name: 'acc' }, { name: 'row' }],
    node: [node('Add', ['acc', 'row'], ['acc2']), node('Identity', ['acc2'], ['each'])],
    output: [{ name: 'acc2' }, { name: 'each' }],
  };
  const proto = model(
    {
      input: [valueInfo('init', [3]), valueInfo('x', [5, 3])],
      output: [{ name: 'final' }, { name: 'all' }],
      node: [
        node('Scan', ['init', 'x'], ['final', 'all'], {
          attribute: [graphAttr('body', body), attr.int('num_scan_inputs', 1)],
        }),
      ],
    },
    { opsetImport: [{ domain: '', version: toLong(11) }] },
  );
  const specs = [
    { name: 'init', dtype: 'float32' as const, shape: [3], defaulted: [] },
    { name: 'x', dtype: 'float32' as const, shape: [5, 3], defaulted: [] },
  ];
  const r = inferStaticShapes(proto, undefined, specs);
  assert.deepEqual([r.types.get('final')?.shape, r.types.get('all')?.shape], [[3], [5, 3]]);
});

test('Loop: scan outputs only when the trip count is constant and the body passes the condition on', () => {
  const body = (condOut: string): GraphProto => ({
    input: [{ name: 'i' }, { name: 'cond' }, { name: 'v' }],
    node: [
      node('Add', ['v', 'v'], ['v2']),
      node('Identity', ['v'], ['each']),
      node('Not', ['cond'], ['stop']),
    ],
    output: [{ name: condOut }, { name: 'v2' }, { name: 'each' }],
  });
  const loop = (condOut: string) =>
    infer(
      [node('Loop', ['m', '', 'x'], ['y', 'all'], { attribute: [graphAttr('body', body(condOut))] })],
      [valuesTensor('m', [4], [])],
    );
  const passes = loop('cond');
  assert.deepEqual(
    [passes.types.get('y')?.shape, passes.types.get('all')?.shape],
    [
      [2, 3],
      [4, 2, 3],
    ],
  );
  assert.match(loop('stop').unknown[0]?.reason ?? '', /depends on when the loop stops/);
});
