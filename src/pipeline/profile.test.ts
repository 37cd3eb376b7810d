/** Tests of model profiles: the bundled ones, the schema's problems, the published JSON Schema. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { packageRoot } from '../core/assets.js';
import { jsonSchemaText } from '../core/config-schema.js';
import { ConfigError } from '../core/errors.js';
import { profileJsonSchema } from './profile-schema.js';
import {
  BUNDLED_PROFILES,
  DEFAULT_PROFILE,
  IMAGENET_INPUT,
  loadProfile,
  parseProfile,
  resolveInputSize,
} from './profile.js';

/** The problem lines of a profile that must fail, after checking the first line. */
function problems(value: unknown): string[] {
  try {
    parseProfile(value, '.', 'p.json');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    const [first, ...rest] = err.message.split('\n');
    assert.match(first!, /^p\.json: \d+ problems? in the profile$/);
    assert.equal(Number(/(\d+) problem/.exec(first!)![1]), rest.length);
    return rest.map((l) => l.trim());
  }
  assert.fail(`profile ${JSON.stringify(value)} accepted`);
}

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
    assert.deepEqual(problems(bad), [
      'profile.input.layout: must be "NCHW" or "NHWC", not "CHW"',
      'profile.input.scale: must be a positive number or a fraction like "1/255", not "a lot"',
      'profile.input.mean: must be 3 numbers, not [1,2]',
      'profile.input.std[1]: must be > 0, not 0',
      'profile.input.colour: unknown field',
      'profile.input.height: missing (give width and height together)',
      'profile.output.kind: must be a string, not 3',
      'profile.output.options: must be a mapping, not []',
      'profile.extra: unknown field',
    ]);
    assert.deepEqual(problems([]), ['profile: must be a mapping with input and output, not []']);
  });

  it('bounds sizes and numbers, and reads scale as a number or a fraction', () => {
    assert.deepEqual(
      problems({ input: { width: 16385, height: 0.5, mean: [0, Infinity, 0], scale: '1/0' } }),
      [
        'profile.input.width: must be <= 16384, not 16385',
        'profile.input.height: must be an integer, not 0.5',
        'profile.input.scale: must be a positive number or a fraction like "1/255", not "1/0"',
        'profile.input.mean[1]: must be a finite number, not Infinity',
      ],
    );
    assert.deepEqual(problems({ input: { scale: -1, std: [1, 1] } }), [
      'profile.input.scale: must be > 0, not -1',
      'profile.input.std: must be 3 positive numbers, not [1,1]',
    ]);
    const parse = (scale: unknown) => parseProfile({ input: { scale } }, '.', 'p.json').input.scale;
    assert.equal(parse(' 1 / 255 '), 1 / 255);
    assert.equal(parse(0.5), 0.5);
    assert.equal(parse(undefined), 1 / 255);
  });

  it("checks a built-in kind's options, and leaves a plug-in's to it", () => {
    assert.deepEqual(problems({ output: { options: { topK: 0, top: 5 } } }), [
      'profile.output.options.topK: must be >= 1, not 0',
      'profile.output.options.top: unknown field',
    ]);
    assert.deepEqual(problems({ output: { kind: 'detection-map', options: { threshold: 1.5 } } }), [
      'profile.output.options.threshold: must be <= 1, not 1.5',
    ]);
    const plugin = parseProfile({ output: { kind: './mine.js', options: { anything: [1] } } }, '.', 'p.json');
    assert.deepEqual(plugin.output.options, { anything: [1] });
    const seg = parseProfile({ $schema: '../x.json', output: { kind: 'segmentation' } }, '.', 'p.json');
    assert.deepEqual(seg.output.options, {});
  });

  it('publishes schema/profile.schema.json from the same schema, and the bundled profiles point at it', () => {
    const committed = fs.readFileSync(path.join(packageRoot(), 'schema', 'profile.schema.json'), 'utf8');
    assert.ok(
      committed === jsonSchemaText(profileJsonSchema()),
      'schema/profile.schema.json is stale: run npm run gen:schemas',
    );
    const schema = JSON.parse(committed) as {
      properties: { output: { allOf: { if: { properties: { kind: { const: string } } } }[] } };
    };
    assert.deepEqual(
      schema.properties.output.allOf.map((rule) => rule.if.properties.kind.const),
      ['classification', 'segmentation', 'detection-map'],
    );
    for (const name of BUNDLED_PROFILES) {
      const text = fs.readFileSync(path.join(packageRoot(), 'assets', 'profiles', `${name}.json`), 'utf8');
      assert.equal(
        (JSON.parse(text) as { $schema?: string }).$schema,
        '../../schema/profile.schema.json',
        name,
      );
    }
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
        message: `${file}: 1 problem in the profile\n  profile.output.labels: file "missing.txt" does not exist (looked for ${path.join(dir, 'missing.txt')})`,
      });
      fs.writeFileSync(file, 'input: [\n');
      assert.throws(() => loadProfile(file), /^ConfigError: .*p\.yaml: not valid YAML\n {2}\S/);
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
