import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../core/errors.js';
import { DEFAULT_PROFILE, IMAGENET_INPUT, loadProfile, parseProfile, resolveInputSize } from './profile.js';

describe('model profiles', () => {
  it('bundles an ImageNet profile equal to the default', () => {
    assert.deepEqual(loadProfile('imagenet'), DEFAULT_PROFILE);
    assert.equal(DEFAULT_PROFILE.input.scale, 1 / 255);
  });

  it('bundles PaddleOCR det (640x640, BGR, detection map) and DeepLabV3 (VOC labels)', () => {
    const det = loadProfile('paddleocr-det');
    assert.deepEqual(
      [det.input.name, det.input.width, det.input.height, det.input.channelOrder],
      ['x', 640, 640, 'BGR'],
    );
    assert.deepEqual([det.input.mean, det.input.std], [IMAGENET_INPUT.mean, IMAGENET_INPUT.std]);
    assert.equal(det.output.kind, 'detection-map');
    assert.deepEqual(det.output.options, { threshold: 0.3, boxThreshold: 0.6, minSize: 3 });
    const seg = loadProfile('deeplabv3-voc');
    assert.equal(seg.output.kind, 'segmentation');
    assert.equal(fs.readFileSync(seg.output.labels!, 'utf8').split('\n')[15], 'person');
  });

  it('reports every problem with its path', () => {
    const bad = {
      input: { mean: [1, 2], std: [1, 0, 1], layout: 'CHW', width: 10, scale: 'a lot', colour: 1 },
      output: { kind: 3, options: [] },
      extra: true,
    };
    assert.throws(
      () => parseProfile(bad, '.'),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        for (const expected of [
          'profile.input.mean: expected 3 numbers, got [1,2]',
          'profile.input.std: expected 3 positive numbers, got [1,0,1]',
          'profile.input.layout: expected NCHW or NHWC, got "CHW"',
          'profile.input.height: expected a positive integer (give width and height together), got undefined',
          'profile.input.scale: expected a positive number or a fraction like "1/255", got "a lot"',
          'profile.input.colour: unknown key',
          'profile.output.kind: expected a non-empty string, got 3',
          'profile.output.options: expected an object',
          'profile.extra: unknown key',
        ]) {
          assert.ok(err.message.includes(expected), `missing '${expected}' in: ${err.message}`);
        }
        return true;
      },
    );
    assert.throws(() => parseProfile([], '.'), { message: 'profile: expected an object' });
  });

  it('reads YAML with labels relative to the profile file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-profile-'));
    try {
      fs.writeFileSync(path.join(dir, 'labels.txt'), 'cat\ndog\n');
      const file = path.join(dir, 'p.yaml');
      fs.writeFileSync(
        file,
        'input:\n  layout: NHWC\n  scale: 1\n  mean: [0, 0, 0]\n  std: [1, 1, 1]\noutput:\n  labels: labels.txt\n',
      );
      const profile = loadProfile(file);
      assert.deepEqual([profile.input.layout, profile.input.scale, profile.input.width], ['NHWC', 1, null]);
      assert.equal(profile.output.labels, path.join(dir, 'labels.txt'));
      fs.writeFileSync(file, 'output:\n  labels: missing.txt\n');
      assert.throws(() => loadProfile(file), {
        message: "profile.output.labels: file 'missing.txt' does not exist",
      });
      fs.writeFileSync(file, 'input: [\n');
      assert.throws(() => loadProfile(file), /is not valid YAML/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.throws(() => loadProfile('no-such-profile'), /neither a readable file nor a bundled profile/);
  });

  it('takes the size from a static model input and insists on one otherwise', () => {
    const input = IMAGENET_INPUT;
    assert.deepEqual(resolveInputSize(input, { name: 'x', dtype: 'float32', shape: [1, 3, 299, 298] }), {
      width: 298,
      height: 299,
    });
    const nhwc = { ...input, layout: 'NHWC' as const };
    assert.deepEqual(resolveInputSize(nhwc, { name: 'x', dtype: 'float32', shape: [1, 96, 128, 3] }), {
      width: 128,
      height: 96,
    });
    const dynamic = { name: 'x', dtype: 'float32' as const, shape: ['n', 3, 'h', 'w'] };
    assert.throws(
      () => resolveInputSize(input, dynamic),
      /model input 'x' has a dynamic size; give width and height/,
    );
    const sized = { ...input, width: 640, height: 640 };
    assert.deepEqual(resolveInputSize(sized, dynamic), { width: 640, height: 640 });
    assert.throws(() => resolveInputSize(sized, { name: 'x', dtype: 'float32', shape: [1, 3, 224, 224] }), {
      message: "profile.input.width: 640 but model input 'x' has width 224",
    });
  });
});
