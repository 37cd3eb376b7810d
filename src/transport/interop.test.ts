/**
 * The hand-written gRPC framing against grpc-js both ways: our RelayClient
 * against a grpc-js ModelStreamInfer server, and grpc-js clients against our
 * relay server (stream, unary, health, unknown methods).
 */
import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { TensorMap } from '../runtime/runtime.js';
import { RelayClient } from './client.js';
import {
  deserializeStreamResponse,
  serializeInferRequest,
  serializeStreamError,
  serializeStreamResponse,
} from './codec.js';
import { inference } from './gen/kserve.js';
import { listenOnLoopback } from '../../test/helpers/grpc-js.js';
import { valuesOf } from '../../test/helpers/sample-tensors.js';
import { startRelayServer } from './server.js';
import { MODEL_STREAM_INFER_PATH, modelStreamInfer, serverLive } from './service.js';
import { decodeInferRequest, decodeInferResponse, encodeInferRequest, encodeInferResponse } from './wire.js';

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function tensor(length: number, value: number): TensorMap {
  return { x: { dtype: 'float32', shape: [length], data: new Float32Array(length).fill(value) } };
}

type Duplex = grpc.ServerDuplexStream<Buffer, Buffer>;

/** A grpc-js server with ModelStreamInfer only, echoing tensors; frame 13 gets an error reply. */
async function grpcJsStreamServer(calls: number[], maxReceive: number): Promise<string> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': maxReceive });
  const handler = (call: Duplex): void => {
    calls.push(0);
    call.on('data', (bytes: Buffer) => {
      calls[calls.length - 1] = (calls.at(-1) ?? 0) + 1;
      const request = decodeInferRequest(inference.ModelInferRequest.decode(bytes));
      const reply =
        request.params.frameId === 13
          ? serializeStreamError('unlucky frame', { id: request.id })
          : serializeStreamResponse(encodeInferResponse(request.tensors, request.params, { id: request.id }));
      call.write(reply);
    });
    call.on('end', () => call.end());
  };
  server.addService({ ModelStreamInfer: modelStreamInfer }, { ModelStreamInfer: handler });
  return listenOnLoopback(server, cleanups);
}

void test('our stream client talks to a grpc-js ModelStreamInfer server', async () => {
  const calls: number[] = [];
  const address = await grpcJsStreamServer(calls, 2 * 1024 * 1024);
  const client = new RelayClient({ address, deadlineMs: 5000 });
  cleanups.push(() => client.close());
  const big = await client.infer(tensor(250_000, 3), { frameId: 1 }); // 1 MB each way, many DATA frames
  assert.ok(big.ok, big.ok ? '' : big.message);
  assert.equal(big.params.frameId, 1);
  assert.deepEqual(valuesOf(big.tensors['x']?.data ?? new Float32Array()).slice(-2), [3, 3]);
  const failed = await client.infer(tensor(2, 1), { frameId: 13 });
  assert.deepEqual(failed.ok ? [] : [failed.failure, failed.message], ['failed', 'unlucky frame']);
  assert.ok((await client.infer(tensor(2, 1), { frameId: 2 })).ok);
  assert.deepEqual(calls, [3]); // three frames, one stream
  // grpc-js ends the whole call over its receive limit: RESOURCE_EXHAUSTED in trailers.
  const refused = await client.infer(tensor(1_000_000, 1), { frameId: 3 });
  assert.equal(refused.ok ? 'ok' : refused.failure, 'rejected');
  const next = await client.infer(tensor(2, 5), { frameId: 4 });
  assert.ok(next.ok && next.params.frameId === 4);
  assert.equal(calls.length, 2); // the next frame opened a fresh stream
});

function grpcJsClient(address: string): grpc.Client {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  cleanups.push(() => client.close());
  return client;
}

function request(frameId: number, length: number): Buffer {
  return serializeInferRequest(
    encodeInferRequest(tensor(length, frameId), { frameId }, { id: String(frameId) }),
  );
}

void test('a grpc-js client streams frames to our server and gets answers and an OK status', async () => {
  const server = await startRelayServer({
    handler: (r) => Promise.resolve(r.tensors),
    maxMessageBytes: 2 * 1024 * 1024,
  });
  cleanups.push(() => server.close(0));
  const call = grpcJsClient(server.address).makeBidiStreamRequest(
    MODEL_STREAM_INFER_PATH,
    modelStreamInfer.requestSerialize,
    modelStreamInfer.responseDeserialize,
  );
  const replies: Array<{ id: string; error: string; last?: number }> = [];
  call.on('data', (bytes: Buffer) => {
    const split = deserializeStreamResponse(bytes);
    const inner = inference.ModelInferResponse.decode(split.response ?? Buffer.alloc(0));
    const x = split.errorMessage === '' ? decodeInferResponse(inner).tensors['x']?.data : undefined;
    replies.push({
      id: inner.id,
      error: split.errorMessage,
      ...(x && { last: valuesOf(x).at(-1) as number }),
    });
  });
  const status = new Promise<grpc.StatusObject>((resolve) => call.on('status', resolve));
  call.write(request(1, 300_000)); // 1.2 MB: split over many chunks at our server
  call.write(Buffer.from([0xff, 0xff])); // malformed: an error reply, the stream goes on
  call.write(Buffer.alloc(3 * 1024 * 1024)); // oversized: skipped, an error reply
  call.write(request(2, 4));
  call.end();
  assert.equal((await status).code, grpc.status.OK);
  assert.deepEqual(
    replies.map((r) => [r.id, r.error === '' ? r.last : r.error.slice(0, 30)]),
    [
      ['1', 1],
      ['', 'index out of range: 2 + 1 > 2'],
      ['', 'message of 3145728 bytes is ov'],
      ['2', 2],
    ],
  );
  assert.deepEqual({ ...server.stats }, { served: 2, busy: 0, invalid: 1, failed: 0 });
});

void test('grpc-js unary calls reach our health methods; unknown methods are UNIMPLEMENTED', async () => {
  const server = await startRelayServer({ handler: (r) => Promise.resolve(r.tensors) });
  cleanups.push(() => server.close(0));
  const client = grpcJsClient(server.address);
  const live = await new Promise<inference.ServerLiveResponse.$Properties | undefined>((resolve, reject) =>
    client.makeUnaryRequest(
      serverLive.path,
      serverLive.requestSerialize,
      serverLive.responseDeserialize,
      {},
      (err, r) => (err ? reject(err) : resolve(r)),
    ),
  );
  assert.equal(live?.live, true);
  const call = (method: string) =>
    new Promise<grpc.ServiceError | null>((resolve) =>
      client.makeUnaryRequest(
        `/inference.GRPCInferenceService/${method}`,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.alloc(0),
        (err) => resolve(err),
      ),
    );
  const unknown = await call('RepositoryIndex');
  assert.equal(unknown?.code, grpc.status.UNIMPLEMENTED);
  assert.match(unknown?.details ?? '', /unknown method \/inference.GRPCInferenceService\/RepositoryIndex/);
  // A relay that serves no model (a pipeline hop) has no metadata to give.
  const metadata = await call('ModelMetadata');
  assert.equal(metadata?.code, grpc.status.NOT_FOUND);
});
