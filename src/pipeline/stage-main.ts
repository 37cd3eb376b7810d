/**
 * Entry point of a stage process (forked by the orchestrator with an IPC
 * channel). The channel carries control only: config in, `ready` with the
 * relay port out, `connect`, `start`, `status`, `stop` in, final `stats` out.
 * The process ends on `stop`, and also when the channel goes away (the
 * orchestrator died), so a stage can never outlive its run.
 */
import { CouperError, describeError } from '../core/errors.js';
import { loadTls, type TlsMaterial } from '../transport/index.js';
import {
  STAGE_STOP_MS,
  type FromStage,
  type StageConfig,
  type StageStats,
  type StageStatus,
  type ToStage,
} from './messages.js';
import type { CameraStage } from './stage/camera-stage.js';
import type { Role } from './stage/roles.js';
import { tlsFilesFromArgs } from './stage-args.js';

interface RunningStage {
  listen(): Promise<number>;
  connect(next: string, timeoutMs: number): Promise<boolean>;
  status(): StageStatus;
  stop(): Promise<StageStats>;
}

const CONNECT_TIMEOUT_MS = 10_000;

let stage: RunningStage | null = null;
let camera: CameraStage | null = null;
let role: Role | null = null;
let stopping = false;
let stageName = 'stage';
let stopTimeoutMs = STAGE_STOP_MS;

function send(message: FromStage): void {
  if (process.connected) process.send?.(message);
}

function fail(err: unknown): void {
  const name = err instanceof CouperError ? err.name : 'RuntimeError';
  send({ type: 'error', name, message: describeError(err).split('\n', 1)[0] ?? '' });
}

/** The process's TLS flags, read when the config comes so that a bad file is reported like any failure. */
async function tlsMaterial(): Promise<TlsMaterial | undefined> {
  const files = tlsFilesFromArgs(process.argv.slice(2));
  return files && loadTls(files);
}

async function configure(config: StageConfig): Promise<void> {
  stageName = config.name;
  stopTimeoutMs = config.stopTimeoutMs ?? STAGE_STOP_MS;
  const tls = await tlsMaterial();
  // Imported here, not above: the camera needs no model runtime and an evaluator no video decoder.
  if (config.role === 'camera' && config.camera) {
    const { CameraStage } = await import('./stage/camera-stage.js');
    camera = new CameraStage(config, config.camera, tls);
    stage = camera;
  } else {
    const [{ createRole }, { RelayStage }] = await Promise.all([
      import('./stage/roles.js'),
      import('./stage/relay-stage.js'),
    ]);
    role = await createRole(config);
    stage = new RelayStage(config, role.compute, tls);
  }
  send({ type: 'ready', port: await stage.listen() });
}

async function connect(next: string | null): Promise<void> {
  if (next !== null && stage && !(await stage.connect(next, CONNECT_TIMEOUT_MS)))
    throw new CouperError(`next stage at ${next} did not answer within ${CONNECT_TIMEOUT_MS} ms`);
  send({ type: 'connected' });
}

/** Stop, report, and leave. A stage that cannot stop in time is ended anyway. */
async function stop(report: boolean): Promise<void> {
  if (stopping) return;
  stopping = true;
  setTimeout(() => {
    // Without this line the orchestrator can only say the stage died before its stats.
    process.stderr.write(
      `stage ${stageName}: did not stop within ${(stopTimeoutMs / 1000).toFixed(1)} s (work or sends still in flight); ending without its figures\n`,
    );
    process.exit(1);
  }, stopTimeoutMs).unref();
  try {
    const stats = await stage?.stop();
    await role?.close();
    if (report && stats) send({ type: 'stats', stats });
  } catch (err) {
    if (report) fail(err);
  }
  process.disconnect?.();
  process.exit(0);
}

async function handle(message: ToStage): Promise<void> {
  switch (message.type) {
    case 'config':
      return configure(message.config);
    case 'connect':
      return connect(message.next);
    case 'start':
      camera?.start((err) => err && fail(err));
      return;
    case 'status':
      return void send({ type: 'status', status: stage?.status() ?? { dropped: 0 } });
    case 'stop':
      return stop(true);
  }
}

process.on('message', (message: ToStage) => void handle(message).catch(fail));
process.on('disconnect', () => void stop(false));
// The orchestrator handles Ctrl-C for the whole run; a terminal's SIGINT to the group must not kill us first.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => void stop(false));
