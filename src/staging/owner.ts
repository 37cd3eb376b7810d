/**
 * The one owner of everything a staging area creates. Each resource is
 * registered with the step that removes it; close() runs those steps once, in
 * reverse order, whoever asks first (success, failure, a signal), and keeps
 * going past a failing step so one stuck resource does not strand the rest.
 */
import { describeError } from '../core/errors.js';

type Undo = () => void | Promise<void>;

export class Owner {
  private readonly undo: { what: string; step: Undo }[] = [];
  private closing: Promise<string[]> | null = null;
  private readonly signalHandlers = new Map<NodeJS.Signals, () => void>();

  add(what: string, step: Undo): void {
    if (this.closing) throw new Error(`cannot add '${what}': the staging area is closing`);
    this.undo.push({ what, step });
  }

  get closed(): boolean {
    return this.closing !== null;
  }

  /** Problems met while removing, one line each (empty when all went). */
  close(): Promise<string[]> {
    this.closing ??= this.run();
    return this.closing;
  }

  private async run(): Promise<string[]> {
    const problems: string[] = [];
    for (const { what, step } of this.undo.reverse()) {
      try {
        await step();
      } catch (err) {
        problems.push(`${what}: ${describeError(err)}`);
      }
    }
    for (const [sig, h] of this.signalHandlers) process.off(sig, h);
    return problems;
  }

  /** On SIGINT/SIGTERM: close, then die of the same signal so the exit status tells. */
  handleSignals(): void {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      const h = (): void => {
        void this.close().finally(() => {
          process.kill(process.pid, sig);
        });
      };
      this.signalHandlers.set(sig, h);
      process.once(sig, h);
    }
  }
}
