/**
 * Relay throughput on loopback against a plain TCP socket pushing the same
 * bytes, request/response style: send one tensor, wait for a small answer,
 * repeat. The relay runs both ways it can (one unary ModelInfer call per
 * frame, and frames on one ModelStreamInfer stream, the default), and the
 * stream once more over mutual TLS, for the cost of encryption. The
 * receivers run in a worker thread so that sender and receiver each have a
 * core, as they would on two hosts.
 *
 *   npm run bench:transport            (table)
 *   npm run bench:transport -- --json  (machine output)
 *   npm run bench:transport -- --rounds 2 --sizes 1,10  (shorter)
 */
import * as grpc from '@grpc/grpc-js';
import net from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createAuthority, issueCertificate, type Credentials } from '../src/core/x509.js';
import type { TlsMaterial } from '../src/transport/tls.js';
import { RelayClient } from '../src/transport/client.js';
import { startRelayServer } from '../src/transport/server.js';
import type { CutEncoding, DecodedInfer } from '../src/transport/wire.js';
import type { TensorMap } from '../src/runtime/runtime.js';
import { median } from '../src/core/stats.js';
import { grpcJsComparison } from './transport-grpcjs.js';

const MB = 1_000_000;
const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
};
const SIZES_MB = (option('sizes') ?? '0.1,1,10').split(',').map(Number);
const ROUNDS = Number(option('rounds') ?? 5);
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

interface Ports {
  readonly relay: number;
  /** The same relay over mutual TLS. */
  readonly relayTls: number;
  readonly grpc: number;
  readonly tcp: number;
}

/** Plain grpc-js unary calls carrying the bytes as they are: the ceiling for any gRPC relay in Node. */
const ECHO: grpc.MethodDefinition<Buffer, Buffer> = {
  path: '/bench.Echo/Push',
  requestStream: false,
  responseStream: false,
  requestSerialize: (b) => b,
  requestDeserialize: (b) => b,
  responseSerialize: (b) => b,
  responseDeserialize: (b) => b,
};

async function grpcReceiver(): Promise<number> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': MAX_MESSAGE_BYTES });
  server.addService(
    { Push: ECHO },
    { Push: (_call: unknown, cb: grpc.sendUnaryData<Buffer>) => cb(null, Buffer.from([1])) },
  );
  return new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    ),
  );
}

/** The CA and the two ends' certificates, made in the main thread; the worker gets the server's. */
interface BenchTls {
  readonly server: TlsMaterial;
  readonly client: TlsMaterial;
}

function benchTls(): BenchTls {
  const ca = createAuthority('bench CA');
  const material = (c: Credentials): TlsMaterial => ({
    cert: Buffer.from(c.certPem),
    key: Buffer.from(c.keyPem),
    ca: Buffer.from(ca.certPem),
  });
  return {
    server: material(issueCertificate(ca, { commonName: 'receiver', ipAddresses: ['127.0.0.1'] })),
    client: material(issueCertificate(ca, { commonName: 'sender' })),
  };
}

/**
 * Receiver side: a relay answering each tensor with one float (in clear and over mutual TLS),
 * and a TCP server answering each message with one byte.
 */
async function receivers(tls: TlsMaterial): Promise<void> {
  const options = {
    maxMessageBytes: MAX_MESSAGE_BYTES,
    // Like a pipeline stage, the receiver gives the message's buffer back once it is done with
    // the tensors (here at once: it only acks), so large frames reuse a reassembly buffer.
    handler: (request: DecodedInfer): Promise<TensorMap> => {
      request.release?.();
      return Promise.resolve({ ack: { dtype: 'float32', shape: [1], data: new Float32Array([1]) } });
    },
  };
  const relay = await startRelayServer(options);
  const relayTls = await startRelayServer({ ...options, tls });
  const tcp = net.createServer((socket) => {
    socket.setNoDelay(true);
    let expected = -1;
    let header = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      let rest = chunk;
      while (rest.byteLength > 0) {
        if (expected < 0) {
          header = Buffer.concat([header, rest]);
          if (header.byteLength < 4) return;
          expected = header.readUInt32LE(0);
          rest = header.subarray(4);
          header = Buffer.alloc(0);
        }
        const take = Math.min(expected, rest.byteLength);
        expected -= take;
        rest = rest.subarray(take);
        if (expected === 0) {
          expected = -1;
          socket.write(Buffer.from([1]));
        }
      }
    });
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const port = (tcp.address() as net.AddressInfo).port;
  parentPort?.postMessage({
    relay: relay.port,
    relayTls: relayTls.port,
    grpc: await grpcReceiver(),
    tcp: port,
  } satisfies Ports);
}

