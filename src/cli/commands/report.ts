/** `couper report DIR`: rebuild an evaluation's HTML report from the files it wrote. */
import path from 'node:path';
import { REPORT_FILE, writeReport } from '../../report/write.js';
import { stringOption } from '../args.js';
import type { Command } from '../command.js';
import { formatBytes } from '../format.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'write the HTML report of an evaluation (or of every evaluation in a folder)',
  synopsis: ['DIR [--out FILE]'],
  about: [
    `Rebuilds ${REPORT_FILE} in DIR from the results.json and decision.json that \`couper evaluate\``,
    'and `couper auto` write there. A DIR without them whose subfolders hold evaluations (the output of',
    '`npm run bench:methods`) gets one page over all of them, the methods side by side per case.',
    'The page is one self-contained file: charts drawn as SVG, no script, nothing fetched.',
  ].join('\n'),
  options: { out: { value: 'FILE', help: 'write the page here', default: `DIR/${REPORT_FILE}` } },
  positionals: { min: 1, max: 1 },
  async run(options, [dir]) {
    const out = stringOption(options, 'out');
    const written = await writeReport(dir!, out ?? path.join(dir!, REPORT_FILE));
    const what = written.evaluations === 1 ? 'one evaluation' : `${written.evaluations} evaluations`;
    process.stdout.write(
      `report of ${what}, ${written.charts} charts, ${formatBytes(written.bytes)}: ${written.file}\n`,
    );
  },
};
