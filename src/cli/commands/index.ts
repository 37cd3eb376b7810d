/**
 * Every command, in the order `couper --help` lists them.
 */
import type { Command } from '../command.js';
import { candidatesCommand } from './candidates.js';
import { inspectCommand } from './inspect.js';
import { runCommand } from './run.js';
import { sliceCommand } from './slice.js';

export const commands: readonly Command[] = [inspectCommand, candidatesCommand, sliceCommand, runCommand];
