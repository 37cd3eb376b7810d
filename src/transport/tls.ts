/**
 * TLS for every hop: the certificate, key and CA files a stage (or `couper
 * serve`) is given, read and checked once where they are loaded, and the
 * Node TLS options the relay server and client build from them. A server
 * with a CA asks every client for a certificate and refuses one the CA did
 * not sign (mutual TLS); a client checks the server against the CA and
 * presents its own certificate.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type tls from 'node:tls';
import { ConfigError, describeError } from '../core/errors.js';

/** Paths of PEM files, as flags and infrastructure files name them. */
export interface TlsFiles {
  readonly cert: string;
  readonly key: string;
  /** The CA that signed the peers' certificates; without it the system's roots check the server and clients are not asked for one. */
  readonly ca?: string;
}

/** The files' PEM contents, as the relay server and client take them. */
export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly ca?: Buffer;
}

/** Reads and checks the files: each must be PEM of its kind, and the key must be the certificate's. */
export async function loadTls(files: TlsFiles): Promise<TlsMaterial> {
  const cert = await readPem(files.cert, 'certificate');
  const key = await readPem(files.key, 'key');
  const ca = files.ca === undefined ? undefined : await readPem(files.ca, 'CA certificate');
  const material = ca ? { cert, key, ca } : { cert, key };
  checkTls(material, files);
  return material;
}

/** Throws a ConfigError naming the file when the material is not a certificate, its key and a CA. */
export function checkTls(material: TlsMaterial, files?: Partial<TlsFiles>): void {
  const where = (kind: keyof TlsFiles): string => (files?.[kind] ? ` in ${files[kind]}` : '');
  let certificate: crypto.X509Certificate;
  try {
    certificate = new crypto.X509Certificate(material.cert);
  } catch (err) {
    throw new ConfigError(`TLS certificate${where('cert')} is not a PEM certificate: ${describeError(err)}`);
  }
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey(material.key);
  } catch (err) {
    throw new ConfigError(`TLS key${where('key')} is not a PEM private key: ${describeError(err)}`);
  }
  if (!certificate.checkPrivateKey(key))
    throw new ConfigError(
      `TLS key${where('key')} does not belong to the certificate${where('cert')} (${certificate.subject}); give the key the certificate was issued for`,
    );
  if (material.ca === undefined) return;
  try {
    new crypto.X509Certificate(material.ca);
  } catch (err) {
    throw new ConfigError(`TLS CA${where('ca')} is not a PEM certificate: ${describeError(err)}`);
  }
}

async function readPem(file: string, what: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? describeError(err);
    throw new ConfigError(`cannot read the TLS ${what} file ${file} (${code}); give a readable PEM file`);
  }
}

/** The server's options: with a CA, clients must present a certificate it signed. */
export function serverTlsOptions(material: TlsMaterial): tls.TlsOptions {
  const mutual = material.ca !== undefined;
  return {
    cert: material.cert,
    key: material.key,
    ...(mutual ? { ca: material.ca } : {}),
    requestCert: mutual,
    rejectUnauthorized: mutual,
    minVersion: 'TLSv1.2',
  };
}

/** The client's options: the server is checked against the CA (the system's roots without one). */
export function clientTlsOptions(material: TlsMaterial): tls.ConnectionOptions {
  return {
    cert: material.cert,
    key: material.key,
    ...(material.ca ? { ca: material.ca } : {}),
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  };
}
