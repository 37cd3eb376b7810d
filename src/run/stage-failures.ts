/**
 * Failures as the orchestrator sees them. A stage that reports an error by
 * name over IPC fails the run with the same named error, saying which stage,
 * so the CLI maps it to the right exit code. A process the run needs that
 * dies or stops answering (a stage, or a site's helper such as a link
 * emulator) fails it with a RunFailedError naming what, its pid and where:
 * without that watch, a dead link emulator only showed as frames dropped,
 * blamed on the stage before it. Every failure after the camera started
 * carries what was measured until then (RunProgress).
 */
import {
  ConfigError,
  asError,
  CouperError,
  ModelError,
  PluginError,
  RunFailedError,
  RuntimeError,
  SliceError,
  TransportError,
} from '../core/errors.js';
import { StageFailure, type FailureKind, type StageProcess } from './processes.js';

/** Where a stage runs, for messages: 'on tier edge', 'on this machine'. */
export type PlaceOf = (stage: string) => string;

/**
 * Rejects with the first stage error, stage exit or helper death while the
 * run is live. `watchHelpers` is the site's: it calls back with one line when
 * a helper process dies, and returns what stops the watch.
 */
export function watchFailures(
  stages: readonly StageProcess[],
  placeOf: PlaceOf,
  watchHelpers: (onDeath: (what: string) => void) => () => void = () => () => undefined,
): { promise: Promise<never>; dispose(): void } {
  const offs: (() => void)[] = [];
  const promise = new Promise<never>((_, reject) => {
    for (const s of stages) {
      const onMessage = (m: { type: string; name?: string; message?: string }): void => {
        if (m.type === 'error')
          reject(stageError(s.name, m.name ?? 'RuntimeError', m.message ?? '', 'error', placeOf));
      };
      const onExit = (code: number | null, sig: string | null): void =>
        reject(
          new RunFailedError(
            `stage ${s.name} (pid ${s.child.pid ?? '?'}, ${placeOf(s.name)}) died (${sig ?? `exit code ${code}`})`,
          ),
        );
      s.child.on('message', onMessage);
      s.child.on('exit', onExit);
      offs.push(() => {
        s.child.off('message', onMessage);
        s.child.off('exit', onExit);
      });
    }
    offs.push(watchHelpers((what) => reject(new RunFailedError(what))));
  });
  promise.catch(() => undefined);
  return { promise, dispose: () => offs.forEach((off) => off()) };
}

const ERRORS: Record<string, new (message: string) => CouperError> = {
  ConfigError,
  ModelError,
  PluginError,
  RunFailedError,
  RuntimeError,
  SliceError,
  TransportError,
};

/**
 * A stage's failure as a named error saying which stage: what it reported as
 * the error it was in the stage, an exit or silence as a RunFailedError.
 */
export function stageError(
  stage: string,
  name: string,
  message: string,
  kind: FailureKind = 'error',
  placeOf?: PlaceOf,
  pid?: number,
): CouperError {
  if (kind !== 'error') {
    const where = [pid === undefined ? null : `pid ${pid}`, placeOf?.(stage) ?? null].filter(Boolean);
    return new RunFailedError(`stage ${stage}${where.length ? ` (${where.join(', ')})` : ''} ${message}`);
  }
  const Type = ERRORS[name] ?? RuntimeError;
  // A helper of the stage died (its ffmpeg): say where, as for the stage's own death.
  const place = Type === RunFailedError && placeOf ? ` (${placeOf(stage)})` : '';
  return new Type(`stage ${stage}${place}: ${message}`);
}

/** `promise`, or the abort reason as soon as `signal` fires; stage failures become named errors. */
export function abortable<T>(
  signal: AbortSignal,
  promise: Promise<T>,
  stages: readonly StageProcess[] = [],
  placeOf?: PlaceOf,
): Promise<T> {
  promise.catch(() => undefined);
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(asError(signal.reason));
    signal.addEventListener('abort', () => reject(asError(signal.reason)), { once: true });
    promise.then(resolve, (err: unknown) => {
      if (!(err instanceof StageFailure)) return reject(asError(err));
      const pid = stages.find((s) => s.name === err.stage)?.child.pid;
      reject(stageError(err.stage, err.errorName, err.message, err.kind, placeOf, pid));
    });
  });
}
