/** Tests of the stage process's TLS flags: parsed, paired, and written back the same. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../core/errors.js';
import { tlsArgs, tlsFilesFromArgs } from './stage-args.js';

test('no flags: no TLS; cert and key, with or without a CA', () => {
  assert.equal(tlsFilesFromArgs(['camera']), undefined);
  assert.deepEqual(tlsFilesFromArgs(['s1', '--tls-cert', 'a.crt', '--tls-key', 'a.key']), {
    cert: 'a.crt',
    key: 'a.key',
  });
  const files = { cert: '/t/tls.crt', key: '/t/tls.key', ca: '/t/ca.crt' };
  assert.deepEqual(tlsFilesFromArgs(['s1', ...tlsArgs(files)]), files);
  assert.deepEqual(tlsArgs(files), [
    '--tls-cert',
    '/t/tls.crt',
    '--tls-key',
    '/t/tls.key',
    '--tls-ca',
    '/t/ca.crt',
  ]);
});

test('half a pair, a CA alone or an unknown flag is a usage error naming it', () => {
  const cases: Array<[string[], RegExp]> = [
    [['s', '--tls-cert', 'a'], /--tls-cert needs --tls-key/],
    [['s', '--tls-key', 'a'], /--tls-key needs --tls-cert/],
    [['s', '--tls-ca', 'a'], /--tls-ca needs --tls-cert and --tls-key/],
    [['s', '--tls-certificate', 'a'], /stage process: .*tls-certificate/],
  ];
  for (const [argv, message] of cases)
    assert.throws(
      () => tlsFilesFromArgs(argv),
      (err: Error) => err instanceof UsageError && message.test(err.message),
    );
});
