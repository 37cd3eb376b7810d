/**
 * The one owner of the stage processes and the run folder (a site
 * starts the processes; this class ends them). close() (done once, whoever calls it first:
 * success, failure or a signal) asks every stage to stop, ends stragglers
 * with SIGTERM and then SIGKILL, and removes the folder.
 */
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { endProcess, exitsWithin, isRunning } from '../core/child.js';
import type { FromStage, ToStage } from '../pipeline/messages.js';

export const STAGE_MAIN = fileURLToPath(new URL('../pipeline/stage-main.js', import.meta.url));

/**
 * How every stage process is started, wherever it runs: control over an IPC
 * channel on fd 3 (it survives `sh -c exec` and `ip netns exec`, which
 * inherit fds and the NODE_CHANNEL_* environment), stderr passed through
 * (stages write only errors there).
 */
export const STAGE_IPC_OPTIONS: SpawnOptions = {
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  serialization: 'advanced',
};

export interface StageProcess {
  readonly name: string;
  readonly child: ChildProcess;
  send(message: ToStage): void;
  /** The next message of `type` from the stage (rejects when the stage exits or reports an error first). */
  next<T extends FromStage['type']>(type: T, timeoutMs: number): Promise<Extract<FromStage, { type: T }>>;
}

export class RunResources {
  readonly dir: string;
  private readonly stages: StageProcess[] = [];
  private closing: Promise<void> | null = null;

  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-run-'));
    // `couper staging clean` removes the folder once this pid is gone (an orchestrator killed with SIGKILL).
    fs.writeFileSync(path.join(this.dir, 'owner'), String(process.pid));
  }

  get processes(): readonly StageProcess[] {
    return this.stages;
  }

  /** Own a stage process that was just started (by a site). */
  adopt(name: string, child: ChildProcess): StageProcess {
    const stage = stageProcess(name, child);
    this.stages.push(stage);
    return stage;
  }

  /** Stop everything this run made. Safe to call more than once; later calls wait for the first. */
  close(graceMs = 3000): Promise<void> {
    this.closing ??= this.shutdown(graceMs);
    return this.closing;
  }

  private async shutdown(graceMs: number): Promise<void> {
    await Promise.all(this.stages.map((s) => endStage(s, graceMs)));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `stop` first; then SIGTERM and SIGKILL, each after `graceMs` without an exit. */
async function endStage(stage: StageProcess, graceMs: number): Promise<void> {
  const { child } = stage;
  if (!isRunning(child)) return;
  stage.send({ type: 'stop' });
  if (await exitsWithin(child, graceMs)) return;
  await endProcess(child, graceMs);
}

function stageProcess(name: string, child: ChildProcess): StageProcess {
  return {
    name,
    child,
    send(message) {
      if (child.connected) child.send(message, (err) => err && undefined);
    },
    next(type, timeoutMs) {
      return nextMessage(name, child, type, timeoutMs);
    },
  };
}

/**
 * How a stage failed a request: it reported an error by name, its process
 * exited, or it did not answer in time (hung, or stopped with SIGSTOP).
 */
export type FailureKind = 'error' | 'exit' | 'timeout';

export class StageFailure extends Error {
  constructor(
    readonly stage: string,
    readonly errorName: string,
    message: string,
    readonly kind: FailureKind = 'error',
  ) {
    super(message);
  }
}

function nextMessage<T extends FromStage['type']>(
  name: string,
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<FromStage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        finish(
          new StageFailure(
            name,
            'RuntimeError',
            `stopped answering (no '${type}' within ${timeoutMs / 1000} s)`,
            'timeout',
          ),
        ),
      timeoutMs,
    );
    const onMessage = (message: FromStage): void => {
      if (message.type === type) finish(null, message as Extract<FromStage, { type: T }>);
      else if (message.type === 'error') finish(new StageFailure(name, message.name, message.message));
    };
    const onExit = (code: number | null, signal: string | null): void =>
      finish(
        new StageFailure(
          name,
          'RuntimeError',
          `died (${signal ?? `exit code ${code}`}) before '${type}'`,
          'exit',
        ),
      );
    function finish(err: Error | null, message?: Extract<FromStage, { type: T }>): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(message!);
    }
    if (!isRunning(child)) return onExit(child.exitCode, child.signalCode);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
