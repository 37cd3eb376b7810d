/**
 * `couper serve` as users run it: the real command in its own process,
 * called by a KServe client that is not ours (Python grpcio, stubs generated
 * here from schema/grpc_predict_v2.proto into a temp folder), stopped by
 * SIGTERM (exit 143) and SIGINT (exit 130), and its one-line refusals.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { packageRoot } from '../../src/core/assets.js';
import { createAuthority, issueCertificate } from '../../src/core/x509.js';
import { inference } from '../../src/transport/gen/kserve.js';
import { batchedChainFile } from '../helpers/build-model.js';
import { skipUnless } from '../helpers/needs.js';
import { tempDir } from '../helpers/tiny-models.js';

const ROOT = packageRoot();
const BIN = path.join(ROOT, 'bin', 'couper.js');
const PYTHON = '/usr/bin/python3';

interface Serving {
  readonly child: ChildProcess;
  readonly address: string;
  /** Resolves with the exit code and everything the process wrote on stderr. */
  readonly exited: Promise<{ code: number | null; stderr: string }>;
}

const started: ChildProcess[] = [];
after(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

/** `couper serve FILE --port 0 …`, resolved once it printed the address it listens on. */
function serve(file: string, ...args: string[]): Promise<Serving> {
  const child = spawn(process.execPath, [BIN, 'serve', file, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr })),
  );
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = / at (\S+) \(KServe v2 gRPC\)\n/.exec(stdout);
      if (match) resolve({ child, address: match[1]!, exited });
    });
    void exited.then(({ code }) => reject(new Error(`couper serve exited ${code}: ${stderr}`)));
  });
}

