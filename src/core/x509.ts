/**
 * Throw-away X.509 certificates for mutual TLS between a run's tiers: a CA
 * and certificates it signs, each with a P-256 key. Node has no certificate
 * builder, and a run must not need the openssl CLI or an apt package on a
 * fresh machine, so the certificate is written here in DER (der.ts) while the
 * keys, the signature and every check of the result are Node's crypto
 * (OpenSSL). Meant for runs and tests, not for a production PKI: no
 * revocation, no policies, a fixed key type.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import {
  bitString,
  boolean,
  context,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from './der.js';

/** A certificate and its private key, both PEM. */
export interface Credentials {
  readonly certPem: string;
  readonly keyPem: string;
}

/** A CA that can sign certificates (issueCertificate). */
export interface Authority extends Credentials {
  readonly name: string;
  readonly key: crypto.KeyObject;
  readonly keyId: Buffer;
}

export interface CertificateRequest {
  /** Subject common name. */
  readonly commonName: string;
  /** Subject alternative names a TLS client checks the server against. */
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  /** Valid this many days from now (default 7: these certificates live as long as a run). */
  readonly days?: number;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

const DAY_MS = 86_400_000;
/** Clocks of the tiers may differ a little; a certificate valid from "now" could be refused. */
const BACKDATE_MS = 5 * 60_000;

/** A new self-signed CA named `name`. */
export function createAuthority(name: string, days = 7): Authority {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyId = keyIdentifier(publicKey);
  const extensions = [
    extension(OID.basicConstraints, sequence(boolean(true)), true),
    // keyCertSign (bit 5) and cRLSign (bit 6): 0b0000_0110, one unused bit.
    extension(OID.keyUsage, bitString(Buffer.from([0x06]), 1), true),
    extension(OID.subjectKeyId, octetString(keyId)),
  ];
  const certPem = sign({ name, key: privateKey, keyId }, name, publicKey, days, extensions);
  return { name, key: privateKey, keyId, certPem, keyPem: pemKey(privateKey) };
}

/** A certificate signed by `ca`, good for both ends of a TLS connection (serverAuth and clientAuth). */
export function issueCertificate(ca: Authority, request: CertificateRequest): Credentials {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const names = [
    ...(request.dnsNames ?? []).map((d) => context(2, Buffer.from(d, 'ascii'), false)),
    ...(request.ipAddresses ?? []).map((ip) => context(7, ipBytes(ip), false)),
  ];
  const extensions = [
    extension(OID.basicConstraints, sequence(), true),
    // digitalSignature (bit 0): 0b1000_0000, seven unused bits.
    extension(OID.keyUsage, bitString(Buffer.from([0x80]), 7), true),
    extension(OID.extKeyUsage, sequence(oid(OID.serverAuth), oid(OID.clientAuth))),
    ...(names.length > 0 ? [extension(OID.subjectAltName, sequence(...names))] : []),
    extension(OID.subjectKeyId, octetString(keyIdentifier(publicKey))),
    extension(OID.authorityKeyId, sequence(context(0, ca.keyId, false))),
  ];
  const certPem = sign(ca, request.commonName, publicKey, request.days ?? 7, extensions);
  return { certPem, keyPem: pemKey(privateKey) };
}

/** The DER certificate for `subject`'s public key, signed by `issuer`, as PEM. */
function sign(
  issuer: Pick<Authority, 'name' | 'key' | 'keyId'>,
  subject: string,
  publicKey: crypto.KeyObject,
  days: number,
  extensions: readonly Buffer[],
): string {
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const now = Date.now();
  const serial = crypto.randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01; // positive and never zero
  const tbs = sequence(
    context(0, smallInteger(2), true), // version 3
    unsignedInteger(serial),
    algorithm,
    distinguishedName(issuer.name),
    sequence(time(new Date(now - BACKDATE_MS)), time(new Date(now + days * DAY_MS))),
    distinguishedName(subject),
    publicKey.export({ type: 'spki', format: 'der' }),
    context(3, sequence(...extensions), true),
  );
  const signature = crypto.sign('sha256', tbs, issuer.key);
  const der = sequence(tbs, algorithm, bitString(signature));
  return pem('CERTIFICATE', der);
}

function distinguishedName(commonName: string): Buffer {
  return sequence(set(sequence(oid(OID.commonName), utf8String(commonName))));
}

function extension(id: string, value: Buffer, critical = false): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** SHA-1 of the public key info: an identifier only (RFC 5280 4.2.1.2 allows any such method). */
function keyIdentifier(publicKey: crypto.KeyObject): Buffer {
  return crypto
    .createHash('sha1')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
}

function pemKey(key: crypto.KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** An IP address as the 4 or 16 bytes of an iPAddress name. */
function ipBytes(ip: string): Buffer {
  if (net.isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  if (!net.isIPv6(ip)) throw new RangeError(`'${ip}' is not an IP address`);
  const [head = '', tail = ''] = ip.split('::');
  const groups = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16));
  const left = groups(head);
  const right = ip.includes('::') ? groups(tail) : [];
  const words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const out = Buffer.alloc(16);
  words.forEach((w, i) => out.writeUInt16BE(w, i * 2));
  return out;
}
