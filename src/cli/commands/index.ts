/**
 * Every command, in the order `couper --help` lists them, each loaded only
 * when it is asked for: a command's module brings in what it runs (gRPC,
 * sharp, zod, the generated protobuf code…), and `couper slice` should not
 * pay for `couper run`'s pipeline before it starts.
 */
import type { Command } from '../command.js';

export interface CommandEntry {
  readonly name: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'inspect', load: async () => (await import('./inspect.js')).inspectCommand },
  { name: 'candidates', load: async () => (await import('./candidates.js')).candidatesCommand },
  { name: 'slice', load: async () => (await import('./slice.js')).sliceCommand },
  { name: 'profile', load: async () => (await import('./profile.js')).profileCommand },
  { name: 'run', load: async () => (await import('./run.js')).runCommand },
  { name: 'staging', load: async () => (await import('./staging.js')).stagingCommand },
  { name: 'evaluate', load: async () => (await import('./evaluate.js')).evaluateCommand },
  { name: 'auto', load: async () => (await import('./auto.js')).autoCommand },
  { name: 'publish', load: async () => (await import('./publish.js')).publishCommand },
  { name: 'report', load: async () => (await import('./report.js')).reportCommand },
  { name: 'serve', load: async () => (await import('./serve.js')).serveCommand },
];

/** Every command, loaded (for the top help and the tests). */
export function loadCommands(): Promise<Command[]> {
  return Promise.all(COMMANDS.map((c) => c.load()));
}