describe('couper serve', () => {
  const dir = tempDir();
  const file = batchedChainFile(dir);

  it(
    "answers a Python grpcio client on every RPC, with the protocol's error codes",
    { skip: skipUnless('pythonGrpc') },
    async () => {
      const stubs = path.join(dir, 'stubs');
      fs.mkdirSync(stubs);
      const protoc = spawnSync(
        PYTHON,
        [
          '-m',
          'grpc_tools.protoc',
          `-I${path.join(ROOT, 'schema')}`,
          `--python_out=${stubs}`,
          `--grpc_python_out=${stubs}`,
          'grpc_predict_v2.proto',
        ],
        { encoding: 'utf8' },
      );
      assert.equal(protoc.status, 0, protoc.stderr);
      const serving = await serve(file, '--name', 'chain');
      const client = spawnSync(
        PYTHON,
        [path.join(ROOT, 'test/fixtures/kserve/client.py'), stubs, serving.address, 'chain'],
        {
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      serving.child.kill('SIGTERM');
      assert.equal(client.status, 0, client.stderr);
      const got = JSON.parse(client.stdout) as Record<string, unknown>;
      const Y = [-1, 0, -3, 0, -0.5, 0, 0, -2];
      assert.equal(got.live, true);
      assert.equal(got.ready, true);
      assert.equal(got.server, 'couper');
      assert.equal(got.model_ready, true);
      assert.deepEqual(got.metadata, {
        name: 'chain',
        versions: ['1'],
        platform: 'onnxruntime_onnx',
        inputs: [['x', 'FP32', [-1, 4]]],
        outputs: [['y', 'FP32', [-1, 4]]],
      });
      assert.deepEqual(got.raw, { id: 'p1', outputs: [['y', 'FP32', [2, 4]]], y: Y });
      assert.deepEqual(got.typed, Y);
      const notFound = got.not_found as Record<string, [string, string]>;
      for (const rpc of ['ModelReady', 'ModelMetadata', 'ModelInfer', 'ModelStreamInfer']) {
        assert.equal(notFound[rpc]?.[0], 'NOT_FOUND', rpc);
        assert.match(notFound[rpc]?.[1] ?? '', /model 'other' not found/, rpc);
      }
      const invalid = got.invalid as Record<string, [string, string]>;
      assert.deepEqual(invalid.name?.[0], 'INVALID_ARGUMENT');
      assert.match(invalid.name?.[1] ?? '', /input 'z' is not an input of model 'chain'/);
      assert.deepEqual(invalid.datatype?.[0], 'INVALID_ARGUMENT');
      assert.match(invalid.datatype?.[1] ?? '', /input 'x' has datatype FP64/);
      assert.deepEqual(invalid.shape?.[0], 'INVALID_ARGUMENT');
      assert.match(invalid.shape?.[1] ?? '', /input 'x' has shape \[4, 2\]/);
      assert.deepEqual((got.gzip as string[])[0], 'UNIMPLEMENTED');
      assert.deepEqual(got.stream, [
        { id: 'a', error: '', y: Y },
        { id: 'b', error: "input 'z' is not an input of model 'chain' (its inputs: x)", y: null },
        { id: 'c', error: '', y: Y },
      ]);
      assert.equal((await serving.exited).code, 143);
    },
  );

  it('exits 143 on SIGTERM and 130 on SIGINT, saying so in one line', async () => {
    for (const [signal, code] of [
      ['SIGTERM', 143],
      ['SIGINT', 130],
    ] as const) {
      const serving = await serve(file);
      const json = spawn(process.execPath, [BIN, 'serve', file, '--port', '0', '--json'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      started.push(json);
      const line = await new Promise<string>((resolve) =>
        json.stdout.once('data', (d: Buffer) => resolve(d.toString())),
      );
      json.kill('SIGTERM');
      const said = JSON.parse(line) as { model: string; version: string; address: string };
      assert.deepEqual([said.model, said.version], ['chain', '1']);
      assert.match(said.address, /^127\.0\.0\.1:\d+$/);
      serving.child.kill(signal);
      const { code: exit, stderr } = await serving.exited;
      assert.equal(exit, code, stderr);
      assert.equal(stderr, `couper: serve stopped by ${signal}; calls in flight were answered\n`);
    }
  });

  it('refuses a missing model, a bad port and a port in use in one line each', async () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, 'serve', ...args], { encoding: 'utf8' });
    const missing = run(path.join(dir, 'nope.onnx'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^couper: .*nope\.onnx.*\n$/);
    const port = run(file, '--port', '70000');
    assert.equal(port.status, 2);
    assert.equal(port.stderr, "couper: --port must be a whole number from 0 to 65535, not '70000'\n");
    const serving = await serve(file);
    const taken = run(file, '--port', serving.address.split(':').pop()!);
    serving.child.kill('SIGTERM');
    assert.equal(taken.status, 1, taken.stderr);
    assert.match(
      taken.stderr,
      /^couper: cannot listen on 127\.0\.0\.1:\d+: .*\(choose another --port or --host\)\n$/,
    );
    await serving.exited;
  });

  it('serves over mutual TLS with --tls-*: a client its CA signed is served, one without a certificate is refused', async () => {
    const ca = createAuthority('serve test CA');
    const server = issueCertificate(ca, { commonName: 'server', ipAddresses: ['127.0.0.1'] });
    const client = issueCertificate(ca, { commonName: 'client' });
    const write = (name: string, text: string): string => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, text, { mode: 0o600 });
      return f;
    };
    const caFile = write('ca.pem', ca.certPem);
    const serving = await serve(
      file,
      '--tls-cert',
      write('server.pem', server.certPem),
      '--tls-key',
      write('server.key', server.keyPem),
      '--tls-ca',
      caFile,
    );
    const live = (credentials: grpc.ChannelCredentials): Promise<boolean> => {
      const channel = new grpc.Client(serving.address, credentials);
      return new Promise<boolean>((resolve, reject) => {
        channel.makeUnaryRequest(
          '/inference.GRPCInferenceService/ServerLive',
          (m: Uint8Array) => Buffer.from(m),
          (b: Buffer) => inference.ServerLiveResponse.decode(b),
          new Uint8Array(0),
          { deadline: Date.now() + 5000 },
          (err, res) => {
            channel.close();
            if (err) reject(err);
            else resolve(res!.live);
          },
        );
      });
    };
    const caPem = Buffer.from(ca.certPem);
    assert.equal(
      await live(grpc.credentials.createSsl(caPem, Buffer.from(client.keyPem), Buffer.from(client.certPem))),
      true,
    );
    await assert.rejects(live(grpc.credentials.createSsl(caPem)), (err: grpc.ServiceError) => {
      assert.equal(err.code, grpc.status.UNAVAILABLE);
      return true;
    });
    await assert.rejects(live(grpc.credentials.createInsecure()));
    serving.child.kill('SIGTERM');
    assert.equal((await serving.exited).code, 143);
    const half = spawnSync(process.execPath, [BIN, 'serve', file, '--tls-ca', caFile], { encoding: 'utf8' });
    assert.equal(half.status, 2);
    assert.equal(half.stderr, 'couper: --tls-ca needs --tls-cert and --tls-key\n');
  });
});
