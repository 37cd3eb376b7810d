/** Tests of the relay client and server together: streams, unary calls, failures, backpressure. */
import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HostTensor, TensorMap } from '../runtime/runtime.js';
import { RelayClient, type InferResult, type RelayClientOptions } from './client.js';
import { inference } from './gen/kserve.js';
import { listenOnLoopback } from '../../test/helpers/grpc-js.js';
import { sampleTensors, valuesOf } from '../../test/helpers/sample-tensors.js';
import { startRelayServer, type RelayServer, type RelayServerOptions } from './server.js';
import http2 from 'node:http2';
import { FLOW_CONTROL_WINDOW, MODEL_INFER_PATH, modelInfer } from './service.js';
import { serializeInferResponse } from './codec.js';
import { encodeInferResponse } from './wire.js';
import { encodeInferRequest, type DecodedInfer } from './wire.js';

// Every server and client a test opens is closed when the file ends, pass or fail.
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function serve(options: Partial<RelayServerOptions> = {}): Promise<RelayServer> {
  const server = await startRelayServer({ handler: (r) => Promise.resolve(r.tensors), ...options });
  cleanups.push(() => server.close(0));
  return server;
}

function connect(server: RelayServer | string, options: Partial<RelayClientOptions> = {}): RelayClient {
  const address = typeof server === 'string' ? server : server.address;
  const client = new RelayClient({ address, deadlineMs: 5000, ...options });
  cleanups.push(() => client.close());
  return client;
}

function small(value = 1): TensorMap {
  return { x: { dtype: 'float32', shape: [2], data: new Float32Array([value, -value]) } };
}

function expectOk(result: InferResult): asserts result is Extract<InferResult, { ok: true }> {
  assert.ok(result.ok, result.ok ? '' : `${result.failure}: ${result.message}`);
}

/** A handler that holds every request until release() is called. */
function gate(): {
  handler: (r: DecodedInfer) => Promise<TensorMap>;
  release: () => void;
  arrived: Promise<void>;
} {
  let release = (): void => undefined;
  let arrive = (): void => undefined;
  const opened = new Promise<void>((resolve) => (release = resolve));
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const handler = async (r: DecodedInfer): Promise<TensorMap> => {
    arrive();
    await opened;
    return r.tensors;
  };
  return { handler, release: () => release(), arrived };
}

for (const stream of [true, false]) {
  void test(`every dtype and the frame parameters cross a real server and come back (${stream ? 'stream' : 'unary'})`, async () => {
    await roundTripEveryDtype(stream);
  });
}

async function roundTripEveryDtype(stream: boolean): Promise<void> {
  const seen: DecodedInfer[] = [];
  const server = await serve({ handler: (r) => (seen.push(r), Promise.resolve(r.tensors)) });
  const client = connect(server, { stream });
  const tensors = sampleTensors();
  const params = { frameId: 41, captureMs: 1718000000123.5, cutId: 'cut-3' };
  const result = await client.infer(tensors, params);
  expectOk(result);
  assert.deepEqual(seen[0]?.params, params);
  assert.deepEqual(result.params, params);
  for (const [name, want] of Object.entries(tensors)) {
    const copies: Array<HostTensor | undefined> = [seen[0]?.tensors[name], result.tensors[name]];
    for (const got of copies) {
      assert.ok(got, name);
      assert.equal(got.dtype, want.dtype, name);
      assert.deepEqual(got.shape, want.shape, name);
      assert.deepEqual(valuesOf(got.data), valuesOf(want.data), name);
    }
  }
  assert.ok(result.bytesSent > 0 && result.bytesReceived > 0);
  assert.equal(await client.ready(), true);
}

void test('fp16 encoding crosses the server and arrives as float32', async () => {
  const server = await serve();
  const data = new Float32Array([1, 0.1, -300.7, 65504]);
  const result = await connect(server, { encoding: 'fp16' }).infer(
    { x: { dtype: 'float32', shape: [4], data } },
    {},
  );
  expectOk(result);
  const x = result.tensors['x'];
  assert.ok(x && x.data instanceof Float32Array);
  assert.deepEqual([...x.data], [1, Math.fround(0.0999755859375), -300.75, 65504]);
});

void test('a call while maxInFlight calls are outstanding is dropped as busy at once', async () => {
  const { handler, release, arrived } = gate();
  const server = await serve({ handler, maxInFlight: 4 });
  const client = connect(server);
  const first = client.infer(small(1), { frameId: 1 });
  await arrived;
  const second = await client.infer(small(2), { frameId: 2 });
  assert.deepEqual(second.ok ? 'ok' : second.failure, 'busy');
  release();
  const done = await first;
  expectOk(done);
  assert.equal(done.params.frameId, 1);
  expectOk(await client.infer(small(3), { frameId: 3 }));
});

