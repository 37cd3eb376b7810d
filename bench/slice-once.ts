/**
 * Slice one model at one cut in a fresh process, as `couper slice` does, and print its peak memory
 * (max RSS, KiB): the memory figure of `npm run bench:slice`.
 * Usage: node dist/bench/slice-once.js MODEL TENSOR[,TENSOR…] OUTDIR
 */
import { silentLogger } from '../src/core/log.js';
import { loadForCutting } from '../src/slice/load.js';
import { planSlices } from '../src/slice/plan.js';
import { writeSlices } from '../src/slice/write.js';

const [file, at, out] = process.argv.slice(2);
if (!file || !at || !out) {
  console.error('usage: slice-once MODEL TENSOR[,TENSOR…] OUTDIR');
  process.exit(2);
}
// As `couper slice` does it: shapes inferred (an onnxruntime run only for what inference cannot), then plan and write.
const { analysed } = await loadForCutting(file);
const plan = planSlices(analysed.mg, analysed.model.proto, [at.split(',')], analysed.shapes);
writeSlices(plan, analysed.model, out, silentLogger);
console.log(process.resourceUsage().maxRSS);
