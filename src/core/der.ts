/**
 * The few ASN.1 DER encodings an X.509 certificate is written with (x509.ts):
 * each function returns one whole element, tag and length included, so a
 * structure is built by nesting calls. Writing only; certificates are read and
 * checked by Node's crypto (OpenSSL), never by this file.
 */

const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** One element: tag, definite length (short or long form), contents. */
export function element(tag: number, contents: Uint8Array): Buffer {
  const n = contents.byteLength;
  let length: number[];
  if (n < 0x80) length = [n];
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    length = [0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from([tag, ...length]), contents]);
}

export const sequence = (...items: Uint8Array[]): Buffer => element(TAG.sequence, Buffer.concat(items));
export const set = (...items: Uint8Array[]): Buffer => element(TAG.set, Buffer.concat(items));
export const boolean = (value: boolean): Buffer => element(TAG.boolean, Buffer.from([value ? 0xff : 0]));
export const octetString = (bytes: Uint8Array): Buffer => element(TAG.octetString, bytes);
export const utf8String = (text: string): Buffer => element(TAG.utf8String, Buffer.from(text, 'utf8'));

/** A BIT STRING whose bits fill whole bytes but the last `unusedBits` of it. */
export function bitString(bytes: Uint8Array, unusedBits = 0): Buffer {
  return element(TAG.bitString, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

/** A non-negative INTEGER from its big-endian magnitude (a leading zero keeps it positive). */
export function unsignedInteger(magnitude: Uint8Array): Buffer {
  let start = 0;
  while (start < magnitude.byteLength - 1 && magnitude[start] === 0) start += 1;
  const trimmed = magnitude.subarray(start);
  const pad = (trimmed[0] ?? 0) & 0x80 ? [0] : [];
  return element(TAG.integer, Buffer.concat([Buffer.from(pad), trimmed]));
}

export const smallInteger = (value: number): Buffer => unsignedInteger(Buffer.from([value]));

/** An OBJECT IDENTIFIER from its dotted form ('2.5.4.3'). */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = arcs;
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const groups: number[] = [arc % 128];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) groups.unshift(0x80 | (v % 128));
    bytes.push(...groups);
  }
  return element(TAG.oid, Buffer.from(bytes));
}

/** X.509 validity time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280, 4.1.2.5). */
export function time(date: Date): Buffer {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  const year = date.getUTCFullYear();
  return year < 2050
    ? element(TAG.utcTime, Buffer.from(`${digits.slice(2)}Z`, 'ascii'))
    : element(TAG.generalizedTime, Buffer.from(`${digits}Z`, 'ascii'));
}

/** A context-specific tag [n]: constructed (EXPLICIT, wrapping whole elements) or primitive (IMPLICIT). */
export function context(n: number, contents: Uint8Array, constructed: boolean): Buffer {
  return element((constructed ? 0xa0 : 0x80) | n, contents);
}