void test('the server refuses requests beyond its maxInFlight with RESOURCE_EXHAUSTED instead of queueing', async () => {
  const { handler, release, arrived } = gate();
  const server = await serve({ handler, maxInFlight: 1 });
  const client = connect(server, { maxInFlight: 2 });
  const first = client.infer(small(1), { frameId: 1 });
  await arrived;
  const second = await client.infer(small(2), { frameId: 2 });
  assert.equal(second.ok ? 'ok' : second.failure, 'rejected');
  assert.match(second.ok ? '' : second.message, /relay busy/);
  release();
  expectOk(await first);
  assert.deepEqual({ ...server.stats }, { served: 1, busy: 1, invalid: 0, failed: 0 });
});

function rawInfer(address: string, request: Buffer): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      MODEL_INFER_PATH,
      modelInfer.requestSerialize,
      modelInfer.responseDeserialize,
      request,
      { deadline: Date.now() + 5000 },
      (err) => {
        client.close();
        resolve(err);
      },
    );
  });
}

void test('a malformed request gets INVALID_ARGUMENT and the server keeps serving', async () => {
  const server = await serve();
  const message = encodeInferRequest(small(), {});
  message.rawInputContents = [new Uint8Array(7)];
  const err = await rawInfer(
    server.address,
    Buffer.from(inference.ModelInferRequest.encode(message).finish()),
  );
  assert.equal(err?.code, grpc.status.INVALID_ARGUMENT);
  assert.match(err?.details ?? '', /7 raw bytes for FP32 shape 2 \(8 expected\)/);
  const garbage = await rawInfer(server.address, Buffer.from([0xff, 0xff, 0xff]));
  assert.equal(garbage?.code, grpc.status.INVALID_ARGUMENT);
  expectOk(await connect(server).infer(small(), { frameId: 9 }));
  assert.equal(server.stats.invalid, 2);
});

void test('an oversized request is refused with RESOURCE_EXHAUSTED and the next one goes through', async () => {
  const server = await serve({ maxMessageBytes: 1024 * 1024 });
  const client = connect(server);
  const big = {
    x: { dtype: 'uint8' as const, shape: [2 * 1024 * 1024], data: new Uint8Array(2 * 1024 * 1024) },
  };
  const refused = await client.infer(big, { frameId: 1 });
  assert.equal(refused.ok ? 'ok' : refused.failure, 'rejected');
  const next = await client.infer(small(5), { frameId: 2 });
  expectOk(next);
  assert.equal(next.params.frameId, 2);
  assert.equal(server.stats.served, 1);
});

void test('a call that outlives its deadline fails as deadline, not as a hang', async () => {
  const { handler, release } = gate();
  const server = await serve({ handler });
  const result = await connect(server).infer(small(), {}, { deadlineMs: 100 });
  assert.equal(result.ok ? 'ok' : result.failure, 'deadline');
  release();
});

void test('while the peer is down calls fail as unavailable; a restarted peer is reached again', async () => {
  const first = await startRelayServer({ handler: (r) => Promise.resolve(r.tensors) });
  const client = connect(first);
  expectOk(await client.infer(small(), { frameId: 1 }));
  await first.close(0);
  const down = await client.infer(small(), { frameId: 2 });
  assert.equal(down.ok ? 'ok' : down.failure, 'unavailable');
  assert.equal(await client.ready(500), false);
  const second = await serve({ port: first.port });
  const failures = new Set<string>();
  let attempts = 0;
  let result: InferResult = down;
  for (let frame = 3; !result.ok && attempts < 100; frame += 1, attempts += 1) {
    result = await client.infer(small(frame), { frameId: frame });
    if (result.ok) {
      assert.equal(result.params.frameId, frame); // the answer belongs to the frame just sent
    } else {
      failures.add(result.failure);
      await sleep(20);
    }
  }
  expectOk(result);
  assert.deepEqual(
    [...failures].filter((f) => f !== 'unavailable'),
    [],
  );
  assert.equal(second.stats.served, 1);
});

/** A plain KServe server: ModelInfer only, so ModelStreamInfer is answered UNIMPLEMENTED. */
async function plainKserve(calls: string[]): Promise<string> {
  const server = new grpc.Server();
  server.addService(
    { ModelInfer: modelInfer },
    {
      ModelInfer: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
        const request = inference.ModelInferRequest.decode(call.request);
        calls.push(request.id);
        cb(null, serializeInferResponse(encodeInferResponse(small(2), {}, { id: request.id })));
      },
    },
  );
  return listenOnLoopback(server, cleanups);
}

