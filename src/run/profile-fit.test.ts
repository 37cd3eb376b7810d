/** Tests of the check that a profile's post-processor can read the model's declared output. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../core/errors.js';
import { readModel } from '../onnx/model-file.js';
import { postProcessorMismatch } from '../pipeline/postprocess/registry.js';
import { loadProfile } from '../pipeline/profile.js';
import { ensureModel } from '../../test/helpers/models.js';
import { checkProfileFits } from './profile-fit.js';

describe('what each built-in post-processor reads', () => {
  it('classification takes one row of scores, segmentation a 4-d map, detection-map a [1, 1, H, W] map', () => {
    assert.equal(postProcessorMismatch('classification', [1, 1000]), null);
    assert.equal(postProcessorMismatch('classification', [null, 1000, 1, 1]), null);
    assert.match(postProcessorMismatch('classification', [1, 21, 224, 224]) ?? '', /one row of class scores/);
    assert.equal(postProcessorMismatch('segmentation', [1, 21, 224, 224]), null);
    assert.equal(postProcessorMismatch('segmentation', [null, 21, null, null]), null);
    assert.match(postProcessorMismatch('segmentation', [1, 1000]) ?? '', /score map/);
    assert.equal(postProcessorMismatch('detection-map', [1, 1, 640, 640]), null);
    assert.match(postProcessorMismatch('detection-map', [1, 21, 224, 224]) ?? '', /probability map/);
    // A plug-in by path cannot say before a frame.
    assert.equal(postProcessorMismatch('./my-post.js', [1, 2, 3]), null);
  });
});

describe('checkProfileFits', () => {
  it('refuses the ImageNet profile for a segmentation model, naming the bundled profile that fits', () => {
    const model = readModel(ensureModel('deeplabv3_mobilenet_v3_large'));
    assert.throws(
      () => checkProfileFits(model, loadProfile('imagenet'), 'imagenet'),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.message ===
          "the model's output 'output' is [1, 21, 224, 224], but profile 'imagenet' reads it as classification, which expects one row of class scores ([N] or [1, N]); pass --profile deeplabv3-voc, or a profile file whose output.kind reads it",
    );
    checkProfileFits(model, loadProfile('deeplabv3-voc'), 'deeplabv3-voc');
  });

  it('accepts the ImageNet profile for a classifier', () => {
    const model = readModel(ensureModel('squeezenet1_1'));
    checkProfileFits(model, loadProfile('imagenet'), 'imagenet');
  });
});
