/**
 * The command line of a stage process: its stage name, then the TLS flags
 * every hop's two ends take (`--tls-cert FILE --tls-key FILE [--tls-ca
 * FILE]`). Flags rather than the IPC config, so that a process started by
 * hand, by a container or by a Kubernetes Deployment takes the same ones.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';
import type { TlsFiles } from '../transport/index.js';

/** The flags, as they are written, for whoever starts a stage process with TLS. */
export function tlsArgs(files: TlsFiles): string[] {
  return ['--tls-cert', files.cert, '--tls-key', files.key, ...(files.ca ? ['--tls-ca', files.ca] : [])];
}

/** The TLS files the flags name, or undefined without any; cert and key come together, a CA needs them. */
export function tlsFilesFromArgs(argv: readonly string[]): TlsFiles | undefined {
  let values: { 'tls-cert'?: string; 'tls-key'?: string; 'tls-ca'?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-ca': { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (err) {
    throw new UsageError(`stage process: ${(err as Error).message.split('\n', 1)[0] ?? ''}`);
  }
  const { 'tls-cert': cert, 'tls-key': key, 'tls-ca': ca } = values;
  if (cert === undefined && key === undefined) {
    if (ca !== undefined) throw new UsageError('--tls-ca needs --tls-cert and --tls-key');
    return undefined;
  }
  if (cert === undefined || key === undefined)
    throw new UsageError(
      `--tls-${cert === undefined ? 'key' : 'cert'} needs --tls-${cert === undefined ? 'cert' : 'key'}`,
    );
  return ca === undefined ? { cert, key } : { cert, key, ca };
}
