/**
 * What `couper serve` adds to one inference: squeezenet1_1 and mobilenet_v2
 * run in-process by onnxruntime (the reference) against the same model behind
 * the KServe endpoint on loopback, called by grpc-js (not our client) with one
 * unary ModelInfer per request (raw contents, then typed contents) and on one
 * ModelStreamInfer stream. Calls go one at a time; each figure is the median
 * latency of its calls over interleaved rounds.
 *
 *   npm run bench:serve
 */
import * as grpc from '@grpc/grpc-js';
import { median } from '../src/core/stats.js';
import { serveModel } from '../src/pipeline/serve/serve.js';
import { getRuntime } from '../src/runtime/registry.js';
import { inference } from '../src/transport/gen/kserve.js';
import { ensureModel } from '../test/helpers/models.js';

const MODELS = ['squeezenet1_1', 'mobilenet_v2'];
const ROUNDS = 3;
const CALLS = 20;
const THREADS = 1;
const PATH = '/inference.GRPCInferenceService/';

type Request = inference.ModelInferRequest.$Properties;

function request(input: string, values: Float32Array, typed: boolean): Request {
  const shape = [1, 3, 224, 224];
  return typed
    ? {
        modelName: 'm',
        inputs: [{ name: input, datatype: 'FP32', shape, contents: { fp32Contents: [...values] } }],
      }
    : {
        modelName: 'm',
        inputs: [{ name: input, datatype: 'FP32', shape }],
        rawInputContents: [new Uint8Array(values.buffer)],
      };
}

const encode = (m: Request): Buffer => Buffer.from(inference.ModelInferRequest.encode(m).finish());

function unary(client: grpc.Client, message: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(
      PATH + 'ModelInfer',
      encode,
      (b: Buffer) => b,
      message,
      (err) => (err ? reject(err) : resolve()),
    ),
  );
}

/** One stream; each call writes a request and waits for its answer. */
function streamCaller(client: grpc.Client): { call(m: Request): Promise<void>; end(): void } {
  const stream = client.makeBidiStreamRequest(PATH + 'ModelStreamInfer', encode, (b: Buffer) =>
    inference.ModelStreamInferResponse.decode(b),
  );
  let waiting: ((err?: Error) => void) | undefined;
  stream.on('data', (r: inference.ModelStreamInferResponse) =>
    waiting?.(r.errorMessage ? new Error(r.errorMessage) : undefined),
  );
  stream.on('error', (err: Error) => waiting?.(err));
  return {
    call: (m) =>
      new Promise((resolve, reject) => {
        waiting = (err) => (err ? reject(err) : resolve());
        stream.write(m);
      }),
    end: () => stream.end(),
  };
}

async function timed(calls: number, once: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
  }
  return times;
}

async function benchModel(name: string): Promise<Record<string, number>> {
  const file = ensureModel(name);
  const session = await getRuntime().open(file, { intraOpThreads: THREADS, interOpThreads: 1 });
  const input = session.inputNames[0]!;
  const values = new Float32Array(3 * 224 * 224).map((_, i) => ((i * 7919) % 255) / 255);
  const feeds = { [input]: { dtype: 'float32' as const, shape: [1, 3, 224, 224], data: values } };
  const serving = await serveModel(file, { name: 'm', threads: THREADS });
  const client = new grpc.Client(serving.server.address, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': -1,
    'grpc.max_send_message_length': -1,
  });
  const stream = streamCaller(client);
  const raw = request(input, values, false);
  const typed = request(input, values, true);
  const all: Record<string, number[]> = { direct: [], raw: [], typed: [], stream: [] };
  await timed(3, () => session.run(feeds)); // warm-up, both sides
  await timed(3, () => unary(client, raw));
  for (let round = 0; round < ROUNDS; round++) {
    all.direct!.push(...(await timed(CALLS, () => session.run(feeds))));
    all.raw!.push(...(await timed(CALLS, () => unary(client, raw))));
    all.typed!.push(...(await timed(CALLS, () => unary(client, typed))));
    all.stream!.push(...(await timed(CALLS, () => stream.call(raw))));
  }
  stream.end();
  client.close();
  await serving.close();
  await session.release();
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, median(v)]));
}

async function main(): Promise<void> {
  const cells = (c: string[]): string => `| ${c.join(' | ')} |`;
  console.log(
    cells([
      'model',
      'onnxruntime ms',
      'ModelInfer raw ms',
      'ModelInfer typed ms',
      'ModelStreamInfer ms',
      'raw/ort',
      'typed/ort',
      'stream/ort',
    ]),
  );
  console.log(cells(Array<string>(8).fill('---:')));
  for (const name of MODELS) {
    const r = await benchModel(name);
    const ms = (v: number | undefined): string => (v ?? NaN).toFixed(2);
    const ratio = (v: number | undefined): string => `${((v ?? NaN) / r.direct!).toFixed(2)}x`;
    console.log(
      cells([
        name,
        ms(r.direct),
        ms(r.raw),
        ms(r.typed),
        ms(r.stream),
        ratio(r.raw),
        ratio(r.typed),
        ratio(r.stream),
      ]),
    );
  }
  console.log(
    `\nmedian latency of ${ROUNDS} interleaved rounds of ${CALLS} calls, one at a time, 1x3x224x224 float32 input;`,
  );
  console.log(
    `onnxruntime with ${THREADS} intra-op thread in both; grpc-js client on loopback in the same process;`,
  );
  console.log('command: npm run bench:serve');
}

await main();
