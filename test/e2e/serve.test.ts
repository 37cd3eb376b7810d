/**
 * `serveModel` through grpc-js, a client that is not ours: every KServe v2
 * RPC, Triton's stream, and each error code the protocol prescribes (NOT_FOUND
 * for another model, INVALID_ARGUMENT naming the tensor, UNIMPLEMENTED for
 * compression). The model is x[batch, 4] -> Relu -> Neg -> y.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { inference } from '../../src/transport/gen/kserve.js';
import { batchedChainFile } from '../helpers/build-model.js';
import { tempDir } from '../helpers/tiny-models.js';
import { serveModel, type ServingModel } from '../../src/pipeline/serve/serve.js';

const SERVICE = '/inference.GRPCInferenceService/';

interface Encoder<T> {
  encode(message: T): { finish(): Uint8Array };
}

interface Decoder<T> {
  decode(bytes: Uint8Array): T;
}

type Failure = grpc.ServiceError;

function unary<Req, Res>(
  client: grpc.Client,
  method: string,
  req: Encoder<Req>,
  res: Decoder<Res>,
  message: Req,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(
      SERVICE + method,
      (m: Req) => Buffer.from(req.encode(m).finish()),
      (b: Buffer) => res.decode(b),
      message,
      (err, value) => (err ? reject(err) : resolve(value as Res)),
    ),
  );
}

function infer(client: grpc.Client, message: inference.ModelInferRequest.$Properties) {
  return unary(client, 'ModelInfer', inference.ModelInferRequest, inference.ModelInferResponse, message);
}

async function failure(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (err) {
    return err as Failure;
  }
  assert.fail('the call succeeded');
}

function rawFloats(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

function floatsOf(response: inference.ModelInferResponse.$Properties | null | undefined, i = 0): number[] {
  const raw = response?.rawOutputContents?.[i];
  assert.ok(raw, 'the response has raw output contents');
  const values = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  // Neg turns 0 into -0; the values, not their zeros' signs, are what is checked.
  return [...values].map((v) => v + 0);
}

const X = [1, -2, 3, -4, 0.5, -0.5, 0, 2];
const Y = [-1, 0, -3, 0, -0.5, 0, 0, -2];

function request(extra: Partial<inference.ModelInferRequest.$Properties> = {}) {
  return {
    modelName: 'chain',
    id: 'r1',
    inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 4] }],
    rawInputContents: [rawFloats(X)],
    ...extra,
  };
}

describe('couper serve: KServe v2 over gRPC', () => {
  let serving: ServingModel;
  let client: grpc.Client;
  before(async () => {
    serving = await serveModel(batchedChainFile(tempDir()), { version: '3' });
    client = new grpc.Client(serving.server.address, grpc.credentials.createInsecure());
  });
  after(async () => {
    client.close();
    await serving.close();
  });

  it('answers ServerLive, ServerReady and ServerMetadata', async () => {
    const live = await unary(
      client,
      'ServerLive',
      inference.ServerLiveRequest,
      inference.ServerLiveResponse,
      {},
    );
    assert.equal(live.live, true);
    const ready = await unary(
      client,
      'ServerReady',
      inference.ServerReadyRequest,
      inference.ServerReadyResponse,
      {},
    );
    assert.equal(ready.ready, true);
    const meta = await unary(
      client,
      'ServerMetadata',
      inference.ServerMetadataRequest,
      inference.ServerMetadataResponse,
      {},
    );
    assert.equal(meta.name, 'couper');
    assert.match(meta.version, /^\d+\.\d+\.\d+/);
  });

  it('answers ModelReady and ModelMetadata for its name and version, NOT_FOUND for others', async () => {
    const ready = (name: string, version = '') =>
      unary(client, 'ModelReady', inference.ModelReadyRequest, inference.ModelReadyResponse, {
        name,
        version,
      });
    assert.equal((await ready('chain')).ready, true);
    assert.equal((await ready('chain', '3')).ready, true);
    assert.equal((await failure(ready('chain', '2'))).code, grpc.status.NOT_FOUND);
    const other = await failure(ready('resnet'));
    assert.equal(other.code, grpc.status.NOT_FOUND);
    assert.match(other.details, /model 'resnet' not found: this server serves 'chain' version '3'/);

    const metadata = (name: string) =>
      unary(client, 'ModelMetadata', inference.ModelMetadataRequest, inference.ModelMetadataResponse, {
        name,
        version: '',
      });
    const meta = await metadata('chain');
    assert.equal(meta.name, 'chain');
    assert.deepEqual(meta.versions, ['3']);
    assert.equal(meta.platform, 'onnxruntime_onnx');
    const spell = (t: inference.ModelMetadataResponse.ITensorMetadata) => ({
      name: t.name,
      datatype: t.datatype,
      shape: (t.shape ?? []).map(Number),
    });
    assert.deepEqual(meta.inputs.map(spell), [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }]);
    assert.deepEqual(meta.outputs.map(spell), [{ name: 'y', datatype: 'FP32', shape: [-1, 4] }]);
    assert.equal((await failure(metadata('other'))).code, grpc.status.NOT_FOUND);
  });

  it('runs ModelInfer with raw contents and with typed contents', async () => {
    const raw = await infer(client, request());
    assert.equal(raw.id, 'r1');
    assert.equal(raw.modelName, 'chain');
    assert.equal(raw.outputs[0]?.name, 'y');
    assert.equal(raw.outputs[0]?.datatype, 'FP32');
    assert.deepEqual((raw.outputs[0]?.shape ?? []).map(Number), [2, 4]);
    assert.deepEqual(floatsOf(raw), Y);

    const typed = await infer(
      client,
      request({
        inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 4], contents: { fp32Contents: X } }],
        rawInputContents: [],
        outputs: [{ name: 'y' }],
      }),
    );
    assert.deepEqual(floatsOf(typed), Y);
  });

  it('refuses wrong names, datatypes and shapes with INVALID_ARGUMENT naming the tensor', async () => {
    const cases: Array<[Partial<inference.ModelInferRequest.$Properties>, RegExp]> = [
      [
        { inputs: [{ name: 'z', datatype: 'FP32', shape: [2, 4] }] },
        /input 'z' is not an input of model 'chain' \(its inputs: x\)/,
      ],
      [
        { inputs: [{ name: 'x', datatype: 'FP64', shape: [1, 4] }] },
        /input 'x' has datatype FP64; model 'chain' takes FP32/,
      ],
      [
        { inputs: [{ name: 'x', datatype: 'FP32', shape: [4, 2] }] },
        /input 'x' has shape \[4, 2\]; model 'chain' takes \[-1, 4\]/,
      ],
      [{ inputs: [{ name: 'x', datatype: 'FP32', shape: [8] }] }, /input 'x' has shape \[8\]/],
      [
        { inputs: [{ name: 'x', datatype: 'FP32', shape: [3, 4] }] },
        /tensor 'x' has 32 raw bytes for FP32 shape 3x4/,
      ],
      [{ outputs: [{ name: 'q' }] }, /output 'q' is not an output of model 'chain'/],
    ];
    for (const [edit, expected] of cases) {
      const err = await failure(infer(client, request(edit)));
      assert.equal(err.code, grpc.status.INVALID_ARGUMENT, String(expected));
      assert.match(err.details, expected);
    }
  });

  it('answers ModelInfer for another model NOT_FOUND', async () => {
    const err = await failure(infer(client, request({ modelName: 'other' })));
    assert.equal(err.code, grpc.status.NOT_FOUND);
    assert.equal((await failure(infer(client, request({ modelVersion: '9' })))).code, grpc.status.NOT_FOUND);
  });

  it('answers a compressed call UNIMPLEMENTED', async () => {
    const gzip = new grpc.Client(serving.server.address, grpc.credentials.createInsecure(), {
      'grpc.default_compression_algorithm': 2,
    });
    try {
      const err = await failure(infer(gzip, request()));
      assert.equal(err.code, grpc.status.UNIMPLEMENTED);
      assert.match(err.details, /compression 'gzip' is not supported/);
    } finally {
      gzip.close();
    }
  });

  it("runs Triton's ModelStreamInfer: answers by id, errors as replies, another model ends it NOT_FOUND", async () => {
    const replies = await stream(client, [
      request({ id: 'a' }),
      request({ id: 'b', inputs: [{ name: 'x', datatype: 'INT32', shape: [2, 4] }] }),
      request({ id: 'c', rawInputContents: [rawFloats(X.map((v) => -v))] }),
    ]);
    assert.equal(replies.status.code, grpc.status.OK);
    const byId = new Map(replies.messages.map((m) => [m.inferResponse?.id, m]));
    assert.deepEqual(floatsOf(byId.get('a')!.inferResponse), Y);
    assert.match(byId.get('b')!.errorMessage, /input 'x' has datatype INT32; model 'chain' takes FP32/);
    assert.deepEqual(
      floatsOf(byId.get('c')!.inferResponse),
      X.map((v) => (v > 0 ? 0 : v)),
    );
    const other = await stream(client, [request({ modelName: 'other' })]);
    assert.equal(other.status.code, grpc.status.NOT_FOUND);
    assert.match(other.status.details, /model 'other' not found/);
  });
});

/** One ModelStreamInfer call: sends `requests` one after another's answer, then half-closes. */
function stream(
  client: grpc.Client,
  requests: inference.ModelInferRequest.$Properties[],
): Promise<{ messages: inference.ModelStreamInferResponse[]; status: grpc.StatusObject }> {
  return new Promise((resolve) => {
    const call = client.makeBidiStreamRequest(
      `${SERVICE}ModelStreamInfer`,
      (m: inference.ModelInferRequest.$Properties) =>
        Buffer.from(inference.ModelInferRequest.encode(m).finish()),
      (b: Buffer) => inference.ModelStreamInferResponse.decode(b),
    );
    const messages: inference.ModelStreamInferResponse[] = [];
    const next = (): void => {
      const message = requests[messages.length];
      if (message) call.write(message);
      else call.end();
    };
    call.on('data', (m: inference.ModelStreamInferResponse) => {
      messages.push(m);
      next();
    });
    call.on('error', () => undefined); // the status below says it
    call.on('status', (status: grpc.StatusObject) => resolve({ messages, status }));
    next();
  });
}
