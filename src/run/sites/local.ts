/**
 * The local site: every stage a child of this process on this machine,
 * relays on 127.0.0.1, no emulated links, real time.
 */
import { fork } from 'node:child_process';
import { STAGE_IPC_OPTIONS, STAGE_MAIN } from '../processes.js';
import type { Site } from './site.js';

export function localSite(): Site {
  return {
    dilation: 1,
    spawn: (stage) =>
      // Not the parent's flags: under `node --test` they would make the stage a test runner.
      fork(STAGE_MAIN, [stage.name], { ...STAGE_IPC_OPTIONS, execArgv: [] }),
    bindAddress: () => '127.0.0.1',
    address: (_from, _to, port) => Promise.resolve(`127.0.0.1:${port}`),
    summary: () => null,
    // No helpers: stages reach each other directly (the camera's ffmpeg is the camera stage's to watch).
    watchHelpers: () => () => undefined,
    close: () => Promise.resolve(),
  };
}
