/**
 * Named errors. Messages quote the bad value and where it was found; only
 * src/cli maps these classes to exit codes.
 */
export class CouperError extends Error {
  /** A user's mistake (bad file, bad option, bad config) rather than a bug of ours. */
  readonly userError: boolean = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
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

/** A thrown value as an Error: anything else a library throws becomes one that describes it. */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(describeError(err));
}

/** Describe any thrown value in one line. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Stopped by SIGTERM (a supervisor, Kubernetes) after cleaning up; the CLI exits 143 (128 + 15). */
export class TerminatedError extends InterruptedError {}
