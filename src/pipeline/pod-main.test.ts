/** A published stage's command line: the role, its configuration file, its port and the next stage's address. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ConfigError, UsageError } from '../core/errors.js';
import { throwsNamed } from '../../test/helpers/errors.js';
import { parsePodArgs } from './pod-main.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-pod-'));
const config = path.join(dir, 'classifier.json');
fs.writeFileSync(config, JSON.stringify({ name: 'classifier', role: 'classifier', cutId: 'x' }));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

void test('a stage takes its config, binds every address on the given port and becomes ready only when connected', () => {
  const args = parsePodArgs(['classifier', '--config', config, '--port', '8001', '--next', 'cam:8001']);
  assert.equal(args.next, 'cam:8001');
  assert.equal(args.config.port, 8001);
  assert.equal(args.config.bindAddress, '0.0.0.0');
  assert.equal(args.config.readyWhenConnected, true);
});

void test('a wrong role, port, address, config or half a TLS pair is one line', () => {
  const base = ['--config', config, '--port', '8001', '--next', 'cam:8001'];
  throwsNamed(
    () => parsePodArgs(['painter', ...base]),
    ConfigError,
    /role must be one of camera, transformer/,
  );
  throwsNamed(
    () => parsePodArgs(['evaluator', ...base]),
    ConfigError,
    /configures a classifier stage, not a\(n\) evaluator/,
  );
  throwsNamed(
    () => parsePodArgs(['classifier', ...base.slice(0, 2), '--port', '0', '--next', 'c:1']),
    ConfigError,
    /--port must be a port number/,
  );
  throwsNamed(
    () => parsePodArgs(['classifier', ...base.slice(0, 4), '--next', 'nowhere']),
    ConfigError,
    /--next \(or COUPER_NEXT\) must be HOST:PORT/,
  );
  throwsNamed(
    () => parsePodArgs(['classifier', '--config', path.join(dir, 'none.json'), ...base.slice(2)]),
    ConfigError,
    /not a readable JSON/,
  );
  throwsNamed(
    () => parsePodArgs(['classifier', ...base, '--tls-cert', 'c']),
    UsageError,
    /^--tls-cert needs --tls-key$/,
  );
});

void test('the --tls-* flags a published pod gets from its Secret become its TLS files', () => {
  const base = ['--config', config, '--port', '8001', '--next', 'cam:8001'];
  const tls = ['--tls-cert', '/etc/couper/tls/tls.crt', '--tls-key', '/etc/couper/tls/tls.key'];
  assert.deepEqual(parsePodArgs(['classifier', ...base, ...tls, '--tls-ca', '/etc/couper/tls/ca.crt']).tls, {
    cert: '/etc/couper/tls/tls.crt',
    key: '/etc/couper/tls/tls.key',
    ca: '/etc/couper/tls/ca.crt',
  });
  assert.equal(parsePodArgs(['classifier', ...base]).tls, undefined);
});
