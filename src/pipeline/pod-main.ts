/**
 * Entry point of a published stage (the runtime image's ENTRYPOINT): one
 * stage per container, with no orchestrator. The role is the command, the
 * stage's configuration a file (from the bundle's ConfigMap), the next
 * stage an address (its Service). Pods start in any order, so the stage
 * serves first and then waits for the next one; the camera starts once its
 * transformer answers. On SIGTERM (or when the camera's frames are done) the
 * stage stops and prints what it measured as one JSON line; the camera's
 * line is the run's summary, figured as `couper run` figures it.
 *
 *   node pod-main.js ROLE --config FILE --port N [--next HOST:PORT]
 *
 * Without --next, the address comes from COUPER_NEXT (the bundle sets it from
 * the ConfigMap).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, describeError } from '../core/errors.js';
import { loadTls, type TlsFiles } from '../transport/index.js';
import type { StageConfig, StageRole, StageStats } from './messages.js';
import { joinRecords, summarise } from './metrics.js';
import { CameraStage } from './stage/camera-stage.js';
import { RelayStage } from './stage/relay-stage.js';
import { createRole, type Role } from './stage/roles.js';
import { tlsFilesOf } from './stage-args.js';

const ROLES: readonly StageRole[] = ['camera', 'transformer', 'evaluator', 'classifier'];
const CONNECT_TRY_MS = 5000;
const USAGE =
  'usage: pod-main ROLE --config FILE --port N --next HOST:PORT [--tls-cert FILE --tls-key FILE [--tls-ca FILE]]';

interface PodArgs {
  readonly config: StageConfig;
  readonly next: string;
  /** The tier's certificate, key and CA (mounted from its Secret) when hops are TLS. */
  readonly tls?: TlsFiles;
}

export function parsePodArgs(argv: readonly string[]): PodArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      next: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-ca': { type: 'string' },
    },
  });
  const role = positionals[0] as StageRole | undefined;
  if (role === undefined || !ROLES.includes(role) || positionals.length !== 1)
    throw new ConfigError(
      `the role must be one of ${ROLES.join(', ')}, not '${positionals.join(' ')}'; ${USAGE}`,
    );
  const tls = tlsFilesOf(values);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new ConfigError(`--port must be a port number, not '${values.port ?? ''}'; ${USAGE}`);
  // The environment too: Kubernetes would expand $(COUPER_NEXT) in args, podman kube play does not.
  const next = values.next ?? process.env['COUPER_NEXT'];
  if (next === undefined || !/^[^\s:]+:\d+$/.test(next))
    throw new ConfigError(`--next (or COUPER_NEXT) must be HOST:PORT, not '${next ?? ''}'; ${USAGE}`);
  const config = readConfig(values.config, role);
  return {
    config: { ...config, port, bindAddress: config.bindAddress ?? '0.0.0.0', readyWhenConnected: true },
    next,
    ...(tls !== undefined && { tls }),
  };
}

function readConfig(file: string | undefined, role: StageRole): StageConfig {
  if (file === undefined) throw new ConfigError(`--config is required; ${USAGE}`);
  let config: Partial<StageConfig>;
  try {
    config = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<StageConfig>;
  } catch (err) {
    throw new ConfigError(
      `--config '${file}' is not a readable JSON stage configuration: ${describeError(err)}`,
    );
  }
  if (config.role !== role || typeof config.name !== 'string')
    throw new ConfigError(`--config '${file}' configures a ${String(config.role)} stage, not a(n) ${role}`);
  return config as StageConfig;
}

async function main(args: PodArgs): Promise<void> {
  const { config, next } = args;
  const tls = args.tls && (await loadTls(args.tls));
  const camera =
    config.role === 'camera' && config.camera ? new CameraStage(config, config.camera, tls) : null;
  const role: Role | null = camera ? null : await createRole(config);
  const stage = camera ?? new RelayStage(config, role!.compute, tls);
  const port = await stage.listen();
  log(`${config.name} (${config.role}) serving on ${config.bindAddress}:${port}; next ${next}`);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const stats = await stage.stop();
    await role?.close();
    process.stdout.write(`${JSON.stringify(report(config, stats))}\n`);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  while (!stopping && !(await stage.connect(next, CONNECT_TRY_MS))) log(`waiting for ${next}`);
  log(`${config.name} connected to ${next}`);
  camera?.start((err) => {
    if (err) log(`camera stopped: ${describeError(err)}`);
    // Results still on their way get the drain time of a run before the figures are taken.
    void sleep(2000).then(stop);
  });
}

/** The camera's figures as `couper run` gives them (drops past the camera count as in flight); others' counts. */
function report(config: StageConfig, stats: StageStats): unknown {
  if (config.role !== 'camera')
    return { stage: stats.stage, processed: stats.records.length, dropped: stats.drops.length };
  const summary = summarise(joinRecords([stats]), [stats], config.camera?.warmup ?? 0);
  return { stage: stats.stage, summary };
}

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

// Run as a program only (the unit test imports parsePodArgs).
if (process.argv[1]?.endsWith('pod-main.js')) {
  try {
    void main(parsePodArgs(process.argv.slice(2))).catch((err: unknown) => {
      log(`error: ${describeError(err)}`);
      process.exit(1);
    });
  } catch (err) {
    process.stderr.write(`${describeError(err)}\n`);
    process.exit(1);
  }
}
