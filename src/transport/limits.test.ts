/**
 * Tests of the relay server's bounds against clients that misbehave on
 * purpose (raw HTTP/2, test/helpers/hostile-peer.ts): each loses its stream
 * or connection with the reason counted, and a well-behaved client is served
 * all along.
 */
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { test } from 'node:test';
import { once } from 'node:events';
import { ConfigError } from '../core/errors.js';
import { connectRaw, framedRequest, openCall } from '../../test/helpers/hostile-peer.js';
import { RelayClient } from './client.js';
import { defaultLimits, relayLimits } from './limits.js';
import type { RelayServer } from './server.js';
import { relayServers, until } from '../../test/helpers/relay-server.js';

const MB = 1024 * 1024;
const { cleanups, serve } = relayServers();

/** A well-behaved client on its own connection gets its answer. */
async function assertServed(server: RelayServer): Promise<void> {
  const client = new RelayClient({ address: server.address, deadlineMs: 5000 });
  cleanups.push(() => client.close());
  const result = await client.infer({ x: { dtype: 'float32', shape: [1], data: new Float32Array([1]) } }, {});
  assert.ok(result.ok, result.ok ? '' : `${result.failure}: ${result.message}`);
}

test('limits: defaults scale with the message size; a bad value is one ConfigError naming it', () => {
  const d = defaultLimits(10 * MB);
  assert.equal(d.maxBufferedBytesPerConnection, 20 * MB);
  assert.equal(d.maxQueuedBytesPerConnection, 20 * MB);
  assert.equal(relayLimits(10 * MB, { idleTimeoutMs: 5 }).idleTimeoutMs, 5);
  for (const bad of [0, -1, 1.5, Infinity, Number.NaN])
    assert.throws(
      () => relayLimits(MB, { maxConnections: bad }),
      (err: Error) =>
        err instanceof ConfigError &&
        err.message === `relay limit maxConnections must be a positive whole number, not ${String(bad)}`,
    );
});

