/**
 * `couper publish` at the command line: each bad input is one line on
 * stderr and exit 1 (2 for a usage mistake), and nothing is left where the
 * bundle would have gone.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { packageRoot } from '../../core/assets.js';
import { ensureModel } from '../../../test/helpers/models.js';

const BIN = path.join(packageRoot(), 'bin', 'couper.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-publish-cli-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function couper(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { status: number | null; stderr: string } {
  return spawnSync(process.execPath, [BIN, 'publish', ...args], { encoding: 'utf8', env });
}

/** Exit status `status`, one line on stderr matching `pattern`, and no bundle (nor a temporary sibling). */
function refused(args: string[], status: number, pattern: RegExp, env?: NodeJS.ProcessEnv): void {
  const r = couper(args, env);
  assert.equal(r.status, status, r.stderr);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, pattern);
  assert.deepEqual(
    fs.readdirSync(tmp).filter((f) => f.startsWith('out')),
    [],
  );
}

void test('a missing decision, a decision mixed with a model, and no source at all', () => {
  const out = path.join(tmp, 'out');
  refused(
    ['--decision', path.join(tmp, 'none.json'), '--out', out],
    1,
    /--decision '.*none\.json' cannot be read/,
  );
  refused(
    ['--decision', 'd.json', '--model', 'm.onnx', '--out', out],
    2,
    /--decision gives the model.*drop --model/,
  );
  refused(['--out', out], 2, /--model/);
});

void test('a tier whose name Kubernetes refuses as a label value is one line', () => {
  const infra = path.join(tmp, 'infra.yaml');
  fs.writeFileSync(
    infra,
    [
      'name: odd',
      'tiers:',
      '  - { name: client, cpus: 2, ghz: 2.0, memoryGb: 1 }',
      '  - { name: edge_, cpus: 4, ghz: 3.0, memoryGb: 4 }',
      'links:',
      '  - { between: [client, edge_], rttMs: 10, jitterMs: 1, mbps: 100 }',
      '',
    ].join('\n'),
  );
  const model = ensureModel('mobilenet_v2');
  const out = path.join(tmp, 'out');
  refused(
    ['--model', model, '--split', 'none', '--infra', infra, '--out', out],
    1,
    /tier of stage .* 'edge_' is not a Kubernetes label value/,
  );
});

void test('--build without podman says so in one line before anything is written', () => {
  const out = path.join(tmp, 'out');
  // node itself is run by path; nothing else is on this PATH, podman least of all.
  const bare = path.join(tmp, 'bare-path');
  fs.mkdirSync(bare);
  const env = { ...process.env, PATH: bare };
  refused(
    ['--model', 'm.onnx', '--split', 'none', '--infra', 'mid-end', '--out', out, '--build'],
    1,
    /--build needs podman.*apt-get install podman/,
    env,
  );
});
