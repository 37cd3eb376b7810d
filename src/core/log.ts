/**
 * Progress and notes go to stderr so that stdout stays clean for --json.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export const stderrLogger: Logger = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {} };

/**
 * Whether `--verbose` was given: other programs' own messages (onnxruntime's
 * log lines and errors) are shown then. An environment variable rather than
 * an option passed down, so that the stage processes a run forks inherit it.
 */
export function isVerbose(): boolean {
  return process.env.COUPER_VERBOSE === '1';
}
