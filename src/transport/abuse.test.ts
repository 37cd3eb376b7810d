/**
 * Tests of the relay server's connection-level limits against peers that
 * cost it without holding much (raw HTTP/2, test/helpers/hostile-peer.ts):
 * one whose streams fail for a limit and that keeps sending, one that
 * abandons message after message, one that never reads its replies; and a
 * client sending large messages at full speed on several streams, which
 * none of them may touch. The attackers come from 127.0.0.2, as another
 * host would, so that their address's ban does not fall on the good client.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http2 from 'node:http2';
import { test } from 'node:test';
import { connectRaw, framedRequest, neverReadingClient, openCall } from '../../test/helpers/hostile-peer.js';
import { RelayClient } from './client.js';
import type { RelayServer } from './server.js';
import { relayServers, until } from '../../test/helpers/relay-server.js';

const MB = 1024 * 1024;
const ATTACKER = '127.0.0.2';
const { cleanups, serve } = relayServers();

/** A session's end: the GOAWAY code it got, if any. */
function ended(session: http2.ClientHttp2Session): Promise<number | undefined> {
  let code: number | undefined;
  session.on('goaway', (errorCode: number) => (code = errorCode));
  return new Promise((resolve) => session.on('close', () => resolve(code)));
}

/** A well-behaved client from 127.0.0.1 gets its answer. */
async function assertServed(server: RelayServer): Promise<void> {
  const client = new RelayClient({ address: server.address, deadlineMs: 5000 });
  cleanups.push(() => client.close());
  const result = await client.infer({ x: { dtype: 'float32', shape: [1], data: new Float32Array([1]) } }, {});
  assert.ok(result.ok, result.ok ? '' : `${result.failure}: ${result.message}`);
}

const NOTHING_HELD = { connections: 0, streams: 0, bufferedBytes: 0, queuedBytes: 0 };

test('a connection that keeps sending on streams failed for its buffer budget is cut as abusive, and its address banned', async () => {
  const server = await serve({
    maxBufferedBytesPerConnection: 3 * MB,
    maxWastedBytesPerConnection: 4 * MB,
    abuseBanMs: 60_000,
  });
  const session = connectRaw(server.address, 16 * MB, ATTACKER);
  cleanups.push(() => session.destroy());
  const end = ended(session);
  const message = framedRequest(2.5 * MB);
  // The first stream holds 2.5 MiB of the budget; each next one is refused it and sends 2 MiB anyway.
  const holder = openCall(server.address, { session });
  holder.stream.write(message.subarray(0, MB));
  await until(
    () => server.holding().bufferedBytes,
    (b) => b > 0,
  );
  let streams = 0;
  while (!session.closed && !session.destroyed && streams < 20) {
    const call = openCall(server.address, { session });
    call.stream.write(message.subarray(0, 2 * MB));
    streams += 1;
    await call.closed;
  }
  assert.equal(await end, http2.constants.NGHTTP2_ENHANCE_YOUR_CALM, 'GOAWAY says why');
  assert.ok(streams >= 2 && streams <= 4, `cut after ${streams} refused streams of 2 MiB (limit 4 MiB)`);
  assert.match(
    server.limitStats.lastReason,
    /^connection made the server read \d+ request bytes only to drop them \(limit 4194304\)$/,
  );
  assert.deepEqual(
    await until(
      () => server.holding(),
      (h) => h.connections === 0,
    ),
    NOTHING_HELD,
  );
  // The same address is turned away as it connects; another is served.
  const again = connectRaw(server.address, 65_535, ATTACKER);
  cleanups.push(() => again.destroy());
  await ended(again);
  assert.equal(server.limitStats.lastReason, `${ATTACKER} is banned for abuse`);
  assert.equal(server.limitStats.connectionsClosed, 2);
  await assertServed(server);
});

