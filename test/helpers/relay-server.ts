/**
 * Relay servers for the transport's limit tests: every answer is one tensor
 * of `replyBytes`, and each closes when the test file's cleanups run.
 */
import { after } from 'node:test';
import type { TensorMap } from '../../src/runtime/runtime.js';
import type { RelayLimits } from '../../src/transport/limits.js';
import { startRelayServer, type RelayServer } from '../../src/transport/server.js';

type Cleanups = Array<() => Promise<void> | void>;

/**
 * A test file's servers: `serve` starts one, and everything pushed onto
 * `cleanups` (servers, clients) is closed after the file's tests, last first.
 */
export function relayServers(): {
  readonly cleanups: Cleanups;
  readonly serve: (
    limits: Partial<RelayLimits>,
    replyBytes?: number,
    maxMessageBytes?: number,
  ) => Promise<RelayServer>;
} {
  const cleanups: Cleanups = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return {
    cleanups,
    serve: (limits, replyBytes, maxMessageBytes) =>
      serveFixedReply(cleanups, limits, replyBytes, maxMessageBytes),
  };
}

async function serveFixedReply(
  cleanups: Cleanups,
  limits: Partial<RelayLimits>,
  replyBytes = 16,
  maxMessageBytes?: number,
): Promise<RelayServer> {
  const reply: TensorMap = {
    y: { dtype: 'uint8', shape: [replyBytes], data: new Uint8Array(replyBytes).fill(7) },
  };
  const server = await startRelayServer({
    handler: () => Promise.resolve(reply),
    maxInFlight: 64,
    limits,
    ...(maxMessageBytes !== undefined && { maxMessageBytes }),
  });
  cleanups.push(() => server.close(0));
  return server;
}

/** Polls `read` every 10 ms until `done` holds of its value (or 5 s pass), and returns the last value. */
export async function until<T>(read: () => T, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 500; i += 1) {
    const value = read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return read();
}
