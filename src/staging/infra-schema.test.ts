/** Tests of the infrastructure schema: every problem with its path, bounds, the JSON Schema. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { packageRoot } from '../core/assets.js';
import { jsonSchemaText } from '../core/config-schema.js';
import { ConfigError } from '../core/errors.js';
import { infraJsonSchema } from './infra-schema.js';
import { loadInfra, parseInfra, PRESETS, presetFile } from './load.js';

function problems(text: string): string[] {
  try {
    parseInfra(text, 'bad.yaml');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    const [first, ...rest] = err.message.split('\n');
    assert.match(first!, /^bad\.yaml: \d+ problems? in the infrastructure$/);
    return rest.map((l) => l.trim());
  }
  assert.fail('no error');
}

describe('infrastructure schema', () => {
  it('reports every problem with its path', () => {
    const got = problems(`
tiers:
  - { name: client, cpus: 0, ghz: 2, memoryGb: 1 }
  - { name: Edge, cpus: 2, ghz: fast, memoryGb: 1, gpu: yes }
  - { name: client, cpus: 1, ghz: 1, memoryGb: 1, accelerators: P100 }
links:
  - { between: [client, cloud], rttMs: 10, mbps: 5 }
  - { between: [client, client], rttMs: -1, jitterMs: 1, mbps: 0, loss: 1.5 }
placement: { camera: moon }
extra: 1
`);
    // Each field's own checks first, in the file's order, then the checks across fields.
    assert.deepEqual(got, [
      'infra.tiers[0].cpus: must be > 0, not 0',
      'infra.tiers[1].name: must match ^[a-z][a-z0-9_-]{0,15}$, not "Edge"',
      'infra.tiers[1].ghz: must be a number, not "fast"',
      'infra.tiers[1].gpu: unknown field',
      'infra.tiers[2].accelerators: must be a list of names, not "P100"',
      'infra.links[1].rttMs: must be >= 0, not -1',
      'infra.links[1].mbps: must be > 0, not 0',
      'infra.links[1].loss: must be < 1, not 1.5',
      'infra.extra: unknown field',
      'infra.tiers[2].name: duplicate tier "client"',
      'infra.links[0].between[1]: no tier named "cloud"',
      'infra.links[1].between: joins "client" to itself',
      'infra.placement.camera: no tier named "moon"',
    ]);
  });

  it("takes a tier's execution provider, and refuses one that is no provider name", () => {
    const infra = parseInfra(
      'tiers:\n  - { name: cloud, cpus: 4, ghz: 2, memoryGb: 8, executionProvider: cuda }\n  - { name: edge, cpus: 4, ghz: 2, memoryGb: 8 }\nlinks: []\n',
      'ok.yaml',
    );
    assert.deepEqual(
      infra.tiers.map((t) => t.executionProvider ?? null),
      ['cuda', null],
    );
    assert.deepEqual(
      problems(
        'tiers:\n  - { name: a, cpus: 1, ghz: 1, memoryGb: 1, executionProvider: CUDA! }\nlinks: []\n',
      ),
      ['infra.tiers[0].executionProvider: must match ^[a-z][a-z0-9_-]{0,31}$, not "CUDA!"'],
    );
  });

  it('bounds numbers that parse but describe no machine or network', () => {
    const got = problems(`
tiers:
  - { name: a, cpus: 5000, ghz: .inf, memoryGb: .nan }
  - { name: b, cpus: 1, ghz: 11, memoryGb: 70000 }
links:
  - { between: [a, b], rttMs: 1e9, jitterMs: 60001, mbps: 2e6, loss: -0.1 }
`);
    assert.deepEqual(got, [
      'infra.tiers[0].cpus: must be <= 4096, not 5000',
      'infra.tiers[0].ghz: must be a finite number, not Infinity',
      'infra.tiers[0].memoryGb: must be a finite number, not NaN',
      'infra.tiers[1].ghz: must be <= 10, not 11',
      'infra.tiers[1].memoryGb: must be <= 65536, not 70000',
      'infra.links[0].rttMs: must be <= 60000, not 1000000000',
      'infra.links[0].jitterMs: must be <= 60000, not 60001',
      'infra.links[0].mbps: must be <= 1000000, not 2000000',
      'infra.links[0].loss: must be >= 0, not -0.1',
    ]);
    const many = Array.from({ length: 65 }, (_, i) => `  - { name: t${i}, cpus: 1, ghz: 1, memoryGb: 1 }`);
    assert.deepEqual(problems(`tiers:\n${many.join('\n')}\nlinks: []\n`), [
      'infra.tiers: must have at most 64 items, not 65',
    ]);
  });

  it('names what is missing or of the wrong shape, and quotes odd keys', () => {
    const got = problems(`
name: 7
tiers: [{ name: a, cpus: 1, ghz: 1, memoryGb: 1, accelerators: [""] }]
links: [{ between: [a], rttMs: 1, mbps: 1 }, 7, {}]
placement: { "odd stage": a, x: 3 }
`);
    assert.deepEqual(got, [
      'infra.name: must be a string, not 7',
      'infra.tiers[0].accelerators[0]: must not be empty',
      'infra.links[0].between: must be two tier names, not ["a"]',
      'infra.links[1]: must be a mapping with between, rttMs and mbps, not 7',
      'infra.links[2].between: missing (must be two tier names)',
      'infra.links[2].rttMs: missing (must be a number)',
      'infra.links[2].mbps: missing (must be a number)',
      'infra.placement.x: must be a string, not 3',
    ]);
    assert.deepEqual(problems('tiers: []\nlinks: []\nplacement: { "odd stage": moon }\n'), [
      'infra.tiers: must name at least one tier',
      'infra.placement["odd stage"]: no tier named "moon"',
    ]);
  });

  it('rejects a document that is not a mapping, and YAML syntax errors with their line', () => {
    assert.deepEqual(problems('- 1\n- 2\n'), ['infra: must be a mapping with tiers and links, not [1,2]']);
    assert.deepEqual(problems('name: x\n'), [
      'infra.tiers: missing (must be a list)',
      'infra.links: missing (must be a list)',
    ]);
    assert.throws(
      () => parseInfra('tiers: [\n  {name: a\n', 'x.yaml'),
      /^ConfigError: x\.yaml: not valid YAML\n\s+line \d+/,
    );
  });

  it('flags the same pair of tiers linked twice', () => {
    const got = problems(`
tiers: [{ name: a, cpus: 1, ghz: 1, memoryGb: 1 }, { name: b, cpus: 1, ghz: 1, memoryGb: 1 }]
links: [{ between: [a, b], rttMs: 1, mbps: 1 }, { between: [b, a], rttMs: 2, mbps: 2 }]
`);
    assert.deepEqual(got, ['infra.links[1].between: same tiers as infra.links[0]']);
  });

  it('loads every preset with the paper figures', () => {
    for (const name of PRESETS) {
      const infra = loadInfra(name);
      assert.deepEqual(
        infra.tiers.map((t) => t.name),
        ['client', 'edge', 'cloud'],
      );
      assert.equal(infra.links.length, 3);
    }
    const testbed = loadInfra('testbed');
    assert.deepEqual(
      testbed.links.map((l) => [l.rttMs, l.jitterMs, l.mbps]),
      [
        [7.68, 2.49, 89.9],
        [42.46, 11.58, 50.22],
        [49.2, 13.39, 41.02],
      ],
    );
    const mid = loadInfra('mid-end');
    assert.deepEqual(mid.tiers[1], { name: 'edge', cpus: 8, ghz: 3.1, memoryGb: 32, accelerators: [] });
    assert.equal(mid.links[1]!.rttMs, 50);
    assert.deepEqual(loadInfra('super-high-end').tiers[1]!.accelerators, ['P100']);
  });

  it('publishes schema/infra.schema.json from the same schema, and the presets point at it', () => {
    const committed = fs.readFileSync(path.join(packageRoot(), 'schema', 'infra.schema.json'), 'utf8');
    assert.ok(
      committed === jsonSchemaText(infraJsonSchema()),
      'schema/infra.schema.json is stale: run npm run gen:schemas',
    );
    const schema = JSON.parse(committed) as { properties: { tiers: { items: { properties: object } } } };
    assert.deepEqual(Object.keys(schema.properties.tiers.items.properties), [
      'name',
      'cpus',
      'ghz',
      'memoryGb',
      'accelerators',
      'tls',
      'executionProvider',
      'profile',
    ]);
    for (const name of PRESETS) {
      const first = fs.readFileSync(presetFile(name), 'utf8').split('\n')[0];
      assert.equal(first, '# yaml-language-server: $schema=../../schema/infra.schema.json', name);
    }
    assert.equal(
      parseInfra('$schema: x.json\ntiers: [{ name: a, cpus: 1, ghz: 1, memoryGb: 1 }]\nlinks: []\n', 'x')
        .name,
      'infra',
    );
  });

  it('names the presets when the spec is neither a preset nor a file', () => {
    assert.throws(() => loadInfra('moon-end'), /'moon-end' is neither a preset \(testbed, low-end/);
  });
});
