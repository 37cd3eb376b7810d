/**
 * Couper's ONNX reader/writer against the official ONNX backend test suite
 * (Debian's libonnx-testdata, about 1,070 models): every model must survive
 * decode → encode → decode, writeModel must write the bytes encode gives,
 * and where onnxruntime runs the original model
 * correctly, the re-encoded bytes must give exactly the same outputs.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { describeError } from '../../src/core/errors.js';
import { decodeModel, encodeModel, writeModel } from '../../src/onnx/model-file.js';
import type { GraphProto, ModelProto } from '../../src/onnx/proto.js';
import { onnxRuntime } from '../../src/runtime/onnxruntime.js';
import type { Session, TensorMap } from '../../src/runtime/runtime.js';
import { closeEnough, identical, type Values } from '../helpers/compare.js';
import { skipUnless } from '../helpers/needs.js';
import {
  backendCases,
  dataInputs,
  dataSetFiles,
  isRunnableTensor,
  readFeeds,
  readTensorFile,
  type BackendCase,
} from '../helpers/testdata.js';

/**
 * Measured with onnxruntime-node 1.30 on Debian's libonnx-testdata: 1,072
 * models, 952 run and match (the rest use training ops, opset-6 kernels
 * onnxruntime dropped, sequences, strings or bfloat16, or are random).
 * The floor, about 80% of that, catches a harness that silently stops running.
 */
const MIN_RAN = 760;

interface Counts {
  total: number;
  decoded: number;
  sameBytes: number;
  ran: number;
  matched: number;
  notRun: Map<string, number>;
  failures: string[];
}

type Outcome = { notRun: string; detail?: string } | { ran: true; failure: string | null };

/** ONNX_BACKEND_VERBOSE=1 prints why each model was not run. */
const VERBOSE = process.env['ONNX_BACKEND_VERBOSE'] === '1';

const skip = skipUnless('onnxTestdata');

/** Where each model is written again through writeModel. */
const WRITTEN = path.join(os.tmpdir(), `couper-backend-${process.pid}.onnx`);

test('every backend-suite model round-trips and runs the same after re-encoding', { skip }, async () => {
  const counts: Counts = {
    total: 0,
    decoded: 0,
    sameBytes: 0,
    ran: 0,
    matched: 0,
    notRun: new Map(),
    failures: [],
  };
  try {
    for (const c of backendCases()) await checkCase(c, counts);
  } finally {
    fs.rmSync(WRITTEN, { force: true });
  }
  const notRun = [...counts.notRun].map(([why, n]) => `${why} ${n}`).join(', ');
  console.log(
    `# backend suite: total ${counts.total}, decoded ${counts.decoded}, byte-identical ${counts.sameBytes}, ` +
      `ran ${counts.ran}, matched after re-encode ${counts.matched}; not run: ${notRun}`,
  );
  assert.deepEqual(counts.failures, []);
  assert.equal(counts.decoded, counts.total);
  // protobuf writes fields in number order, as onnx's C++ writer does: nothing is lost or reordered.
  assert.equal(counts.sameBytes, counts.decoded, 'some models re-encode to different bytes');
  assert.equal(counts.matched, counts.ran);
  assert.ok(counts.ran >= MIN_RAN, `only ${counts.ran} models ran, expected at least ${MIN_RAN}`);
});

