/**
 * Per-frame overhead of the pipeline beyond model compute and transfer, per
 * hop. One `couper run` (each stage its own process) at a low frame rate, so
 * that no frame waits for another; then, in the same run of this script, the
 * bare cost of each link: a RelayClient sending the link's bytes to a relay
 * server in another thread that acks at once, at the same pace. For each
 * processed frame:
 *
 *   overhead = end-to-end latency − Σ stage compute − Σ link transfer
 *
 * (medians over frames and calls) where a link's transfer is the bare call's time (serialise, send, ack
 * back) minus half a tiny call's (the ack's way back is not on the frame's
 * path). Divided by the number of hops. Target: under 1 ms per hop.
 *
 *   npm run bench:pipeline            (table)
 *   npm run bench:pipeline -- --json  (machine output)
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { prepareRun } from '../src/run/prepare.js';
import { applyRun, type RunReport } from '../src/run/run.js';
import { RelayClient, startRelayServer } from '../src/transport/index.js';
import { ensureModel } from '../test/helpers/models.js';
import { runSettings } from '../test/helpers/run-settings.js';
import { median } from '../src/core/stats.js';

const MODEL = 'squeezenet1_1';
const SPLIT = 'c2177880';
const FPS = 10;
const FRAMES = 60;
const CALLS = 30;
const TARGET_MS = 1;

async function receiver(): Promise<void> {
  const server = await startRelayServer({ maxInFlight: 64, handler: () => Promise.resolve({}) });
  parentPort?.postMessage(server.port);
}

async function runPipeline(): Promise<RunReport> {
  const prepared = await prepareRun({
    model: ensureModel(MODEL),
    split: [SPLIT],
    source: { kind: 'synthetic', width: 320, height: 240, seed: 7 },
    settings: runSettings({ fps: FPS, frames: FRAMES, warmup: 5 }),
  });
  return applyRun(prepared);
}

/** Median time of a hand-off of `bytes` bytes to a relay in another thread, paced like the run. */
async function bareCallMs(client: RelayClient, bytes: number): Promise<number> {
  const tensor = { dtype: 'uint8' as const, shape: [bytes], data: new Uint8Array(bytes).fill(7) };
  const times: number[] = [];
  for (let i = 0; i < CALLS + 3; i++) {
    await sleep(1000 / FPS / 2);
    const started = performance.now();
    const result = await client.infer({ t: tensor }, { frameId: i, captureMs: Date.now(), cutId: 'bench' });
    if (!result.ok) throw new Error(`bare call failed: ${result.message}`);
    if (i >= 3) times.push(performance.now() - started);
  }
  return median(times);
}

async function main(): Promise<void> {
  const report = await runPipeline();
  const worker = new Worker(new URL(import.meta.url));
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  const client = new RelayClient({ address: `127.0.0.1:${port}`, maxMessageBytes: 256 * 1024 * 1024 });
  const tinyMs = await bareCallMs(client, 16);
  const links: {
    from: string;
    to: string;
    bytes: number;
    bareMs: number;
    transferMs: number;
    inRunMs: number;
  }[] = [];
  for (const link of report.summary.links) {
    const bytes = Math.max(16, Math.round(link.bytesPerFrame) - 200);
    const bareMs = await bareCallMs(client, bytes);
    const inRunMs =
      report.summary.stages[link.from]!.transferMs + report.summary.stages[link.from]!.serializeMs;
    links.push({
      ...link,
      bytes: Math.round(link.bytesPerFrame),
      bareMs,
      transferMs: bareMs - tinyMs / 2,
      inRunMs,
    });
  }
  client.close();
  await worker.terminate();
  print(report, links, tinyMs);
}

function print(
  report: RunReport,
  links: { from: string; to: string; bytes: number; bareMs: number; transferMs: number; inRunMs: number }[],
  tinyMs: number,
): void {
  const s = report.summary;
  const processed = report.frames.filter((f) => f.status === 'processed');
  const transfer = links.reduce((a, l) => a + l.transferMs, 0);
  const perFrame = processed.map((f) => {
    const compute = Object.values(f.stages).reduce((a, t) => a + t.computeMs, 0);
    return (f.latencyMs ?? 0) - compute - transfer;
  });
  // Medians: the host is shared (2 cores), and a few slow wake-ups would swamp a mean.
  const overhead = median(perFrame);
  const hops = links.length;
  const compute = Object.values(s.stages).reduce((a, t) => a + t.computeMs, 0);
  const result = {
    command: 'npm run bench:pipeline',
    model: MODEL,
    split: SPLIT,
    fps: FPS,
    frames: { produced: s.framesProduced, processed: s.framesProcessed, dropped: s.framesDropped },
    latencyMs: s.latencyMs,
    computeMs: compute,
    tinyCallMs: tinyMs,
    links,
    overheadPerFrameMs: overhead,
    hops,
    overheadPerHopMs: overhead / hops,
    targetPerHopMs: TARGET_MS,
  };
  if (process.argv.includes('--json'))
    return void process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const f = (x: number): string => x.toFixed(2).padStart(8);
  const lines = [
    `command: npm run bench:pipeline   (${path.basename(MODEL)} split ${SPLIT}, ${FPS} fps, ${FRAMES} frames, 1 thread)`,
    `frames: ${s.framesProduced} produced, ${s.framesProcessed} processed, ${s.framesDropped} dropped`,
    `end-to-end latency ms: mean ${f(s.latencyMs?.mean ?? 0)}  p50 ${f(s.latencyMs?.p50 ?? 0)}  p90 ${f(s.latencyMs?.p90 ?? 0)}`,
    `compute ms (all stages, mean):   ${f(compute)}`,
    '',
    'link                       bytes/frame  bare call ms  transfer ms  in-run hand-off ms',
    ...links.map(
      (l) =>
        `${`${l.from} -> ${l.to}`.padEnd(26)} ${String(l.bytes).padStart(11)}  ${f(l.bareMs)}      ${f(l.transferMs)}     ${f(l.inRunMs)}`,
    ),
    `transfer ms (sum over ${hops} hops): ${f(transfer)}   (tiny call ${tinyMs.toFixed(2)} ms; half of it taken off each link)`,
    '',
    `median overhead per frame ms: ${f(overhead)}   per hop: ${f(overhead / hops)}   target: < ${TARGET_MS.toFixed(2)} ms per hop  ${overhead / hops < TARGET_MS ? 'MET' : 'NOT MET'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (isMainThread) await main();
else await receiver();
