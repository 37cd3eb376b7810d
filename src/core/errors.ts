/**
 * Named errors. Messages quote the bad value and where it was found; only
 * src/cli maps these classes to exit codes.
 */
export class CouperError extends Error {
  /** A user's mistake (bad file, bad option, bad config) rather than a bug of ours. */
  readonly userError: boolean = true;
  /** Another program's own words (onnxruntime's message), shown with --verbose below our one line. */
  readonly detail: string | undefined;
  constructor(message: string, options?: { cause?: unknown; detail?: string }) {
    super(message, options);
    this.name = new.target.name;
    this.detail = options?.detail;
  }
}

/** The command line itself is wrong: unknown command or option, missing argument. */
export class UsageError extends CouperError {}

/** A model file is unreadable, malformed or uses something we cannot reason about. */
export class ModelError extends CouperError {}

/** A configuration file or option value is invalid. */
export class ConfigError extends CouperError {}

/** A requested cut, split or slice is not possible on this model. */
export class SliceError extends CouperError {}

/** Slices do not compute what the original model computes. */
export class VerifyError extends CouperError {}

/** A plug-in (algorithm, method) could not be loaded or broke its contract. */
export class PluginError extends CouperError {}

/** onnxruntime failed on a model we handed it. */
export class RuntimeError extends CouperError {
  override readonly userError: boolean = false;
}

/** Sending or receiving tensors between stages failed. */
export class TransportError extends CouperError {
  override readonly userError: boolean = false;
}

/** Something in the staging area could not be created, run or removed. */
export class StagingError extends CouperError {
  override readonly userError: boolean = false;
}

/** The user stopped a run (Ctrl-C, SIGTERM); everything it started has been cleaned up. */
export class InterruptedError extends CouperError {}

/**
 * A process a run needs (a stage, a link emulator, a video decoder) died or
 * stopped answering mid-run. Not the user's mistake, and not a bug of ours:
 * its message names what died and where, and what was measured until then.
 */
export class RunFailedError extends CouperError {
  override readonly userError: boolean = false;
}

/** A thrown value as an Error: anything else a library throws becomes one that describes it. */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(describeError(err));
}

/** Describe any thrown value in one line. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The first `detail` on `err` or the errors that caused it, for --verbose. */
export function errorDetail(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++)
    if (e instanceof CouperError && e.detail !== undefined) return e.detail;
  return undefined;
}

/** Stopped by SIGTERM (a supervisor, Kubernetes) after cleaning up; the CLI exits 143 (128 + 15). */
export class TerminatedError extends InterruptedError {}
