/**
 * The grpc-js contender of `npm run bench:transport`: the relay's stream
 * (gRPC framed by hand over node:http2, src/transport/grpc-framing.ts)
 * against grpc-js doing the same job, a bidirectional ModelStreamInfer call
 * with pass-through serializers on both ends carrying the very bytes the
 * relay sends (one serialised ModelInferRequest per frame, one
 * ModelStreamInferResponse per answer, encoded and decoded by the relay's
 * own codec). Only the framing differs.
 *
 * Two tables: loopback throughput (interleaved rounds, receivers in a worker
 * thread), and CPU milliseconds per MB moved with sender and receiver in one
 * process inside a cgroup capped like a 2-core edge tier (cpu.max 200000
 * 100000, or cfs_quota_us on cgroup v1): on a small edge the CPU spent per
 * byte, not loopback bandwidth, is the limit. The second needs root; without
 * it the table says so and why.
 *
 *   npm run bench:transport               (after the relay's own table)
 *   node dist/bench/transport-grpcjs.js   (this comparison alone)
 */
import * as grpc from '@grpc/grpc-js';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { median } from '../src/core/stats.js';
import {
  deserializeInferRequest,
  deserializeStreamResponse,
  serializeInferRequest,
} from '../src/transport/codec.js';
import { serializeStreamResponse } from '../src/transport/codec.js';
import { RelayClient } from '../src/transport/client.js';
import { startRelayServer } from '../src/transport/server.js';
import { modelStreamInfer } from '../src/transport/service.js';
import { decodeInferRequest, encodeInferRequest, encodeInferResponse } from '../src/transport/wire.js';
import type { TensorMap } from '../src/runtime/runtime.js';

const MB = 1_000_000;
const SIZES_MB = [0.1, 1, 10];
const ROUNDS = 5;
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const ROLE = 'grpcjs-receivers';
/** The quota of a 2-core edge tier: 200 ms of CPU per 100 ms period. */
const QUOTA_US = 200_000;
const PERIOD_US = 100_000;
const CGROUP_ROOT = '/sys/fs/cgroup';

interface Ports {
  readonly relay: number;
  readonly grpcStream: number;
}

const ACK: TensorMap = { ack: { dtype: 'float32', shape: [1], data: new Float32Array([1]) } };

/** grpc-js end to end: decode each request with the relay's codec, answer with the relay's stream response. */
async function grpcStreamReceiver(): Promise<number> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': MAX_MESSAGE_BYTES });
  server.addService(
    { ModelStreamInfer: modelStreamInfer },
    {
      ModelStreamInfer: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => {
        call.on('data', (bytes: Buffer) => {
          const request = decodeInferRequest(deserializeInferRequest(bytes));
          call.write(serializeStreamResponse(encodeInferResponse(ACK, request.params, { id: request.id })));
        });
        call.on('end', () => call.end());
      },
    },
  );
  return new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    ),
  );
}

async function receivers(): Promise<void> {
  const relay = await startRelayServer({
    maxMessageBytes: MAX_MESSAGE_BYTES,
    handler: (request) => {
      request.release?.();
      return Promise.resolve(ACK);
    },
  });
  parentPort?.postMessage({ relay: relay.port, grpcStream: await grpcStreamReceiver() } satisfies Ports);
}

/** Send `count` frames one after another (each waits for its answer); resolves when all are answered. */
type Sender = (count: number) => Promise<void>;

function relaySender(port: number, data: Float32Array): { send: Sender; close: () => void } {
  const client = new RelayClient({
    address: `127.0.0.1:${port}`,
    maxMessageBytes: MAX_MESSAGE_BYTES,
    stream: true,
  });
  const tensors = { x: { dtype: 'float32' as const, shape: [data.length], data } };
  let frameId = 0;
  const send: Sender = async (count) => {
    for (let i = 0; i < count; i++) {
      const result = await client.infer(tensors, {
        frameId: frameId++,
        captureMs: Date.now(),
        cutId: 'bench',
      });
      if (!result.ok) throw new Error(`relay call failed: ${result.failure}: ${result.message}`);
    }
  };
  return { send, close: () => client.close() };
}

