/** Kubernetes names for bundles: derived from model file names, and user-given ones refused unless valid. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../core/errors.js';
import { throwsNamed } from '../../test/helpers/errors.js';
import { checkLabelKey, checkName, isDns1123Label, MAX_BUNDLE_NAME, nameFromModel } from './names.js';

void test('a bundle name is derived from the model file name as a DNS-1123 label', () => {
  assert.equal(nameFromModel('/m/ResNet50_v1.5.onnx'), 'resnet50-v1-5');
  assert.equal(nameFromModel('mobilenet_v2.onnx'), 'mobilenet-v2');
  assert.equal(nameFromModel('__Odd__name__.ONNX'), 'odd-name');
  const long = nameFromModel(`${'a'.repeat(80)}.onnx`);
  assert.equal(long.length, MAX_BUNDLE_NAME);
  assert.ok(isDns1123Label(`${long}-evaluator12`));
});

void test('a model file name with no letter or digit gives no name, and says to use --name', () => {
  throwsNamed(() => nameFromModel('/m/___.onnx'), ConfigError, /gives no Kubernetes name.*--name/);
});

void test('names and label keys Kubernetes would reject are refused with the rule', () => {
  throwsNamed(
    () => checkName('My_Model', '--name'),
    ConfigError,
    /--name 'My_Model' is not a Kubernetes name/,
  );
  throwsNamed(() => checkName('-x', '--namespace'), ConfigError, /start and end/);
  assert.equal(checkName('ok-1', '--name'), 'ok-1');
  assert.equal(checkLabelKey('couper.io/tier', '--tier-label'), 'couper.io/tier');
  assert.equal(checkLabelKey('tier', '--tier-label'), 'tier');
  throwsNamed(() => checkLabelKey('Bad Key/x', '--tier-label'), ConfigError, /not a Kubernetes label key/);
  throwsNamed(() => checkLabelKey('', '--tier-label'), ConfigError, /not a Kubernetes label key/);
});
