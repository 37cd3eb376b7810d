// A node:test reporter that writes one JSON array of the tests that were
// skipped ({file, name, reason}), for scripts/test.mjs's closing summary.
// A skipped suite counts once: its tests never start.
export default async function* skipReporter(source) {
  const skipped = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { skip, name, file } = event.data;
    if (skip === undefined || skip === false) continue;
    skipped.push({ file: file ?? null, name, reason: skip === true ? 'no reason given' : String(skip) });
  }
  yield `${JSON.stringify(skipped)}\n`;
}