function grpcStreamSender(port: number, data: Float32Array): { send: Sender; close: () => void } {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  });
  const call = client.makeBidiStreamRequest<Buffer, Buffer>(
    modelStreamInfer.path,
    (b) => b,
    (b) => b,
  );
  const tensors = { x: { dtype: 'float32' as const, shape: [data.length], data } };
  let waiting: ((bytes: Buffer) => void) | null = null;
  call.on('data', (bytes: Buffer) => waiting?.(bytes));
  call.on('error', () => undefined); // ends with cancel on close
  let frameId = 0;
  const send: Sender = async (count) => {
    for (let i = 0; i < count; i++) {
      const id = String(frameId);
      const params = { frameId: frameId++, captureMs: Date.now(), cutId: 'bench' };
      const answered = new Promise<Buffer>((resolve) => (waiting = resolve));
      call.write(serializeInferRequest(encodeInferRequest(tensors, params, { id })));
      const reply = deserializeStreamResponse(await answered);
      if (reply.errorMessage !== '') throw new Error(`grpc-js stream call failed: ${reply.errorMessage}`);
    }
  };
  return {
    send,
    close: () => {
      call.cancel();
      client.close();
    },
  };
}

const CONTENDERS = {
  'relay stream': (ports: Ports, data: Float32Array) => relaySender(ports.relay, data),
  'grpc-js stream': (ports: Ports, data: Float32Array) => grpcStreamSender(ports.grpcStream, data),
} as const;
type Contender = keyof typeof CONTENDERS;
const NAMES = Object.keys(CONTENDERS) as Contender[];

interface Measured {
  readonly mbps: number;
  /** Process CPU time (every thread: sender, receiver, GC) per MB of tensor data moved. */
  readonly cpuMsPerMB: number;
}

async function measureOnce(ports: Ports, name: Contender, data: Float32Array): Promise<Measured> {
  const count = Math.max(20, Math.ceil((200 * MB) / data.byteLength));
  const sender = CONTENDERS[name](ports, data);
  try {
    await sender.send(Math.ceil(count / 10)); // warm-up
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await sender.send(count);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const mb = (data.byteLength * count) / MB;
    return { mbps: mb / seconds, cpuMsPerMB: (cpu.user + cpu.system) / 1000 / mb };
  } finally {
    sender.close();
  }
}

/** Sizes in order, each with every contender's median figures. */
type SizeResults = [string, Record<Contender, Measured>][];

/** Every contender at every size, in interleaved rounds. */
async function measureAll(rounds: number): Promise<SizeResults> {
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { role: ROLE } });
  try {
    const ports = await new Promise<Ports>((resolve, reject) =>
      worker.once('message', resolve).once('error', reject),
    );
    const out: SizeResults = [];
    for (const size of SIZES_MB) {
      const data = new Float32Array(Math.round((size * MB) / 4)).map((_, i) => Math.sin(i));
      const runs = new Map<Contender, Measured[]>(NAMES.map((n) => [n, []]));
      for (let r = 0; r < rounds; r++)
        for (const n of NAMES) runs.get(n)!.push(await measureOnce(ports, n, data));
      const bySender = Object.fromEntries(
        NAMES.map((n) => {
          const m = runs.get(n)!;
          return [n, { mbps: median(m.map((x) => x.mbps)), cpuMsPerMB: median(m.map((x) => x.cpuMsPerMB)) }];
        }),
      ) as Record<Contender, Measured>;
      out.push([String(size), bySender]);
    }
    return out;
  } finally {
    await worker.terminate();
  }
}

