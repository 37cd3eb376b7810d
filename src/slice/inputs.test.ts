/** Tests of the model's inputs as specs: shapes given or defaulted, and the limits absurd numbers meet. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Long from 'long';
import { ConfigError, ModelError } from '../core/errors.js';
import { chainModel, model, node, valueInfo } from '../../test/helpers/build-model.js';
import { throwsNamed } from '../../test/helpers/errors.js';
import { MAX_INPUT_BYTES, MAX_INPUT_DIM, modelInputSpecs, parseInputShapes } from './inputs.js';

/** y = relu(x) with x declared as `dims` (a Long for values past 2^31). */
function reluModel(dims: (number | string | Long)[]) {
  const m = model({
    input: [valueInfo('x', [1])],
    output: [valueInfo('y', [1])],
    node: [node('Relu', ['x'], ['y'])],
  });
  m.graph!.input![0]!.type!.tensorType!.shape!.dim = dims.map((d) =>
    typeof d === 'string' ? { dimParam: d } : { dimValue: typeof d === 'number' ? Long.fromNumber(d) : d },
  );
  return m;
}

describe('model inputs', () => {
  test('an --input-shape is parsed and fills the shape', () => {
    const given = parseInputShapes(['x=2x4']);
    assert.deepEqual(given, { x: [2, 4] });
    assert.deepEqual(
      modelInputSpecs(chainModel(), given).map((s) => [s.name, s.dtype, s.shape]),
      [['x', 'float32', [2, 4]]],
    );
  });

  test('a dimension of 2^53, or 0, in --input-shape is one line naming it and the limit', () => {
    throwsNamed(
      () => parseInputShapes(['x=1x9007199254740992']),
      ConfigError,
      /^--input-shape 'x=1x9007199254740992': every dimension must be from 1 to 2147483647, not 9007199254740992$/,
    );
    throwsNamed(() => parseInputShapes(['x=0x4']), ConfigError, /must be from 1 to 2147483647, not 0$/);
    assert.equal(MAX_INPUT_DIM, 2147483647);
  });

  test('an --input-shape whose values would pass 2 GiB is refused with its size', () => {
    // Every dimension is allowed; their product is not (3e16 floats).
    const given = parseInputShapes(['x=1x3x99999999x99999999']);
    throwsNamed(
      () => modelInputSpecs(reluModel([1, 3, 'h', 'w']), given),
      ConfigError,
      /^--input-shape gives input 'x' the shape 1x3x99999999x99999999, 1\.20e\+17 bytes of float32, above the limit of 2147483648 bytes \(2 GiB\); give a smaller --input-shape$/,
    );
    // Exactly at the limit is fine: 2^29 floats.
    assert.deepEqual(modelInputSpecs(reluModel(['n']), { x: [2 ** 29] })[0]!.shape, [2 ** 29]);
    assert.equal(MAX_INPUT_BYTES, 2 ** 31);
  });

  test('a model declaring an input dimension of 2^53 - 1 or 2^53 is a ModelError naming it', () => {
    throwsNamed(
      () => modelInputSpecs(reluModel([1, 2 ** 53 - 1])),
      ModelError,
      /^the model gives input 'x' dimension 1 the size 9007199254740991, above the limit 2147483647; pass a smaller --input-shape$/,
    );
    throwsNamed(
      () => modelInputSpecs(reluModel([Long.fromString('9007199254740993')])),
      ModelError,
      /int64 value 9007199254740993 is past 2\^53/,
    );
    throwsNamed(
      () => modelInputSpecs(reluModel([65536, 65536])),
      ModelError,
      /^the model gives input 'x' the shape 65536x65536, 1\.72e\+10 bytes of float32, above the limit/,
    );
  });
});