test('a client that never reads its replies loses the stream once they pass the per-stream limit', async () => {
  const server = await serve({ maxQueuedBytesPerStream: 4 * MB }, MB);
  const call = openCall(server.address, { read: false });
  cleanups.push(() => call.session.destroy());
  // Sixteen requests in one write: each is answered with 1 MiB the client never takes.
  call.stream.write(Buffer.concat(Array.from({ length: 16 }, (_, i) => framedRequest(64, i))));
  const closed = await call.closed;
  assert.equal(closed.rstCode, http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
  assert.equal(server.limitStats.streamsFailed, 1);
  assert.match(
    server.limitStats.lastReason,
    /^client does not read its replies: \d+ reply bytes queued on the stream \(limit 4194304\)$/,
  );
  await assertServed(server);
});

test('replies queued over the connection limit fail the stream that passes it', async () => {
  const server = await serve({ maxQueuedBytesPerStream: 64 * MB, maxQueuedBytesPerConnection: 6 * MB }, MB);
  const session = connectRaw(server.address);
  cleanups.push(() => session.destroy());
  const first = openCall(server.address, { read: false, session });
  first.stream.write(Buffer.concat(Array.from({ length: 4 }, (_, i) => framedRequest(64, i))));
  // The first stream's four 1 MiB replies queue but for the client's 64 KiB window.
  const queued = await until(
    () => server.holding().queuedBytes,
    (q) => q > 3 * MB,
  );
  assert.ok(queued > 3 * MB && queued <= 4 * MB + 4096, `${queued} bytes queued`);
  const second = openCall(server.address, { read: false, session });
  second.stream.write(Buffer.concat(Array.from({ length: 4 }, (_, i) => framedRequest(64, i))));
  assert.equal((await second.closed).rstCode, http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
  assert.match(server.limitStats.lastReason, /reply bytes queued on the connection \(limit 6291456\)$/);
  assert.equal(first.stream.closed, false, 'the first stream was within the limit and stays');
  await assertServed(server);
});

test('after replies passed a queue limit, requests on that connection are refused unserved until the client takes its queue down', async () => {
  const server = await serve({ maxQueuedBytesPerStream: 64 * MB, maxQueuedBytesPerConnection: 6 * MB }, MB);
  const session = connectRaw(server.address);
  cleanups.push(() => session.destroy());
  const first = openCall(server.address, { read: false, session });
  first.stream.write(Buffer.concat(Array.from({ length: 4 }, (_, i) => framedRequest(64, i))));
  await until(
    () => server.holding().queuedBytes,
    (q) => q > 3 * MB,
  );
  const second = openCall(server.address, { read: false, session });
  second.stream.write(Buffer.concat(Array.from({ length: 4 }, (_, i) => framedRequest(64, i))));
  assert.equal((await second.closed).rstCode, http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
  // About 4 MiB stay queued on the first stream, over half the limit: the next request costs no reply.
  const served = server.stats.served;
  const third = openCall(server.address, { session });
  const refusal = once(third.stream, 'data');
  third.stream.write(framedRequest(64, 9));
  await refusal;
  assert.equal(server.stats.served, served, 'the handler did not run for the refused request');
  assert.equal(server.limitStats.requestsRefused, 1);
  assert.match(
    server.limitStats.lastReason,
    /queued on the connection; requests are refused until it takes them$/,
  );
  // The client reads its queue: the connection is served again.
  first.stream.resume();
  await until(
    () => server.holding().queuedBytes,
    (q) => q === 0,
  );
  const fourth = openCall(server.address, { session });
  const answer = once(fourth.stream, 'data');
  fourth.stream.write(framedRequest(64, 10));
  await answer;
  assert.equal(server.stats.served, served + 1);
  assert.equal(server.limitStats.requestsRefused, 1);
});

test('a message that stalls before its last byte fails its stream with DEADLINE_EXCEEDED', async () => {
  const server = await serve({ messageDeadlineMs: 200 });
  const call = openCall(server.address);
  cleanups.push(() => call.session.destroy());
  const request = framedRequest(4 * MB);
  call.stream.write(request.subarray(0, MB)); // and nothing more
  const closed = await call.closed;
  assert.equal(closed.grpcStatus, '4');
  assert.match(closed.grpcMessage, /^a message of \d+ bytes did not arrive within 200 ms$/);
  assert.equal(server.limitStats.streamsFailed, 1);
  await assertServed(server);
});

test('unfinished messages over the connection budget fail the stream that would pass it; the other completes', async () => {
  const server = await serve({ maxBufferedBytesPerConnection: 3 * MB });
  const session = connectRaw(server.address, 16 * MB);
  cleanups.push(() => session.destroy());
  const a = openCall(server.address, { session });
  const b = openCall(server.address, { session });
  const requestA = framedRequest(2 * MB, 1);
  a.stream.write(requestA.subarray(0, MB));
  // A's message is under way first: the server holds its budget, A's and B's streams on one connection.
  const held = await until(
    () => server.holding(),
    (h) => h.bufferedBytes > 0,
  );
  assert.deepEqual(held, {
    connections: 1,
    streams: 2,
    bufferedBytes: requestA.byteLength - 5,
    queuedBytes: 0,
  });
  b.stream.write(framedRequest(2 * MB, 2).subarray(0, MB));
  const closedB = await b.closed;
  assert.equal(closedB.grpcStatus, '8');
  assert.match(closedB.grpcMessage, /unfinished messages; \d+ more would pass its limit of 3145728$/);
  // A finishes its message and is answered on the same connection.
  const answered = once(a.stream, 'data');
  a.stream.write(requestA.subarray(MB));
  await answered;
  assert.equal(server.stats.served, 1);
});

test('the server advertises maxStreamsPerConnection; a stream beyond it is refused, those within are served', async () => {
  const server = await serve({ maxStreamsPerConnection: 2 });
  const session = connectRaw(server.address, 16 * MB);
  cleanups.push(() => session.destroy());
  const settings = once(session, 'remoteSettings');
  // Sent before the server's SETTINGS arrive, so the client cannot hold the third back itself.
  const calls = [0, 1, 2].map(() => openCall(server.address, { session }));
  const third = await calls[2]!.closed;
  assert.equal(third.rstCode, http2.constants.NGHTTP2_REFUSED_STREAM);
  await settings;
  assert.equal(session.remoteSettings.maxConcurrentStreams, 2);
  const answered = once(calls[0]!.stream, 'data');
  calls[0]!.stream.write(framedRequest(64));
  await answered;
});

test('an idle connection is closed after idleTimeoutMs', async () => {
  const server = await serve({ idleTimeoutMs: 150 });
  const session = connectRaw(server.address);
  cleanups.push(() => session.destroy());
  await once(session, 'goaway');
  assert.equal(server.limitStats.connectionsClosed, 1);
  assert.equal(server.limitStats.lastReason, 'connection idle for 150 ms');
  await assertServed(server);
});

test('connections beyond maxConnections are closed as they arrive; the others are served', async () => {
  const server = await serve({ maxConnections: 2 });
  const held = [connectRaw(server.address), connectRaw(server.address)];
  for (const s of held) await once(s, 'connect');
  const extra = connectRaw(server.address);
  cleanups.push(() => [...held, extra].forEach((s) => s.destroy()));
  // `once` would reject on the reset's 'error'; the close is what counts.
  await new Promise((resolve) => extra.on('close', resolve));
  assert.equal(server.limitStats.connectionsClosed, 1);
  assert.equal(server.limitStats.lastReason, 'over maxConnections 2');
  // One of the held connections still carries a call.
  const call = openCall(server.address, { session: held[0]! });
  const answered = once(call.stream, 'data');
  call.stream.write(framedRequest(64));
  await answered;
  held.forEach((s) => s.close());
});
