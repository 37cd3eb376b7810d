/**
 * Stage failures as the orchestrator sees them: a stage reports an error by
 * name over IPC (or exits), and the run rejects with the same named error,
 * saying which stage, so the CLI maps it to the right exit code.
 */
import {
  ConfigError,
  asError,
  CouperError,
  ModelError,
  PluginError,
  RuntimeError,
  SliceError,
  TransportError,
} from '../core/errors.js';
import { StageFailure, type StageProcess } from './processes.js';

/** Rejects with the first stage error or unexpected exit while the run is live. */
export function watchFailures(stages: readonly StageProcess[]): { promise: Promise<never>; dispose(): void } {
  const offs: (() => void)[] = [];
  const promise = new Promise<never>((_, reject) => {
    for (const s of stages) {
      const onMessage = (m: { type: string; name?: string; message?: string }): void => {
        if (m.type === 'error') reject(stageError(s.name, m.name ?? 'RuntimeError', m.message ?? ''));
      };
      const onExit = (code: number | null, sig: string | null): void =>
        reject(stageError(s.name, 'RuntimeError', `process exited unexpectedly (${sig ?? `code ${code}`})`));
      s.child.on('message', onMessage);
      s.child.on('exit', onExit);
      offs.push(() => {
        s.child.off('message', onMessage);
        s.child.off('exit', onExit);
      });
    }
  });
  promise.catch(() => undefined);
  return { promise, dispose: () => offs.forEach((off) => off()) };
}

const ERRORS: Record<string, new (message: string) => CouperError> = {
  ConfigError,
  ModelError,
  PluginError,
  RuntimeError,
  SliceError,
  TransportError,
};

/** A stage's error as the named error it was in the stage, saying which stage. */
export function stageError(stage: string, name: string, message: string): CouperError {
  const Type = ERRORS[name] ?? RuntimeError;
  return new Type(`stage ${stage}: ${message}`);
}

/** `promise`, or the abort reason as soon as `signal` fires. */
export function abortable<T>(signal: AbortSignal, promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(asError(signal.reason));
    signal.addEventListener('abort', () => reject(asError(signal.reason)), { once: true });
    promise.then(resolve, (err: unknown) =>
      reject(err instanceof StageFailure ? stageError(err.stage, err.errorName, err.message) : asError(err)),
    );
  });
}