void test('a peer without ModelStreamInfer gets the same frame as a unary ModelInfer call', async () => {
  const calls: string[] = [];
  const client = connect(await plainKserve(calls));
  for (const frameId of [1, 2]) {
    const result = await client.infer(small(), { frameId });
    expectOk(result);
    assert.deepEqual(valuesOf(result.tensors['x']?.data ?? new Float32Array()), [2, -2]);
  }
  assert.deepEqual(calls, ['1', '2']); // each frame handled once
});

void test('answers on the stream are matched to their frames whatever order they come in', async () => {
  const { handler: held, release, arrived } = gate();
  const handler = (r: DecodedInfer): Promise<TensorMap> =>
    r.params.frameId === 1 ? held(r) : Promise.resolve(r.tensors);
  const server = await serve({ handler, maxInFlight: 2 });
  const client = connect(server, { maxInFlight: 2 });
  const first = client.infer(small(1), { frameId: 1 });
  await arrived;
  const second = await client.infer(small(2), { frameId: 2 });
  release();
  const done = await first;
  expectOk(second);
  expectOk(done);
  assert.deepEqual([second.params.frameId, done.params.frameId], [2, 1]);
  assert.deepEqual(valuesOf(done.tensors['x']?.data ?? new Float32Array()), [1, -1]);
});

void test('a handler failure on the stream fails that frame only', async () => {
  let calls = 0;
  const server = await serve({
    handler: async (r) => (++calls === 1 ? Promise.reject(new Error('boom')) : r.tensors),
  });
  const client = connect(server);
  const failure = await client.infer(small(), { frameId: 1 });
  assert.equal(failure.ok ? 'ok' : failure.failure, 'failed');
  assert.match(failure.ok ? '' : failure.message, /relay handler failed: boom/);
  expectOk(await client.infer(small(), { frameId: 2 }));
  assert.deepEqual({ ...server.stats }, { served: 1, busy: 0, invalid: 0, failed: 1 });
});

void test(
  'closing a server ends idle client streams instead of waiting out the grace time',
  { timeout: 20_000 },
  async () => {
    const server = await startRelayServer({ handler: (r) => Promise.resolve(r.tensors) });
    const client = connect(server);
    expectOk(await client.infer(small(), { frameId: 1 }));
    await server.close(60_000); // would hold the test past its timeout if the open stream kept it
    const after = await client.infer(small(), { frameId: 2 });
    assert.equal(after.ok ? 'ok' : after.failure, 'unavailable');
  },
);

void test('the server grants clients an HTTP/2 window larger than a frame', async () => {
  const server = await serve();
  const session = http2.connect(`http://${server.address}`);
  cleanups.push(() => void session.destroy());
  const granted = await new Promise<number | undefined>((resolve) => {
    session.on('remoteSettings', (settings: http2.Settings) => {
      if (settings.initialWindowSize === FLOW_CONTROL_WINDOW) resolve(settings.initialWindowSize);
    });
    setTimeout(() => resolve(session.remoteSettings.initialWindowSize), 2000);
  });
  assert.equal(granted, FLOW_CONTROL_WINDOW);
});

void test('a frame given up on for its deadline leaves the next frame of the same size intact', async () => {
  const { handler: held, release, arrived } = gate();
  const seen = new Map<number, number[]>();
  const handler = (r: DecodedInfer): Promise<TensorMap> => {
    const data = r.tensors['x']?.data as Float32Array;
    seen.set(r.params.frameId ?? -1, [data[0] ?? NaN, data[data.length - 1] ?? NaN]);
    return r.params.frameId === 1 ? held(r) : Promise.resolve(r.tensors);
  };
  const server = await serve({ handler, maxInFlight: 2 });
  const client = connect(server, { maxInFlight: 2 });
  // 64 KB tensors travel as views on their own memory; equal sizes once shared a reused buffer.
  const tensor = (value: number): TensorMap => ({
    x: { dtype: 'float32', shape: [16384], data: new Float32Array(16384).fill(value) },
  });
  const first = await client.infer(tensor(1), { frameId: 1 }, { deadlineMs: 50 });
  assert.equal(first.ok ? 'ok' : first.failure, 'deadline');
  await arrived;
  const second = await client.infer(tensor(2), { frameId: 2 });
  release();
  expectOk(second);
  assert.deepEqual([...(second.tensors['x']?.data as Float32Array).subarray(0, 2)], [2, 2]);
  assert.deepEqual(Object.fromEntries(seen), { 1: [1, 1], 2: [2, 2] });
});
