/**
 * Tests of TLS on a hop: with mutual TLS the server serves a client whose
 * certificate its CA signed (stream, unary and health calls) and refuses
 * one without it, a stranger's, and cleartext; the client refuses a server
 * its CA did not sign; loadTls turns bad files into one ConfigError line.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { ConfigError } from '../core/errors.js';
import { createAuthority, issueCertificate, type Credentials } from '../core/x509.js';
import type { TensorMap } from '../runtime/runtime.js';
import { tempDir } from '../../test/helpers/build-model.js';
import { RelayClient, type InferResult, type RelayClientOptions } from './client.js';
import { startRelayServer, type RelayServer } from './server.js';
import { loadTls, type TlsMaterial } from './tls.js';

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const ca = createAuthority('couper test CA');
const stranger = createAuthority('stranger CA');
const serverCert = issueCertificate(ca, {
  commonName: 'server',
  dnsNames: ['localhost'],
  ipAddresses: ['127.0.0.1'],
});
const clientCert = issueCertificate(ca, { commonName: 'client' });

function material(credentials: Credentials, authority: { certPem: string } | undefined = ca): TlsMaterial {
  const base = { cert: Buffer.from(credentials.certPem), key: Buffer.from(credentials.keyPem) };
  return authority ? { ...base, ca: Buffer.from(authority.certPem) } : base;
}

const served: string[] = [];
async function serve(tls: TlsMaterial | undefined = material(serverCert)): Promise<RelayServer> {
  const server = await startRelayServer({
    handler: (r) => {
      served.push(String(r.params.frameId));
      return Promise.resolve(r.tensors);
    },
    ...(tls ? { tls } : {}),
  });
  cleanups.push(() => server.close(0));
  return server;
}

function connect(address: string, options: Partial<RelayClientOptions> = {}): RelayClient {
  const client = new RelayClient({ address, deadlineMs: 3000, ...options });
  cleanups.push(() => client.close());
  return client;
}

const frame = (value: number): TensorMap => ({
  x: { dtype: 'float32', shape: [2], data: new Float32Array([value, -value]) },
});

function outcome(result: InferResult): string {
  if (!result.ok) return result.failure;
  const x = result.tensors['x'];
  return x ? `ok ${[...x.data].join(',')}` : 'ok without x';
}

for (const stream of [true, false]) {
  void test(`mutual TLS: a client with a certificate the CA signed is served (${stream ? 'stream' : 'unary'})`, async () => {
    const server = await serve();
    const client = connect(server.address, { tls: material(clientCert), stream });
    assert.equal(await client.ready(), true);
    assert.equal(outcome(await client.infer(frame(3), { frameId: 31 })), 'ok 3,-3');
    assert.equal(outcome(await client.infer(frame(4), { frameId: 32 })), 'ok 4,-4');
    assert.equal(server.stats.served, 2);
  });

  void test(`mutual TLS: clients without the right certificate are refused and never reach the handler (${stream ? 'stream' : 'unary'})`, async () => {
    const server = await serve();
    const before = served.length;
    const refused = [
      // A certificate another CA signed (it trusts our CA, so only the server can refuse it).
      connect(server.address, {
        tls: material(issueCertificate(stranger, { commonName: 'client' })),
        stream,
      }),
      // No TLS at all.
      connect(server.address, { stream }),
    ];
    for (const client of refused) {
      const result = await client.infer(frame(1), { frameId: 99 });
      assert.equal(result.ok, false, 'a refused client was served');
      assert.equal(outcome(result), 'unavailable');
      assert.equal(await client.ready(1000), false);
    }
    assert.equal(served.length, before);
    assert.equal(server.stats.served, 0);
    // The server keeps serving the right client after refusing the others.
    const good = connect(server.address, { tls: material(clientCert), stream });
    assert.equal(outcome(await good.infer(frame(5), { frameId: 33 })), 'ok 5,-5');
  });
}

void test('the client refuses a server its CA did not sign, and a server named otherwise', async () => {
  const impostor = await serve(
    material(issueCertificate(stranger, { commonName: 'x', ipAddresses: ['127.0.0.1'] })),
  );
  const client = connect(impostor.address, { tls: material(clientCert) });
  assert.equal(outcome(await client.infer(frame(1), {})), 'unavailable');
  // Signed by the right CA, but for another address.
  const misnamed = await serve(
    material(issueCertificate(ca, { commonName: 'y', ipAddresses: ['10.9.9.9'] })),
  );
  const second = connect(misnamed.address, { tls: material(clientCert) });
  assert.equal(outcome(await second.infer(frame(1), {})), 'unavailable');
  assert.equal(impostor.stats.served + misnamed.stats.served, 0);
});

void test('TLS without a CA on the server: clients are not asked for a certificate', async () => {
  const server = await serve(material(serverCert, undefined));
  const client = connect(server.address, { tls: material(clientCert) });
  assert.equal(outcome(await client.infer(frame(2), {})), 'ok 2,-2');
});

void test('loadTls reads PEM files and says in one line what is wrong with bad ones', async (t) => {
  const dir = tempDir(t);
  const write = (name: string, text: string): string => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const cert = write('tls.crt', serverCert.certPem);
  const key = write('tls.key', serverCert.keyPem);
  const caFile = write('ca.crt', ca.certPem);
  const loaded = await loadTls({ cert, key, ca: caFile });
  assert.equal(loaded.cert.toString(), serverCert.certPem);
  assert.equal(loaded.key.toString(), serverCert.keyPem);
  assert.equal(loaded.ca?.toString(), ca.certPem);
  assert.equal((await loadTls({ cert, key })).ca, undefined);

  const cases: Array<[Parameters<typeof loadTls>[0], RegExp]> = [
    [
      { cert: path.join(dir, 'missing.crt'), key },
      /cannot read the TLS certificate file .*missing\.crt \(ENOENT\)/,
    ],
    [
      { cert: write('junk.crt', 'not a certificate'), key },
      /TLS certificate in .*junk\.crt is not a PEM certificate/,
    ],
    [{ cert, key: write('junk.key', 'nope') }, /TLS key in .*junk\.key is not a PEM private key/],
    [
      { cert, key: write('other.key', clientCert.keyPem) },
      /TLS key in .*other\.key does not belong to the certificate in .*tls\.crt \(CN=server\)/,
    ],
    [{ cert, key, ca: write('bad-ca.crt', 'x') }, /TLS CA in .*bad-ca\.crt is not a PEM certificate/],
  ];
  for (const [files, message] of cases) {
    await assert.rejects(loadTls(files), (err: Error) => {
      assert.ok(err instanceof ConfigError, err.message);
      assert.match(err.message, message);
      assert.equal(err.message.includes('\n'), false);
      return true;
    });
  }
});