function printRows(results: SizeResults, what: 'mbps' | 'cpu'): void {
  const cells = (values: readonly string[]): string => `| ${values.join(' | ')} |`;
  const [relay, grpcjs] = NAMES as [Contender, Contender];
  if (what === 'mbps') {
    console.log(cells(['tensor MB', `${relay} MB/s`, `${grpcjs} MB/s`, 'relay / grpc-js']));
  } else {
    console.log(
      cells([
        'tensor MB',
        `${relay} CPU ms/MB`,
        `${grpcjs} CPU ms/MB`,
        'grpc-js / relay',
        'MB/s relay, grpc-js',
      ]),
    );
  }
  console.log(
    cells(what === 'mbps' ? ['---:', '---:', '---:', '---:'] : ['---:', '---:', '---:', '---:', '---:']),
  );
  for (const [size, r] of results) {
    const a = r[relay];
    const b = r[grpcjs];
    if (what === 'mbps')
      console.log(cells([size, a.mbps.toFixed(0), b.mbps.toFixed(0), `${(a.mbps / b.mbps).toFixed(2)}×`]));
    else
      console.log(
        cells([
          size,
          a.cpuMsPerMB.toFixed(2),
          b.cpuMsPerMB.toFixed(2),
          `${(b.cpuMsPerMB / a.cpuMsPerMB).toFixed(2)}×`,
          `${a.mbps.toFixed(0)}, ${b.mbps.toFixed(0)}`,
        ]),
      );
  }
}

/** Why the CPU-quota table cannot run here, or null. */
function quotaUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (a cgroup with cpu.max): run it as root, as CI does';
  if (
    !fs.existsSync(path.join(CGROUP_ROOT, 'cpu')) &&
    !fs.existsSync(path.join(CGROUP_ROOT, 'cgroup.controllers'))
  )
    return `needs a cgroup CPU controller at ${CGROUP_ROOT}`;
  return null;
}

/** Make the capped group; returns the file a process joins it by, and how to remove it. */
function cappedGroup(): { procs: string; remove: () => Promise<void> } {
  const name = `couper-bench-transport-${process.pid}`;
  const v1 = fs.existsSync(path.join(CGROUP_ROOT, 'cpu', 'cpu.cfs_quota_us'));
  const dir = v1 ? path.join(CGROUP_ROOT, 'cpu', name) : path.join(CGROUP_ROOT, name);
  fs.mkdirSync(dir);
  if (v1) {
    fs.writeFileSync(path.join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
    fs.writeFileSync(path.join(dir, 'cpu.cfs_quota_us'), String(QUOTA_US));
  } else fs.writeFileSync(path.join(dir, 'cpu.max'), `${QUOTA_US} ${PERIOD_US}`);
  // The child has exited by the time this runs; the kernel may take a moment to let the empty group go.
  const remove = async (): Promise<void> => {
    for (let i = 0; ; i++) {
      try {
        return fs.rmdirSync(dir);
      } catch (err) {
        if (i >= 20 || (err as NodeJS.ErrnoException).code !== 'EBUSY') throw err;
        await sleep(50);
      }
    }
  };
  return { procs: path.join(dir, 'cgroup.procs'), remove };
}

/** Run this file in a child process inside the capped group and print what it measured. */
async function cpuUnderQuota(): Promise<void> {
  console.log(
    `\nCPU per MB moved, sender and receiver in one process capped at ${QUOTA_US / PERIOD_US} cores (a 2-core edge tier's cpu.max)\n`,
  );
  const why = quotaUnavailable();
  if (why) {
    console.log(`skipped: ${why}`);
    return;
  }
  const group = cappedGroup();
  try {
    const script = `echo $$ > '${group.procs}' && exec "$@"`;
    const child = spawn(
      'sh',
      ['-c', script, 'sh', process.execPath, fileURLToPath(import.meta.url), '--capped'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    if (code !== 0) throw new Error(`the capped measurement exited with ${code}`);
    printRows(JSON.parse(out) as SizeResults, 'cpu');
  } finally {
    await group.remove();
  }
}

/** The hook bench/transport.ts calls after its own table. */
export async function grpcJsComparison(): Promise<void> {
  console.log(
    '\nThe relay stream against grpc-js doing the same job (the same request and response bytes, pass-through serializers)\n',
  );
  printRows(await measureAll(ROUNDS), 'mbps');
  console.log(`\nmedian of ${ROUNDS} interleaved rounds; loopback; receivers in a worker thread`);
  await cpuUnderQuota();
  console.log('\ncommand: npm run bench:transport');
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) await receivers();
else if (isMainThread && process.argv.includes('--capped')) {
  process.stdout.write(JSON.stringify(await measureAll(3)));
} else if (isMainThread && process.argv[1] === fileURLToPath(import.meta.url)) {
  // Run alone (node dist/bench/transport-grpcjs.js): this comparison without bench:transport's own table.
  await grpcJsComparison();
}
