/**
 * The layer table of docs/ARCHITECTURE.md, enforced (`npm run lint:deps`,
 * and the lint phase of `npm test`): each folder under src/ may import only
 * the folders its row lists, nothing imports the CLI, other layers reach
 * staging and transport only through their index.ts, the product never
 * imports test code, and nothing imports in a circle. Third-party packages
 * and Node's built-ins may be imported anywhere, except onnxruntime-node
 * (one adapter file). Tests and benchmarks outside src/ may import anything.
 */

/** folder under src/ → the folders under src/ it may import besides itself. */
const LAYERS = {
  core: [],
  onnx: ['core'],
  graph: ['core'],
  runtime: ['core'],
  transport: ['core', 'runtime'],
  slice: ['core', 'graph', 'onnx', 'runtime'],
  pipeline: ['core', 'runtime', 'transport'],
  staging: ['core'],
  run: ['core', 'onnx', 'runtime', 'slice', 'pipeline', 'staging'],
  evaluate: ['core', 'runtime', 'slice', 'pipeline', 'staging', 'run'],
  publish: ['core', 'onnx', 'slice', 'pipeline', 'staging', 'run', 'evaluate'],
  report: ['core', 'pipeline', 'staging', 'run', 'evaluate'],
};
// The CLI may import every other layer; no layer imports it (its own rule).
LAYERS.cli = Object.keys(LAYERS);

/** Layers others may use only through their index.ts. */
const PUBLIC_INDEX = ['staging', 'transport'];

/** A forbidden dependency, reported as an error. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });

module.exports = {
  forbidden: [
    ...Object.entries(LAYERS).map(([layer, allowed]) =>
      forbid(
        `layer-${layer}`,
        `src/${layer}/ may import ${allowed.join(', ') || 'no other folder of src/'} (docs/ARCHITECTURE.md)`,
        { path: `^src/${layer}/` },
        { path: '^src/', pathNot: `^src/(${[layer, ...allowed].join('|')})/` },
      ),
    ),
    ...PUBLIC_INDEX.map((layer) =>
      forbid(
        `${layer}-through-index`,
        `outside src/${layer}/, import src/${layer}/index.ts only`,
        { path: '^src/', pathNot: `^src/${layer}/` },
        { path: `^src/${layer}/`, pathNot: `^src/${layer}/index\\.ts$` },
      ),
    ),
    forbid(
      'nothing-imports-cli',
      'src/cli/ is the top: it maps errors to exit codes and prints; nothing else in src/ imports it',
      { path: '^src/', pathNot: '^src/cli/' },
      { path: '^src/cli/' },
    ),
    forbid(
      'layer-unlisted',
      'every folder of src/ has a row in the layer table',
      { path: '^src/', pathNot: `^src/(${Object.keys(LAYERS).join('|')})/` },
      {},
    ),
    forbid(
      'product-not-to-tests',
      'the product never imports test helpers (unit tests beside the code may)',
      { path: '^src/', pathNot: '\\.test\\.ts$' },
      { path: '^(test|bench)/' },
    ),
    forbid(
      'onnxruntime-in-one-file',
      'src/runtime/onnxruntime.ts is the only file that imports onnxruntime',
      { pathNot: '^src/runtime/onnxruntime\\.ts$' },
      { path: '^node_modules/onnxruntime-' },
    ),
    forbid(
      'no-circular',
      'no module imports itself through others (a type may name one that imports it)',
      { path: '^(src|test|bench)/' },
      { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    ),
    forbid('not-to-unresolvable', 'every import resolves', {}, { couldNotResolve: true }),
  ],
  options: {
    includeOnly: '^(src|test|bench|node_modules)/',
    exclude: { path: '^(dist|\\.cache)/' },
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a layer that names another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
