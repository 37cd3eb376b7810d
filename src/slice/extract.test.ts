/** Tests of extracting one part of a model as a model of its own. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeModel, encodeModel } from '../onnx/model-file.js';
import { int64, onnx, toLong, type GraphProto, type ModelProto, type ValueInfoProto } from '../onnx/proto.js';
import { CHAIN, tinyGraph, tinyModel, wrap, type TinySpec } from '../../test/helpers/tiny-models.js';
import { extractPart } from './extract.js';
import { buildModelGraph } from './model-graph.js';
import { planSlices } from './plan.js';

function parts(model: ModelProto, cuts: string[][]) {
  const plan = planSlices(buildModelGraph(model), model, cuts);
  // Encode and decode, as a reader of the written file would see it.
  return plan.parts.map((_, k) => decodeModel(encodeModel(extractPart(model, plan, k)), `part ${k}`));
}

function dims(v: ValueInfoProto | undefined): (number | string)[] {
  return (v?.type?.tensorType?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : int64(d.dimValue)));
}

describe('extractPart', () => {
  it('keeps the model header and names the graph after the part', () => {
    const model = tinyModel(CHAIN, 13);
    const [p0, p1] = parts(model, [['b']]);
    for (const p of [p0!, p1!]) {
      assert.equal(int64(p.irVersion), 8);
      assert.deepEqual(
        p.opsetImport.map((o) => [o.domain, int64(o.version)]),
        [['', 13]],
      );
      assert.equal(p.producerName, 'couper-test');
    }
    assert.deepEqual([p0!.graph!.name, p1!.graph!.name], ['tiny_part0', 'tiny_part1']);
  });

  it('declares inputs and outputs with dtype and shape, and keeps only what the part uses', () => {
    const [p0, p1] = parts(tinyModel(CHAIN), [['b']]);
    const g0 = p0!.graph as onnx.GraphProto;
    const g1 = p1!.graph as onnx.GraphProto;
    assert.deepEqual(
      g0.node.map((n) => n.opType),
      ['Add', 'Relu'],
    );
    assert.deepEqual(
      g1.node.map((n) => n.opType),
      ['Mul', 'Sigmoid'],
    );
    assert.deepEqual([g0.input.map((v) => v.name), g0.output.map((v) => v.name)], [['x'], ['b']]);
    assert.deepEqual([dims(g0.output[0]), g0.output[0]!.type?.tensorType?.elemType], [[2, 3], 1]);
    assert.deepEqual(dims(g1.input[0]), [2, 3]);
    assert.deepEqual(
      g0.initializer.map((t) => t.name),
      ['w1'],
    );
    assert.deepEqual(
      g1.initializer.map((t) => t.name),
      ['w2'],
    );
    assert.deepEqual(
      g0.valueInfo.map((v) => v.name),
      ['a'],
    );
    assert.deepEqual(
      g1.valueInfo.map((v) => v.name),
      ['c'],
    );
  });

  it('keeps symbolic input dims and declares only the rank of cut tensors of a dynamic model', () => {
    const graph = tinyGraph(CHAIN);
    const x = graph.input![0]!;
    const dynamic: GraphProto = {
      ...graph,
      input: [
        {
          ...x,
          type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: toLong(3) }] } } },
        },
      ],
    };
    const model = decodeModel(encodeModel(wrap(dynamic)), 'dynamic');
    const shapes = new Map([['b', { name: 'b', dtype: 'float32' as const, shape: [2, 3], bytes: 24 }]]);
    const plan = planSlices(buildModelGraph(model), model, [['b']], shapes);
    const g0 = decodeModel(encodeModel(extractPart(model, plan, 0)), 'part 0').graph as onnx.GraphProto;
    assert.deepEqual(dims(g0.input[0]), ['N', 3]);
    assert.deepEqual(dims(g0.output[0]), [0, 0]);
    assert.equal(g0.output[0]!.type?.tensorType?.shape?.dim?.length, 2);
  });

  it('carries the model-local functions a part calls and no others', () => {
    const spec: TinySpec = {
      inputs: ['x'],
      outputs: ['y'],
      nodes: [
        { op: 'Relu', in: ['x'], out: ['a'] },
        { op: 'Relu', in: ['a'], out: ['b'] },
      ],
    };
    const graph = tinyGraph(spec);
    graph.node![1] = { ...graph.node![1]!, opType: 'Double', domain: 'local' };
    graph.node!.push({ name: 'neg', opType: 'Neg', input: ['b'], output: ['y'] });
    const double = {
      name: 'Double',
      domain: 'local',
      input: ['X'],
      output: ['Y'],
      node: [{ opType: 'Add', input: ['X', 'X'], output: ['Y'] }],
      opsetImport: [{ domain: '', version: toLong(17) }],
    };
    const props = wrap(graph);
    props.opsetImport!.push({ domain: 'local', version: toLong(1) });
    const model = decodeModel(encodeModel({ ...props, functions: [double] }), 'with function');
    const [p0, p1] = parts(model, [['a']]);
    assert.deepEqual(
      p0!.functions.map((f) => f.name),
      [],
    );
    assert.deepEqual(
      p1!.functions.map((f) => f.name),
      ['Double'],
    );
    assert.deepEqual(
      p0!.opsetImport.map((o) => o.domain),
      ['', 'local'],
    );
  });
});
