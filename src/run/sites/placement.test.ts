/** Tests of placing stages on an infrastructure's tiers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { throwsNamed } from '../../../test/helpers/errors.js';
import { ConfigError } from '../../core/errors.js';
import { DEFAULT_PROFILE } from '../../pipeline/profile.js';
import { defaultPlacement, planRun, stageNames, type RunFacts, type RunSettings } from '../run-plan.js';

const TIERS = ['client', 'edge', 'cloud'];

function facts(parts: number): RunFacts {
  return {
    model: '/m/model.onnx',
    split: [],
    cuts: [],
    parts: Array.from({ length: parts }, (_, k) => ({ file: `p${k}`, inputs: [], outputs: [] })),
    source: { kind: 'synthetic', width: 64, height: 48 },
    profile: DEFAULT_PROFILE,
    input: { name: 'in', width: 224, height: 224 },
  };
}

function settings(
  placement: Record<string, string>,
  filePlacement: Record<string, string> = {},
): RunSettings {
  return {
    warmup: 0,
    queue: 1,
    threads: 1,
    encoding: 'raw',
    placement,
    staged: { tiers: TIERS, placement: filePlacement },
    stageDelay: {},
    maxInFlight: 1,
    deadlineMs: 1000,
    drainMs: 1000,
  };
}

const tiersOf = (parts: number, s: RunSettings): string[] =>
  planRun(facts(parts), s).stages.map((x) => x.tier);

describe('staged placement', () => {
  it('puts one part on the edge, two on edge and cloud, three on client, edge and cloud', () => {
    assert.deepEqual(defaultPlacement(stageNames(1), TIERS), {
      camera: 'client',
      transformer: 'client',
      evaluator0: 'edge',
      classifier: 'edge',
    });
    assert.deepEqual(tiersOf(2, settings({})), ['client', 'client', 'edge', 'cloud', 'cloud']);
    assert.deepEqual(tiersOf(3, settings({})), ['client', 'client', 'client', 'edge', 'cloud', 'cloud']);
    assert.deepEqual(Object.values(defaultPlacement(stageNames(4), TIERS)).slice(2), [
      'client',
      'edge',
      'cloud',
      'cloud',
      'cloud',
    ]);
    assert.deepEqual(Object.values(defaultPlacement(stageNames(1), ['solo'])), [
      'solo',
      'solo',
      'solo',
      'solo',
    ]);
  });

  it('lets --placement beat the infra file, and the classifier follow the last evaluator', () => {
    const s = settings({ evaluator1: 'edge' }, { evaluator1: 'cloud', transformer: 'edge', evaluator9: 'x' });
    assert.deepEqual(tiersOf(2, s), ['client', 'edge', 'edge', 'edge', 'edge']);
    assert.deepEqual(tiersOf(2, settings({ classifier: 'client' })), [
      'client',
      'client',
      'edge',
      'cloud',
      'client',
    ]);
  });

  it('refuses a tier the infrastructure does not have', () => {
    throwsNamed(
      () => planRun(facts(1), settings({ evaluator0: 'moon' })),
      ConfigError,
      /evaluator0=moon.*tiers: client, edge, cloud/,
    );
  });

  it('keeps the local placement when not staged', () => {
    const { staged: _staged, ...local } = settings({ camera: 'client' });
    assert.deepEqual(tiersOf(1, local), ['client', 'local', 'local', 'local']);
  });
});
