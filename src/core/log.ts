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
