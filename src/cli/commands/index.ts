/**
 * Every command, in the order `couper --help` lists them.
 */
import type { Command } from '../command.js';
import { autoCommand } from './auto.js';
import { candidatesCommand } from './candidates.js';
import { evaluateCommand } from './evaluate.js';
import { inspectCommand } from './inspect.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { sliceCommand } from './slice.js';
import { stagingCommand } from './staging.js';

export const commands: readonly Command[] = [
  inspectCommand,
  candidatesCommand,
  sliceCommand,
  runCommand,
  stagingCommand,
  evaluateCommand,
  autoCommand,
  reportCommand,
];
