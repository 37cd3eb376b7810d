/**
 * Digests of what listing candidates returns, per model and built-in
 * algorithm, so a faster algorithm or candidate check can be shown to give
 * the same outputs as before: the synthetic 1,000-operator graph, the seven
 * shared models and the PaddleOCR models. The saved reference is
 * test/fixtures/listing-reference.json (`node dist/bench/listing.js
 * --reference FILE` writes a fresh one).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeModel } from '../../src/onnx/model-file.js';
import { getAlgorithm } from '../../src/slice/algorithms/registry.js';
import { findCandidates } from '../../src/slice/candidates.js';
import { loadForCutting } from '../../src/slice/load.js';
import { syntheticModel } from '../../bench/synthetic.js';
import { ensureModel, ocrModel, repoRoot } from './models.js';

export const LISTED_ALGORITHMS = ['articulation', 'all-ops', 'min-cut'] as const;

const SHARED = [
  'deeplabv3_mobilenet_v3_large',
  'googlenet',
  'inception_v3',
  'mobilenet_v2',
  'resnet50',
  'squeezenet1_1',
  'vgg16',
];

const OCR: [string, Record<string, number[]>][] = [
  ['ch_PP-OCRv4_det_infer', { x: [1, 3, 640, 640] }],
  ['ch_PP-OCRv4_rec_infer', { x: [1, 3, 48, 320] }],
  ['ch_ppocr_mobile_v2.0_cls_infer', { x: [1, 3, 48, 192] }],
];

export interface ListingDigest {
  readonly count: number;
  /** The first candidate's id, to point at a difference quickly. */
  readonly first: string;
  /** sha256 of the JSON of every candidate (ids, tensors, bytes, ops and FLOPs on each side), in order. */
  readonly sha256: string;
}

/** model name → algorithm → digest. */
export type ListingReference = Record<string, Record<string, ListingDigest>>;

export function savedReference(): ListingReference {
  const file = path.join(repoRoot(), 'test', 'fixtures', 'listing-reference.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ListingReference;
}

export async function listingDigests(): Promise<ListingReference> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-listing-ref-'));
  try {
    const synthetic = path.join(dir, 'synthetic-1000.onnx');
    writeModel(synthetic, syntheticModel(1000));
    const models: [string, string, Record<string, number[]> | undefined][] = [
      ['synthetic-1000', synthetic, undefined],
      ...SHARED.map((m): [string, string, undefined] => [m, ensureModel(m), undefined]),
      ...OCR.map(([m, shapes]): [string, string, Record<string, number[]>] => [m, ocrModel(m), shapes]),
    ];
    const out: ListingReference = {};
    for (const [name, file, inputShapes] of models) {
      out[name] = await digestsOf(file, inputShapes);
    }
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function digestsOf(
  file: string,
  inputShapes: Record<string, number[]> | undefined,
): Promise<Record<string, ListingDigest>> {
  const { analysed } = await loadForCutting(
    file,
    inputShapes ? { inputShapes, cacheDir: null } : { cacheDir: null },
  );
  const out: Record<string, ListingDigest> = {};
  for (const name of LISTED_ALGORITHMS) {
    const candidates = await findCandidates(analysed, await getAlgorithm(name), 4);
    out[name] = {
      count: candidates.length,
      first: candidates[0]?.id ?? '',
      sha256: createHash('sha256').update(JSON.stringify(candidates)).digest('hex'),
    };
  }
  return out;
}
