/**
 * The fidelity check's probes, run inside the tiers:
 *   echo HOST | sink HOST         servers; print `listening PORT`
 *   rtt HOST:PORT COUNT SIZE [GAP_MS]
 *                                 ping-pong COUNT messages, idle GAP_MS before each
 *                                 after the first; prints RTTs (ms) as JSON
 *   bulk HOST:PORT SECONDS        send as fast as the link takes; prints the sink's figures
 *   cpu START_MS END_MS           a fixed integer loop; prints iterations inside [START, END] (epoch ms)
 *   burst OPS GAP_MS COUNT        COUNT bursts of OPS loop iterations, GAP_MS idle before each;
 *                                 prints each burst's wall time (ms) as JSON
 * The last argument may be a --couper-staging= marker (for `staging clean`).
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Bytes received before the sink starts its clock: skips TCP's start-up and the first burst. */
const WARM_BYTES = 256 * 1024;

function listen(host: string, onConn: (s: net.Socket) => void): void {
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    s.setNoDelay(true);
    onConn(s);
  });
  server.listen(0, host, () => {
    const a = server.address();
    process.stdout.write(`listening ${typeof a === 'object' && a ? a.port : 0}\n`);
  });
}

function sink(s: net.Socket): void {
  let bytes = 0;
  let t0 = 0;
  let b0 = 0;
  let last = 0;
  s.on('data', (d: Buffer) => {
    bytes += d.length;
    last = performance.now();
    if (t0 === 0 && bytes >= WARM_BYTES) [t0, b0] = [last, bytes];
  });
  s.on('end', () => s.end(JSON.stringify({ bytes: bytes - b0, seconds: (last - t0) / 1000 })));
}

function connect(target: string): net.Socket {
  const i = target.lastIndexOf(':');
  const s = net.connect({ host: target.slice(0, i), port: Number(target.slice(i + 1)), allowHalfOpen: true });
  s.setNoDelay(true);
  return s;
}

function rtt(target: string, count: number, size: number, gapMs: number): void {
  const s = connect(target);
  const msg = Buffer.alloc(size, 7);
  const rtts: number[] = [];
  let got = 0;
  let sent = 0;
  const ping = (): void => {
    sent = performance.now();
    got = 0;
    s.write(msg);
  };
  s.on('connect', ping);
  s.on('data', (d: Buffer) => {
    got += d.length;
    if (got < size) return;
    rtts.push(performance.now() - sent);
    if (rtts.length >= count) s.end(() => process.stdout.write(`${JSON.stringify(rtts)}\n`));
    else if (gapMs > 0) setTimeout(ping, gapMs);
    else ping();
  });
}

function bulk(target: string, seconds: number): void {
  const s = connect(target);
  const chunk = Buffer.alloc(64 * 1024, 1);
  const until = performance.now() + seconds * 1000;
  const pump = (): void => {
    while (performance.now() < until) if (!s.write(chunk)) return void s.once('drain', pump);
    s.end();
  };
  s.on('connect', pump);
  let reply = '';
  s.on('data', (d: Buffer) => (reply += d.toString()));
  s.on('close', () => process.stdout.write(`${reply}\n`));
}

/** A fixed integer workload: the iteration count per second is the tier's compute capacity. */
function cpu(startMs: number, endMs: number): void {
  let x = 1;
  let ops = 0;
  let counting = false;
  for (;;) {
    for (let i = 0; i < 20_000; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
    const now = Date.now();
    if (now >= endMs) break;
    if (now >= startMs) {
      if (counting) ops += 20_000;
      counting = true;
    }
  }
  process.stdout.write(`${JSON.stringify({ ops, seconds: (endMs - startMs) / 1000, x: x & 1 })}\n`);
}

/**
 * A stage handling one frame at a time: a fixed burst of work, then idle until
 * the next frame. The idle gap lets the tier's quota refill, as between frames.
 */
async function burst(ops: number, gapMs: number, count: number): Promise<void> {
  // Warm the loop up first, so every timed burst runs the same optimised code.
  let x = spin(1, 2_000_000);
  const walls: number[] = [];
  for (let k = 0; k < count; k++) {
    await sleep(gapMs);
    const t0 = performance.now();
    x = spin(x, ops);
    walls.push(performance.now() - t0);
  }
  process.stdout.write(`${JSON.stringify({ walls, x: x & 1 })}\n`);
}

function spin(seed: number, ops: number): number {
  let x = seed;
  for (let i = 0; i < ops; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
  return x;
}

function main([mode, a, b, c, d]: readonly (string | undefined)[]): void {
  if (mode === 'echo') listen(a ?? '127.0.0.1', (s) => s.pipe(s));
  else if (mode === 'sink') listen(a ?? '127.0.0.1', sink);
  else if (mode === 'rtt') rtt(String(a), Number(b), Number(c), d?.startsWith('--') ? 0 : Number(d ?? 0));
  else if (mode === 'bulk') bulk(String(a), Number(b));
  else if (mode === 'cpu') cpu(Number(a), Number(b));
  else if (mode === 'burst') void burst(Number(a), Number(b), Number(c));
  else {
    process.stderr.write(`probe: unknown mode '${mode}'\n`);
    process.exit(2);
  }
}

main(process.argv.slice(2));
