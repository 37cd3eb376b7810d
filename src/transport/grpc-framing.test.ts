/** Tests of gRPC message framing and reassembly over HTTP/2 chunks. */
import { status as Status } from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import {
  MessageDecoder,
  messagePrefix,
  statusHeaders,
  statusOfHeaders,
  statusOfHttp,
  writeMessage,
} from './grpc-framing.js';

interface Seen {
  messages: Buffer[];
  refused: Array<[string, Status]>;
}

function decoder(maxMessageBytes = 1024): { decoder: MessageDecoder; seen: Seen } {
  const seen: Seen = { messages: [], refused: [] };
  const d = new MessageDecoder(maxMessageBytes, {
    message: (bytes) => seen.messages.push(bytes),
    refused: (reason, code) => seen.refused.push([reason, code]),
  });
  return { decoder: d, seen };
}

function framed(...messages: Buffer[]): Buffer {
  return Buffer.concat(messages.flatMap((m) => [messagePrefix(m.byteLength), m]));
}

const text = (buffers: readonly Buffer[]): string[] => buffers.map((b) => b.toString());

void test('several messages in one chunk come out whole, in order, as views on the chunk', () => {
  const { decoder: d, seen } = decoder();
  const chunk = framed(Buffer.from('alpha'), Buffer.alloc(0), Buffer.from('gamma'));
  d.push(chunk);
  assert.deepEqual(text(seen.messages), ['alpha', '', 'gamma']);
  assert.equal(seen.messages[0]?.buffer, chunk.buffer);
  assert.equal(d.idle, true);
});

void test('a message split across chunks at every byte is reassembled once, 5 bytes into its memory', () => {
  const bytes = framed(Buffer.from('first message'), Buffer.from('second'));
  for (let cut = 1; cut < bytes.byteLength; cut += 1) {
    const { decoder: d, seen } = decoder();
    d.push(bytes.subarray(0, cut));
    d.push(bytes.subarray(cut));
    assert.deepEqual(text(seen.messages), ['first message', 'second'], `cut at ${cut}`);
  }
  const { decoder: d, seen } = decoder();
  for (const byte of bytes) d.push(Buffer.from([byte]));
  assert.deepEqual(text(seen.messages), ['first message', 'second']);
  assert.equal((seen.messages[0]?.byteOffset ?? 0) % 8, 5); // where the sender's alignment padding expects it
});

void test('a message cut short leaves the decoder mid-message', () => {
  const { decoder: d, seen } = decoder();
  d.push(framed(Buffer.from('whole')).subarray(0, 7));
  assert.deepEqual(seen.messages, []);
  assert.equal(d.idle, false);
});

void test('an oversized length prefix is refused, its bytes skipped, and the next message decodes', () => {
  const { decoder: d, seen } = decoder(8);
  const bytes = framed(Buffer.alloc(20, 7), Buffer.from('next'));
  d.push(bytes.subarray(0, 9));
  d.push(bytes.subarray(9));
  assert.deepEqual(seen.refused, [
    ['message of 20 bytes is over maxMessageBytes 8', Status.RESOURCE_EXHAUSTED],
  ]);
  assert.deepEqual(text(seen.messages), ['next']);
  // A prefix claiming 4 GB is refused from the prefix alone, without waiting for the bytes.
  const huge = decoder(8);
  huge.decoder.push(Buffer.from([0, 0xff, 0xff, 0xff, 0xff]));
  assert.equal(huge.seen.refused[0]?.[1], Status.RESOURCE_EXHAUSTED);
  assert.match(huge.seen.refused[0]?.[0] ?? '', /4294967295 bytes/);
});

void test('a compressed message is refused, since we never offer compression', () => {
  const { decoder: d, seen } = decoder();
  const compressed = framed(Buffer.from('zz'));
  compressed[0] = 1;
  d.push(Buffer.concat([compressed, framed(Buffer.from('ok'))]));
  assert.equal(seen.refused[0]?.[1], Status.INTERNAL);
  assert.deepEqual(text(seen.messages), ['ok']);
});

void test('status trailers round-trip, percent-encoding the message', () => {
  const headers = statusHeaders(Status.INVALID_ARGUMENT, 'bad 100% tensor\n"x"');
  assert.equal(headers['grpc-status'], '3');
  assert.equal(headers['grpc-message'], 'bad 100%25 tensor%0A"x"');
  assert.deepEqual(statusOfHeaders({ ...headers }), {
    code: Status.INVALID_ARGUMENT,
    details: 'bad 100% tensor\n"x"',
  });
  assert.deepEqual(statusOfHeaders({ ...statusHeaders(Status.OK, '') }), { code: Status.OK, details: '' });
  assert.equal(statusOfHeaders({ 'content-type': 'application/grpc' }), undefined);
  assert.deepEqual(statusOfHeaders({ 'grpc-status': '12', 'grpc-message': '%E0%A4%A' }), {
    code: Status.UNIMPLEMENTED,
    details: '%E0%A4%A', // not valid percent-encoding: kept as it came
  });
  assert.equal(statusOfHttp(404).code, Status.UNIMPLEMENTED);
  assert.equal(statusOfHttp(503).code, Status.UNAVAILABLE);
});

void test('a message written as pieces is framed as the same message written whole', async () => {
  const sink = new PassThrough();
  const got: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => got.push(chunk));
  let written = 0;
  writeMessage(
    sink,
    [Buffer.from('head|'), Buffer.alloc(0), Buffer.from('tensor bytes')],
    () => (written += 1),
  );
  writeMessage(sink, Buffer.from('whole'));
  await new Promise<void>((resolve) => setImmediate(resolve));
  const bytes = Buffer.concat(got);
  assert.deepEqual(bytes, framed(Buffer.from('head|tensor bytes'), Buffer.from('whole')));
  assert.equal(written, 1); // once, after the last piece
  const { decoder: d, seen } = decoder();
  d.push(bytes);
  assert.deepEqual(text(seen.messages), ['head|tensor bytes', 'whole']);
});
