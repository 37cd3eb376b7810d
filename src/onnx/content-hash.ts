/**
 * A model's content hash: SHA-256 over the .onnx file and each external data
 * file it uses (in name order), read in chunks. A device profile is tied to
 * it, so a profile of another model, or of the same file with other weights,
 * is refused rather than pacing the wrong network.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { externalLocations } from './external-data.js';
import { allTensors, type LoadedModel } from './model-file.js';
import type { GraphProto } from './proto.js';

const CHUNK = 8 * 1024 * 1024;

export function modelContentHash(model: LoadedModel): string {
  const hash = createHash('sha256');
  const files = [
    model.file,
    ...[...externalLocations(allTensors(model.proto.graph as GraphProto))]
      .sort()
      .map((l) => path.resolve(model.dir, l)),
  ];
  const buf = Buffer.allocUnsafe(CHUNK);
  for (const file of files) {
    // Each file's name inside the model and its length delimit it, so moving bytes between files changes the hash.
    hash.update(`\n${path.relative(model.dir, file)}\n${fs.statSync(file).size}\n`);
    const fd = fs.openSync(file, 'r');
    try {
      for (let n = fs.readSync(fd, buf, 0, CHUNK, null); n > 0; n = fs.readSync(fd, buf, 0, CHUNK, null))
        hash.update(buf.subarray(0, n));
    } finally {
      fs.closeSync(fd);
    }
  }
  return hash.digest('hex');
}