function iterations(bytes: number): number {
  return Math.max(20, Math.ceil((300 * MB) / bytes));
}

async function tcpRun(port: number, payload: Buffer, count: number): Promise<number> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const header = Buffer.alloc(4);
  header.writeUInt32LE(payload.byteLength, 0);
  const ack = (): Promise<void> => new Promise((resolve) => socket.once('data', () => resolve()));
  const once = async (): Promise<void> => {
    const answered = ack();
    socket.write(header);
    socket.write(payload);
    await answered;
  };
  for (let i = 0; i < Math.ceil(count / 10); i += 1) await once(); // warm-up
  const start = performance.now();
  for (let i = 0; i < count; i += 1) await once();
  const seconds = (performance.now() - start) / 1000;
  socket.destroy();
  return (payload.byteLength * count) / MB / seconds;
}

async function grpcRun(port: number, payload: Buffer, count: number): Promise<number> {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  const once = (): Promise<void> =>
    new Promise((resolve, reject) =>
      client.makeUnaryRequest(ECHO.path, ECHO.requestSerialize, ECHO.responseDeserialize, payload, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  for (let i = 0; i < Math.ceil(count / 10); i += 1) await once(); // warm-up
  const start = performance.now();
  for (let i = 0; i < count; i += 1) await once();
  const seconds = (performance.now() - start) / 1000;
  client.close();
  return (payload.byteLength * count) / MB / seconds;
}

async function relayRun(
  port: number,
  data: Float32Array,
  count: number,
  how: { encoding: CutEncoding; stream: boolean; tls?: TlsMaterial },
): Promise<number> {
  const client = new RelayClient({
    address: `127.0.0.1:${port}`,
    maxMessageBytes: MAX_MESSAGE_BYTES,
    ...how,
  });
  const tensors = { x: { dtype: 'float32' as const, shape: [data.length], data } };
  const once = async (frameId: number): Promise<void> => {
    const result = await client.infer(tensors, { frameId, captureMs: Date.now(), cutId: 'bench' });
    if (!result.ok) throw new Error(`relay call failed: ${result.failure}: ${result.message}`);
  };
  for (let i = 0; i < Math.ceil(count / 10); i += 1) await once(i); // warm-up
  const start = performance.now();
  for (let i = 0; i < count; i += 1) await once(i);
  const seconds = (performance.now() - start) / 1000;
  client.close();
  return (data.byteLength * count) / MB / seconds;
}

interface Row {
  readonly sizeMB: number;
  readonly tcpMBps: number;
  /** Plain grpc-js unary calls with the same bytes and no protobuf at all. */
  readonly grpcMBps: number;
  /** The relay as it runs by default: frames on one ModelStreamInfer stream. */
  readonly relayMBps: number;
  /**
   * Median over rounds of relay / TCP within the same round: the issue's
   * target is at least 0.7 from 1 MB up. Paired, because the TCP figure
   * itself moves by 20% between rounds on a shared machine.
   */
  readonly ratio: number;
  /** The relay with one unary ModelInfer call per frame (what plain KServe servers get). */
  readonly relayUnaryMBps: number;
  /** Tensor (float32) megabytes per second when the relay (stream) sends fp16. */
  readonly relayFp16MBps: number;
  /** The relay stream over mutual TLS. */
  readonly relayTlsMBps: number;
  /** Median over rounds of TLS stream / cleartext stream within the same round. */
  readonly tlsRatio: number;
}

async function measure(ports: Ports, sizeMB: number, tls: TlsMaterial): Promise<Row> {
  const data = new Float32Array(Math.round((sizeMB * MB) / 4)).map((_, i) => Math.sin(i));
  const payload = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const count = iterations(data.byteLength);
  const tcp: number[] = [];
  const plain: number[] = [];
  const relay: number[] = [];
  const unary: number[] = [];
  const fp16: number[] = [];
  const secure: number[] = [];
  // Interleaved rounds, so a slow moment of the machine hits every contender alike.
  for (let round = 0; round < ROUNDS; round += 1) {
    tcp.push(await tcpRun(ports.tcp, payload, count));
    plain.push(await grpcRun(ports.grpc, payload, count));
    unary.push(await relayRun(ports.relay, data, count, { encoding: 'raw', stream: false }));
    relay.push(await relayRun(ports.relay, data, count, { encoding: 'raw', stream: true }));
    fp16.push(await relayRun(ports.relay, data, Math.ceil(count / 2), { encoding: 'fp16', stream: true }));
    secure.push(await relayRun(ports.relayTls, data, count, { encoding: 'raw', stream: true, tls }));
  }
  const row = {
    sizeMB,
    tcpMBps: median(tcp),
    grpcMBps: median(plain),
    relayMBps: median(relay),
    relayUnaryMBps: median(unary),
    relayFp16MBps: median(fp16),
    relayTlsMBps: median(secure),
    tlsRatio: median(secure.map((s, i) => s / relay[i]!)),
  };
  return { ...row, ratio: median(relay.map((r, i) => r / tcp[i]!)) };
}

function printTable(rows: readonly Row[]): void {
  const cells = (values: readonly string[]): string => `| ${values.join(' | ')} |`;
  const mbps = (n: number): string => n.toFixed(0);
  const pct = (n: number): string => `${(n * 100).toFixed(0)}%`;
  const header = ['tensor MB', 'TCP MB/s', 'grpc-js unary MB/s', 'relay unary MB/s', 'relay stream MB/s'];
  const tail = ['unary/TCP', 'stream/TCP', 'stream fp16 MB/s', 'stream mTLS MB/s', 'mTLS/stream'];
  console.log(cells([...header, ...tail]));
  console.log(cells(new Array<string>(header.length + tail.length).fill('---:')));
  for (const r of rows) {
    const values = [r.tcpMBps, r.grpcMBps, r.relayUnaryMBps, r.relayMBps].map(mbps);
    const ratios = [pct(r.relayUnaryMBps / r.tcpMBps), pct(r.ratio)];
    const tls = [mbps(r.relayTlsMBps), pct(r.tlsRatio)];
    console.log(cells([String(r.sizeMB), ...values, ...ratios, mbps(r.relayFp16MBps), ...tls]));
  }
  console.log(`\nmedian of ${ROUNDS} interleaved rounds; stream/TCP is the median of the per-round ratios;`);
  console.log('MB = 10^6 bytes of float32 tensor data; loopback;');
  console.log('receivers in a worker thread; every contender sends one tensor and waits for a small answer;');
  console.log('TCP = length-prefixed bytes on a socket, the receiver only counts them; grpc-js unary = bare');
  console.log(
    'unary calls without protobuf; relay unary = one ModelInfer call per frame; relay stream = the',
  );
  console.log(
    'default, frames on one ModelStreamInfer call; fp16 = float32 MB/s sent as fp16, conversion included;',
  );
  console.log(
    'mTLS = the stream over mutual TLS (P-256 certificates, TLS 1.3, AES-GCM as OpenSSL negotiates);',
  );
  console.log('mTLS/stream is the median of the per-round ratios to the cleartext stream');
  console.log(`command: npm run bench:transport -- ${process.argv.slice(2).join(' ')}`);
}

async function main(): Promise<void> {
  const tls = benchTls();
  const worker = new Worker(new URL(import.meta.url), { workerData: tls.server });
  try {
    const ports = await new Promise<Ports>((resolve, reject) =>
      worker.once('message', resolve).once('error', reject),
    );
    const rows: Row[] = [];
    for (const size of SIZES_MB) {
      rows.push(await measure(ports, size, tls.client));
      process.stderr.write(`measured ${size} MB\n`);
    }
    if (process.argv.includes('--json')) console.log(JSON.stringify({ rows }, null, 2));
    else printTable(rows);
    // The relay stream against grpc-js streaming the same bytes, and CPU per MB under a tier's quota.
    if (!process.argv.includes('--json')) await grpcJsComparison();
  } finally {
    await worker.terminate();
  }
}

if (isMainThread) await main();
else {
  // Buffers cross to the worker as plain Uint8Arrays.
  const { cert, key, ca } = workerData as { cert: Uint8Array; key: Uint8Array; ca: Uint8Array };
  await receivers({ cert: Buffer.from(cert), key: Buffer.from(key), ca: Buffer.from(ca) });
}
