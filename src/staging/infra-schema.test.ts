import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../core/errors.js';
import { loadInfra, parseInfra, PRESETS } from './load.js';

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
    assert.deepEqual(got, [
      'infra.extra: unknown field',
      'infra.tiers[0].cpus: must be > 0, not 0',
      'infra.tiers[1].gpu: unknown field',
      'infra.tiers[1].name: must match ^[a-z][a-z0-9_-]{0,15}$, not "Edge"',
      'infra.tiers[1].ghz: must be a number, not "fast"',
      'infra.tiers[2].accelerators: must be a list of names, not "P100"',
      "infra.tiers[2].name: duplicate tier 'client'",
      "infra.links[0].between[1]: no tier named 'cloud'",
      "infra.links[1].between: joins 'client' to itself",
      'infra.links[1].rttMs: must be >= 0, not -1',
      'infra.links[1].mbps: must be > 0, not 0',
      'infra.links[1].loss: must be < 1, not 1.5',
      'infra.placement.camera: no tier named "moon"',
    ]);
  });

  it('rejects a document that is not a mapping, and YAML syntax errors with their line', () => {
    assert.deepEqual(problems('- 1\n- 2\n'), [
      'infra: must be a mapping with tiers and links, not [1,2]',
      'infra.tiers: must be a list, not nothing',
      'infra.links: must be a list, not nothing',
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

  it('names the presets when the spec is neither a preset nor a file', () => {
    assert.throws(() => loadInfra('moon-end'), /'moon-end' is neither a preset \(testbed, low-end/);
  });
});