async function checkCase(c: BackendCase, counts: Counts): Promise<void> {
  counts.total++;
  const original = new Uint8Array(fs.readFileSync(c.model));
  let proto: ModelProto;
  let reencoded: Uint8Array;
  try {
    proto = decodeModel(original, c.id);
    reencoded = encodeModel(proto);
    const again = encodeModel(decodeModel(reencoded, `${c.id} (re-encoded)`));
    if (!bytesEqual(again, reencoded)) throw new Error('decode(encode(model)) encodes to different bytes');
    // writeModel writes in segments, never holding the encoding: the file must hold the same bytes.
    writeModel(WRITTEN, proto);
    if (!bytesEqual(fs.readFileSync(WRITTEN), reencoded))
      throw new Error('writeModel wrote other bytes than encode');
  } catch (err) {
    counts.failures.push(`${c.id}: ${describeError(err)}`);
    return;
  }
  counts.decoded++;
  if (bytesEqual(original, reencoded)) counts.sameBytes++;
  let outcome: Outcome;
  try {
    outcome = await runCase(c, proto, original, reencoded);
  } catch (err) {
    // Unreadable test vectors are our bug (tensor-data), not the runtime's.
    counts.failures.push(`${c.id}: ${describeError(err)}`);
    return;
  }
  if ('notRun' in outcome) {
    if (VERBOSE)
      console.log(`# not run ${c.id}: ${outcome.notRun}${outcome.detail ? ` (${outcome.detail})` : ''}`);
    counts.notRun.set(outcome.notRun, (counts.notRun.get(outcome.notRun) ?? 0) + 1);
    return;
  }
  counts.ran++;
  if (outcome.failure === null) counts.matched++;
  else counts.failures.push(`${c.id}: ${outcome.failure}`);
}

async function runCase(
  c: BackendCase,
  proto: ModelProto,
  original: Uint8Array,
  reencoded: Uint8Array,
): Promise<Outcome> {
  const graph = proto.graph as GraphProto;
  if (c.dataSets.length === 0) return { notRun: 'no data set' };
  const inputs = dataInputs(graph);
  if (![...inputs, ...(graph.output ?? [])].every(isRunnableTensor))
    return { notRun: 'non-tensor or string type' };
  const feeds = c.dataSets.map((d) => readFeeds(d, inputs));
  const outputNames = (graph.output ?? []).map((v) => v.name ?? '');
  const first = await runBytes(original, feeds);
  if (typeof first === 'string') return { notRun: first };
  for (const [k, dataSet] of c.dataSets.entries()) {
    const expected = dataSetFiles(dataSet, 'output').map((f) => readTensorFile(f).value);
    const mismatch = outputNames
      .map((n, i) => compareOutput(first[k]?.[n], expected[i]))
      .find((m) => m !== null);
    if (mismatch) return { notRun: 'onnxruntime disagrees with expected', detail: mismatch };
  }
  const second = await runBytes(reencoded, feeds);
  if (typeof second === 'string') return { ran: true, failure: `re-encoded model: ${second}` };
  for (const [k, outputs] of first.entries()) {
    const differs = outputNames.find((n) => !sameTensor(outputs[n], second[k]?.[n]));
    if (differs !== undefined)
      return { ran: true, failure: `output '${differs}' of data set ${k} differs after re-encoding` };
  }
  return { ran: true, failure: null };
}

/** Run one model on each set of feeds; a string says why it could not. */
async function runBytes(bytes: Uint8Array, feeds: readonly TensorMap[]): Promise<TensorMap[] | string> {
  let session: Session;
  try {
    // One thread: the suite is many tiny models, and the machine has 2 cores.
    session = await onnxRuntime.open(bytes, { intraOpThreads: 1, interOpThreads: 1 });
  } catch (err) {
    return verbose('onnxruntime cannot load', err);
  }
  try {
    const out: TensorMap[] = [];
    for (const f of feeds) out.push(await session.run(f));
    return out;
  } catch (err) {
    return verbose('onnxruntime cannot run', err);
  } finally {
    await session.release();
  }
}

function compareOutput(actual: Values | undefined, expected: Values | undefined): string | null {
  if (!actual || !expected) return 'missing output';
  return closeEnough(actual, expected);
}

function sameTensor(a: TensorMap[string] | undefined, b: TensorMap[string] | undefined): boolean {
  return a !== undefined && b !== undefined && identical(a, b);
}

function verbose(reason: string, err: unknown): string {
  if (VERBOSE) console.log(`# ${reason}: ${describeError(err).split('\n')[0] ?? ''}`);
  return reason;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return (
    Buffer.compare(
      Buffer.from(a.buffer, a.byteOffset, a.byteLength),
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    ) === 0
  );
}