test('a client that abandons message after message (resets its streams mid-way) is cut as abusive', async () => {
  const server = await serve({ maxWastedBytesPerConnection: 2 * MB, abuseBanMs: 0 });
  const session = connectRaw(server.address, 16 * MB, ATTACKER);
  cleanups.push(() => session.destroy());
  const end = ended(session);
  const message = framedRequest(2 * MB);
  let streams = 0;
  while (!session.closed && !session.destroyed && streams < 20) {
    const call = openCall(server.address, { session });
    call.stream.write(message.subarray(0, MB));
    streams += 1;
    await until(
      () => server.holding().bufferedBytes,
      (b) => b > 0 || session.destroyed,
    );
    call.stream.close(http2.constants.NGHTTP2_CANCEL);
    await call.closed;
    await until(
      () => server.holding().bufferedBytes,
      (b) => b === 0,
    );
  }
  assert.equal(await end, http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
  // Three abandoned MiB pass a limit of 2 MiB; the client may open one more before the GOAWAY reaches it.
  assert.ok(streams === 3 || streams === 4, `${streams} streams`);
  assert.equal(server.limitStats.connectionsClosed, 1);
  assert.match(server.limitStats.lastReason, /only to drop them \(limit 2097152\)$/);
  // abuseBanMs 0: the address may come back at once.
  await assertServed(server);
  const back = openCall(server.address, { session: connectRaw(server.address, 65_535, ATTACKER) });
  cleanups.push(() => back.session.destroy());
  const answer = once(back.stream, 'data');
  back.stream.write(framedRequest(64));
  await answer;
});

test('a client sending large messages at full speed on several streams is never cut', async () => {
  const maxMessageBytes = 4 * MB;
  const server = await serve({}, 16, maxMessageBytes);
  const session = connectRaw(server.address, 16 * MB);
  cleanups.push(() => session.destroy());
  const STREAMS = 4;
  const MESSAGES = 8;
  // Four streams, each with one message of 1.9 MiB at a time under way: 7.6 MiB of the 8 MiB budget.
  const calls = Array.from({ length: STREAMS }, () => openCall(server.address, { session }));
  const message = framedRequest(1.9 * MB);
  // As fast as flow control lets them (without waiting for 'drain', Node's client would buffer
  // all 61 MB and reset its own streams over its session memory, 10 MB by default).
  const send = async (stream: http2.ClientHttp2Stream): Promise<void> => {
    for (let i = 0; i < MESSAGES; i += 1) if (!stream.write(message)) await once(stream, 'drain');
    stream.end();
  };
  await Promise.all(calls.map((c) => send(c.stream)));
  const closed = await Promise.all(calls.map((c) => c.closed));
  assert.deepEqual(
    closed.map((c) => [c.rstCode, c.grpcStatus]),
    calls.map(() => [0, '0']),
  );
  assert.equal(server.stats.served, STREAMS * MESSAGES);
  assert.deepEqual(
    { ...server.limitStats },
    { streamsFailed: 0, connectionsClosed: 0, requestsRefused: 0, lastReason: '' },
  );
  assert.equal(session.closed, false);
});

test('a client that never reads, once reset for it, is cut after sendTimeoutMs, long before the idle timeout', async () => {
  const server = await serve(
    {
      maxQueuedBytesPerStream: 64 * MB,
      maxQueuedBytesPerConnection: 8 * MB,
      sendTimeoutMs: 200,
      idleTimeoutMs: 60_000,
    },
    MB,
  );
  // Four streams of eight requests, each answered with 1 MiB: more than the kernel's buffers take.
  const socket = neverReadingClient(server.address, 4, 8, ATTACKER);
  cleanups.push(() => void socket.destroy());
  await until(
    () => server.limitStats.streamsFailed,
    (n) => n > 0,
  );
  assert.match(server.limitStats.lastReason, /reply bytes queued on the connection \(limit 8388608\)$/);
  const held = server.holding();
  assert.ok(held.connections === 1 && held.queuedBytes > 0, JSON.stringify(held));
  // The client stays and takes nothing: the server lets go of it and of its queue.
  assert.deepEqual(
    await until(
      () => server.holding(),
      (h) => h.connections === 0,
    ),
    NOTHING_HELD,
  );
  assert.equal(server.limitStats.connectionsClosed, 1);
  assert.match(
    server.limitStats.lastReason,
    /^client took none of a reply for \d+ ms \(sendTimeoutMs 200\); \d+ reply bytes queued; a stream of it was already reset for unread replies$/,
  );
  await assertServed(server);
});

test('a client that never reads, once reset for it, then closes its socket is let go', async () => {
  const server = await serve(
    { maxQueuedBytesPerStream: 64 * MB, maxQueuedBytesPerConnection: 8 * MB, idleTimeoutMs: 60_000 },
    MB,
  );
  const socket = neverReadingClient(server.address, 4, 8, ATTACKER);
  await until(
    () => server.limitStats.streamsFailed,
    (n) => n > 0,
  );
  assert.equal(server.holding().connections, 1);
  socket.destroy();
  assert.deepEqual(
    await until(
      () => server.holding(),
      (h) => h.connections === 0,
    ),
    NOTHING_HELD,
  );
});
