/**
 * Tests of the throw-away certificate builder: Node's own X.509 parser reads
 * what it writes, the signatures chain to the CA, the names and uses are the
 * ones asked for, and a TLS handshake with them succeeds (and fails against
 * another CA).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import tls from 'node:tls';
import { createAuthority, issueCertificate } from './x509.js';

test('the CA is self-signed, a CA, and signs the certificates it issues', () => {
  const ca = createAuthority('couper test CA', 3);
  const caCert = new crypto.X509Certificate(ca.certPem);
  assert.equal(caCert.subject, 'CN=couper test CA');
  assert.equal(caCert.ca, true);
  assert.ok(caCert.verify(caCert.publicKey));
  const days = (Date.parse(caCert.validTo) - Date.parse(caCert.validFrom)) / 86_400_000;
  assert.ok(days > 3 && days < 3.01, `valid for ${days} days`);

  const leaf = issueCertificate(ca, {
    commonName: 'edge',
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1', 'fd00::1'],
  });
  const cert = new crypto.X509Certificate(leaf.certPem);
  assert.equal(cert.subject, 'CN=edge');
  assert.equal(cert.issuer, 'CN=couper test CA');
  assert.equal(cert.ca, false);
  assert.ok(cert.checkIssued(caCert));
  assert.ok(cert.verify(caCert.publicKey));
  assert.equal(cert.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:FD00:0:0:0:0:0:0:1');
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(cert.checkIP('10.0.0.1'), undefined);
  // The key matches the certificate.
  const key = crypto.createPrivateKey(leaf.keyPem);
  assert.ok(cert.checkPrivateKey(key));
  // Another CA did not sign it.
  const other = new crypto.X509Certificate(createAuthority('other').certPem);
  assert.equal(cert.verify(other.publicKey), false);
});

test('two issued certificates have different serial numbers and keys', () => {
  const ca = createAuthority('ca');
  const a = new crypto.X509Certificate(issueCertificate(ca, { commonName: 'a' }).certPem);
  const b = new crypto.X509Certificate(issueCertificate(ca, { commonName: 'a' }).certPem);
  assert.notEqual(a.serialNumber, b.serialNumber);
  assert.notEqual(
    a.publicKey.export({ type: 'spki', format: 'der' }).toString('hex'),
    b.publicKey.export({ type: 'spki', format: 'der' }).toString('hex'),
  );
});

test('an IP that is not one is refused', () => {
  assert.throws(
    () => issueCertificate(createAuthority('ca'), { commonName: 'x', ipAddresses: ['1.2.3'] }),
    /not an IP address/,
  );
});

/**
 * Connects with `client` options to a mutual-TLS server, resolving to what it said, the error,
 * or 'closed unanswered' (a refused client certificate may end the connection without an alert
 * reaching the client).
 */
async function handshake(server: tls.Server, client: tls.ConnectionOptions): Promise<string> {
  const port = (server.address() as AddressInfo).port;
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ...client });
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    let failure = '';
    // Under TLS 1.3 the server's refusal of a client certificate arrives after the client's handshake.
    socket.on('error', (err: NodeJS.ErrnoException) => (failure = `error ${err.code ?? err.message}`));
    socket.on('close', () => resolve(failure || text || 'closed unanswered'));
  });
}

test('mutual TLS works with the issued certificates and not with another CA', async () => {
  const ca = createAuthority('ca');
  const server = issueCertificate(ca, { commonName: 'server', ipAddresses: ['127.0.0.1'] });
  const client = issueCertificate(ca, { commonName: 'client' });
  const stranger = issueCertificate(createAuthority('stranger'), { commonName: 'client' });
  const listener = tls.createServer(
    { cert: server.certPem, key: server.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true },
    (s) => s.end(`hello ${String(s.getPeerCertificate().subject.CN)}`),
  );
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  try {
    assert.equal(
      await handshake(listener, { ca: ca.certPem, cert: client.certPem, key: client.keyPem }),
      'hello client',
    );
    assert.match(
      await handshake(listener, { ca: ca.certPem, cert: stranger.certPem, key: stranger.keyPem }),
      /^(error |closed unanswered)/,
    );
    assert.match(await handshake(listener, { ca: ca.certPem }), /^(error |closed unanswered)/);
    // The client checks the server too: a CA it does not know is refused.
    assert.match(
      await handshake(listener, {
        ca: createAuthority('x').certPem,
        cert: client.certPem,
        key: client.keyPem,
      }),
      /^error .*(SELF_SIGNED|UNABLE_TO|VERIFY)/,
    );
  } finally {
    listener.close();
  }
});
