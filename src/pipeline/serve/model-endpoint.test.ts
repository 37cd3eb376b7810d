/** The model endpoint's check of a request's tensors against what the model declares. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TensorMap } from '../../runtime/runtime.js';
import { InvalidRequest, type ServedModelInfo } from '../../transport/index.js';
import { checkInputs, defaultModelName } from './model-endpoint.js';

const INFO: ServedModelInfo = {
  name: 'part1',
  version: '1',
  platform: 'onnxruntime_onnx',
  inputs: [
    { name: 'x', dtype: 'float32', shape: ['batch', 3, 2] },
    { name: 'ids', dtype: 'int64', shape: [null] },
    { name: 'free', dtype: 'float32', shape: [] },
  ],
  outputs: [{ name: 'y', dtype: 'float32', shape: [1] }],
};

function tensors(
  edit: (t: Record<string, TensorMap[string] | undefined>) => void = () => undefined,
): TensorMap {
  const t: Record<string, TensorMap[string] | undefined> = {
    x: { dtype: 'float32', shape: [4, 3, 2], data: new Float32Array(24) },
    ids: { dtype: 'int64', shape: [5], data: new BigInt64Array(5) },
    free: { dtype: 'float32', shape: [2, 2, 2], data: new Float32Array(8) },
  };
  edit(t);
  return Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as TensorMap;
}

void test('tensors of the declared names, datatypes and shapes pass; open dimensions take any size', () => {
  assert.doesNotThrow(() => checkInputs(INFO, tensors()));
  assert.doesNotThrow(() =>
    checkInputs(
      INFO,
      tensors((t) => (t.x = { dtype: 'float32', shape: [1, 3, 2], data: new Float32Array(6) })),
    ),
  );
});

void test('a wrong name, a missing input, a datatype or a shape is InvalidRequest naming the tensor', () => {
  const cases: Array<[TensorMap, string]> = [
    [tensors((t) => (t.z = t.x)), "input 'z' is not an input of model 'part1' (its inputs: x, ids, free)"],
    [tensors((t) => (t.ids = undefined)), "input 'ids' is missing (model 'part1' takes x, ids, free)"],
    [
      tensors((t) => (t.x = { dtype: 'float64', shape: [4, 3, 2], data: new Float64Array(24) })),
      "input 'x' has datatype FP64; model 'part1' takes FP32",
    ],
    [
      tensors((t) => (t.x = { dtype: 'float32', shape: [4, 2, 3], data: new Float32Array(24) })),
      "input 'x' has shape [4, 2, 3]; model 'part1' takes [-1, 3, 2]",
    ],
    [
      tensors((t) => (t.ids = { dtype: 'int64', shape: [5, 1], data: new BigInt64Array(5) })),
      "input 'ids' has shape [5, 1]; model 'part1' takes [-1]",
    ],
  ];
  for (const [request, message] of cases) {
    assert.throws(
      () => checkInputs(INFO, request),
      (err: unknown) => err instanceof InvalidRequest && err.message === message,
      message,
    );
  }
});

void test('a model is named after its file unless told otherwise', () => {
  assert.equal(defaultModelName('/parts/part0.onnx'), 'part0');
  assert.equal(defaultModelName('resnet50.ONNX'), 'resnet50');
});
