/** Tests of planning the parts of a split model. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SliceError } from '../core/errors.js';
import {
  CHAIN,
  ifModelSpec,
  RESIDUAL,
  SHARED_CONSTANTS,
  SPLIT,
  tinyModel,
  type TinySpec,
} from '../../test/helpers/tiny-models.js';
import { buildModelGraph } from './model-graph.js';
import { planSlices, publicPlan, type SlicePlan } from './plan.js';

function plan(spec: TinySpec, cuts: string[][]): SlicePlan {
  const model = tinyModel(spec);
  return planSlices(buildModelGraph(model), model, cuts);
}

/** Original node names ('Op_i') of a part, in order. */
function nodeNames(spec: TinySpec, p: SlicePlan, k: number): string[] {
  return p.parts[k]!.nodeIndices.map((i) => `${spec.nodes[i]!.op}_${i}`);
}

describe('planSlices', () => {
  it('splits a chain into head and tail with their own weights', () => {
    const p = plan(CHAIN, [['b']]);
    assert.equal(p.parts.length, 2);
    assert.deepEqual(
      p.parts.map((x) => [x.file, x.inputs, x.outputs, x.nodes, x.initializers, x.weightsBytes]),
      [
        ['part0.onnx', ['x'], ['b'], 2, ['w1'], 12],
        ['part1.onnx', ['b'], ['y'], 2, ['w2'], 12],
      ],
    );
    assert.deepEqual(p.cuts, [
      { tensors: [{ name: 'b', dtype: 'float32', shape: [2, 3], bytes: 24 }], bytes: 24 },
    ]);
    assert.deepEqual(p.outputsFrom, { y: 1 });
    assert.equal(p.model, 'tiny');
  });

  it('needs both tensors of a residual block and takes them as one cut', () => {
    assert.throws(() => plan(RESIDUAL, [['b']]), /cut 1 \('b'\) is not a valid cut: the tail also needs 'a'/);
    const p = plan(RESIDUAL, [['a', 'b']]);
    assert.deepEqual(p.parts[0]!.outputs, ['a', 'b']);
    assert.deepEqual(p.parts[1]!.inputs, ['a', 'b']);
    assert.equal(p.cuts[0]!.bytes, 48);
  });

  it('passes a tensor through a middle part that does not use it', () => {
    const p = plan(RESIDUAL, [
      ['a', 'b'],
      ['a', 'c'],
    ]);
    assert.deepEqual(
      p.parts.map((x) => [x.inputs, x.outputs, nodeNames(RESIDUAL, p, p.parts.indexOf(x))]),
      [
        [['x'], ['a', 'b'], ['Relu_0', 'Neg_1']],
        [['a', 'b'], ['a', 'c'], ['Exp_2']],
        [['a', 'c'], ['y'], ['Add_3', 'Sigmoid_4']],
      ],
    );
  });

  it('copies constants into every part that reads them', () => {
    const p = plan(SHARED_CONSTANTS, [['b']]);
    assert.deepEqual(nodeNames(SHARED_CONSTANTS, p, 0), ['Constant_0', 'Mul_1', 'Add_2', 'Relu_3']);
    assert.deepEqual(nodeNames(SHARED_CONSTANTS, p, 1), ['Constant_0', 'Mul_1', 'Mul_4', 'Add_5']);
    assert.deepEqual(
      p.parts.map((x) => [x.nodes, x.constantNodes, x.initializers, x.weightsBytes]),
      [
        [2, 2, ['w'], 24],
        [2, 2, ['w'], 24],
      ],
    );
  });

  it('counts names an If body captures as reads of the If', () => {
    const spec = ifModelSpec();
    const p = plan(spec, [['a']]);
    assert.deepEqual(nodeNames(spec, p, 0), ['Relu_0']);
    assert.deepEqual(p.parts[0]!.initializers, []);
    assert.deepEqual(nodeNames(spec, p, 1), ['Exp_1', 'Constant_2', 'If_3', 'Neg_4']);
    assert.deepEqual(p.parts[1]!.initializers, ['w']);
    // With Exp before the cut, the If reads both a (then) and b (else) across it.
    assert.throws(() => plan(spec, [['b']]), /the tail also needs 'a'/);
    assert.deepEqual(plan(spec, [['a', 'b']]).parts[1]!.inputs, ['a', 'b']);
  });

  it('carries a graph output computed before the cut on to the last part', () => {
    assert.throws(() => plan(SPLIT, [['t']]), /the tail also needs 's1'/);
    const p = plan(SPLIT, [['t', 's1']]);
    assert.deepEqual(
      p.parts.map((x) => [x.inputs, x.outputs]),
      [
        [['x'], ['s1', 't']],
        [
          ['s1', 't'],
          ['s1', 'y'],
        ],
      ],
    );
    assert.deepEqual(p.outputsFrom, { s1: 0, y: 1 });
  });

  it('refuses cuts out of order, crossing, repeated or empty', () => {
    assert.throws(
      () =>
        plan(RESIDUAL, [
          ['a', 'c'],
          ['a', 'b'],
        ]),
      (err: unknown) => {
        assert.ok(err instanceof SliceError);
        assert.match(
          err.message,
          /^cut 2 \('a', 'b'\) is not after cut 1 \('a', 'c'\): operator 'Exp_2' is before cut 1 but after cut 2/,
        );
        return true;
      },
    );
    assert.throws(
      () => plan(CHAIN, [['b'], ['b']]),
      /cut 2 \('b'\) adds no operator after cut 1: part 1 would be empty/,
    );
    assert.throws(() => plan(CHAIN, [['x']]), /cut 1 \('x'\) has no operator before it/);
    assert.throws(() => plan(CHAIN, [['nope']]), /tensor 'nope' is not a dataflow tensor/);
    assert.throws(() => plan(CHAIN, []), SliceError);
    assert.throws(() => plan(CHAIN, [[]]), /cut 1 names no tensors/);
  });

  it('refuses cuts on parallel branches that cross each other', () => {
    const branches: TinySpec = {
      inputs: ['x'],
      outputs: ['y'],
      nodes: [
        { op: 'Relu', in: ['x'], out: ['a'] },
        { op: 'Neg', in: ['x'], out: ['b'] },
        { op: 'Add', in: ['a', 'b'], out: ['y'] },
      ],
    };
    assert.deepEqual(plan(branches, [['a', 'x']]).parts[1]!.inputs, ['x', 'a']);
    assert.throws(
      () =>
        plan(branches, [
          ['a', 'x'],
          ['x', 'b'],
        ]),
      /cut 2 \('x', 'b'\) is not after cut 1/,
    );
  });

  it('leaves the internal node indices out of the public plan', () => {
    const shown = JSON.parse(JSON.stringify(publicPlan(plan(CHAIN, [['b']])))) as { parts: object[] };
    assert.ok(shown.parts.every((part) => !('nodeIndices' in part)));
    assert.ok(shown.parts.every((part) => 'weightsBytes' in part));
  });
});
