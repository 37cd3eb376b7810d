/** Tests of onnxruntime's error texts made into one line: real messages it gave, summarised. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ortSummary } from './ort-message.js';

describe("onnxruntime's messages", () => {
  test('a failed kernel names the node and keeps the reason, not the C++ location', () => {
    const raw =
      "\u001b[1;31m Non-zero status code returned while running Reshape node. Name:'Reshape_y' Status Message: /onnxruntime_src/onnxruntime/core/providers/cpu/tensor/reshape_helper.h:91 onnxruntime::ReshapeHelper::ReshapeHelper(const onnxruntime::TensorShape&, onnxruntime::TensorShapeVector&, bool) input_shape_size == requested_shape_size was false. The input tensor cannot be reshaped to the requested shape. Input shape:{2,3}, requested shape:{4,2}\n\u001b[m";
    assert.equal(
      ortSummary(raw),
      "Reshape node 'Reshape_y': The input tensor cannot be reshaped to the requested shape. Input shape:{2,3}, requested shape:{4,2}",
    );
  });

  test('a load failure drops the temp path and the error-code prefix', () => {
    assert.equal(
      ortSummary(
        '[ONNXRuntimeError] : 1 : FAIL : Load model from /tmp/couper-shapes-HmZeBX/exposed.onnx failed:Node (Add_y) Op (Add) [ShapeInferenceError] Incompatible dimensions',
      ),
      'Node (Add_y) Op (Add) [ShapeInferenceError] Incompatible dimensions',
    );
  });

  test('several lines become one, long text is cut, empty text says so', () => {
    assert.equal(ortSummary('first\n  second\n'), 'first second');
    const long = ortSummary('x'.repeat(1000));
    assert.equal(long.length, 240);
    assert.ok(long.endsWith('…'));
    assert.equal(ortSummary('\n'), 'no message');
  });
});
