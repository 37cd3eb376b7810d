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
};
// The CLI may import every other layer; no layer imports it (its own rule).
LAYERS.cli = Object.keys(LAYERS);

/** Layers others may use only through their index.ts. */
const PUBLIC_INDEX = ['staging', 'transport'];

const layerRules = Object.entries(LAYERS).map(([layer, allowed]) => ({
  name: `layer-${layer}`,
  comment: `src/${layer}/ may import ${allowed.length ? allowed.join(', ') : 'no other folder of src/'} (docs/ARCHITECTURE.md)`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: '^src/', pathNot: `^src/(${[layer, ...allowed].join('|')})/` },
}));

const indexRules = PUBLIC_INDEX.map((layer) => ({
  name: `${layer}-through-index`,
  comment: `outside src/${layer}/, import src/${layer}/index.ts only`,
  severity: 'error',
  from: { path: '^src/', pathNot: `^src/${layer}/` },
  to: { path: `^src/${layer}/`, pathNot: `^src/${layer}/index\\.ts$` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    ...indexRules,
    {
      name: 'nothing-imports-cli',
      comment: 'src/cli/ is the top: maps errors to exit codes and prints; nothing in src/ imports it',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'layer-unlisted',
      comment: 'every folder of src/ has a row in the layer table',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(${Object.keys(LAYERS).join('|')})/` },
      to: {},
    },
    {
      name: 'product-not-to-tests',
      comment: 'the product never imports test helpers (unit tests beside the code may)',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'onnxruntime-in-one-file',
      comment: 'src/runtime/onnxruntime.ts is the only file that imports onnxruntime',
      severity: 'error',
      from: { pathNot: '^src/runtime/onnxruntime\\.ts$' },
      to: { path: '^node_modules/onnxruntime-' },
    },
    {
      name: 'no-circular',
      comment: 'no module imports itself through others (a type may name one that imports it)',
      severity: 'error',
      from: { path: '^(src|test|bench)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import resolves',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
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
