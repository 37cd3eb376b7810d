/** Tests of planning a run as data: stages, roles, encodings, threads, placement. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { throwsNamed } from '../../test/helpers/errors.js';
import { ConfigError } from '../core/errors.js';
import { DEFAULT_PROFILE } from '../pipeline/profile.js';
import { stageConfig } from './stage-config.js';
import { pacedNotes, parseStageMap, planRun, type RunFacts, type RunSettings } from './run-plan.js';

const facts: RunFacts = {
  model: '/m/model.onnx',
  split: ['c1111111', 'c2222222'],
  cuts: [
    { id: 'c1111111', tensors: [], bytes: 10 },
    { id: 'c2222222', tensors: [], bytes: 5 },
  ],
  parts: [0, 1, 2].map((k) => ({ file: `part${k}.onnx`, inputs: [`in${k}`], outputs: [`out${k}`] })),
  source: { kind: 'synthetic', width: 64, height: 48 },
  profile: DEFAULT_PROFILE,
  input: { name: 'in0', width: 224, height: 224 },
};

const settings: RunSettings = {
  warmup: 5,
  queue: 2,
  threads: 3,
  encoding: 'fp16',
  placement: { camera: 'client', evaluator: 'edge', evaluator2: 'cloud' },
  stageDelay: { evaluator1: 40 },
  maxInFlight: 1,
  deadlineMs: 1000,
  drainMs: 2000,
};

describe('planRun', () => {
  it('chains camera, transformer, one evaluator per part and the classifier back to the camera', () => {
    const plan = planRun(facts, settings);
    assert.deepEqual(
      plan.stages.map((s) => [s.name, s.role, s.next, s.part?.file ?? null]),
      [
        ['camera', 'camera', 'transformer', null],
        ['transformer', 'transformer', 'evaluator0', null],
        ['evaluator0', 'evaluator', 'evaluator1', 'part0.onnx'],
        ['evaluator1', 'evaluator', 'evaluator2', 'part1.onnx'],
        ['evaluator2', 'evaluator', 'classifier', 'part2.onnx'],
        ['classifier', 'classifier', 'camera', null],
      ],
    );
    assert.equal(plan.cutId, 'c1111111+c2222222');
  });

  it('uses fp16 only between evaluators, threads only for evaluators, placement by name or role', () => {
    const plan = planRun(facts, settings);
    const by = (name: string) => plan.stages.find((s) => s.name === name)!;
    assert.deepEqual(
      plan.stages.map((s) => s.encoding),
      ['raw', 'raw', 'fp16', 'fp16', 'raw', 'raw'],
    );
    assert.deepEqual(
      plan.stages.map((s) => s.threads),
      [1, 1, 3, 3, 3, 1],
    );
    assert.deepEqual(
      plan.stages.map((s) => s.tier),
      ['client', 'local', 'edge', 'edge', 'cloud', 'local'],
    );
    assert.equal(by('evaluator1').delayMs, 40);
    assert.equal(by('transformer').queueCapacity, 2);
  });

  it("runs each evaluator on its tier's execution provider, else the run's, and says so in its stage config", () => {
    const staged = {
      tiers: ['client', 'edge', 'cloud'],
      placement: {},
      providers: { cloud: 'cuda' },
    };
    const plan = planRun(facts, { ...settings, placement: {}, executionProvider: 'openvino', staged });
    const provider = (name: string): string | undefined => {
      const s = plan.stages.find((st) => st.name === name)!;
      return stageConfig(plan, s, 'part.onnx').evaluator?.executionProvider;
    };
    assert.deepEqual(['evaluator0', 'evaluator1', 'evaluator2'].map(provider), [
      'openvino',
      'openvino',
      'cuda',
    ]);
    const plain = planRun(facts, settings);
    assert.equal(stageConfig(plain, plain.stages[2]!, 'p.onnx').evaluator?.executionProvider, 'cpu');
  });

  it('refuses placement or delays for stages the run does not have', () => {
    throwsNamed(
      () => planRun(facts, { ...settings, placement: { evaluator7: 'edge' } }),
      ConfigError,
      /--placement: no stage 'evaluator7'/,
    );
  });

  it('parses stage=value lists', () => {
    assert.deepEqual(
      parseStageMap('camera=client,evaluator0=edge', '--placement', (v) => v),
      {
        camera: 'client',
        evaluator0: 'edge',
      },
    );
    assert.deepEqual(
      parseStageMap(undefined, '--placement', (v) => v),
      {},
    );
    throwsNamed(
      () => parseStageMap('camera', '--stage-delay', Number),
      ConfigError,
      /--stage-delay: 'camera' is not stage=value/,
    );
  });
});

describe('pacedNotes', () => {
  it('names each paced tier, its profile and label (synthetic said so), and the time per stage', () => {
    const paced = [
      {
        tier: 'cloud',
        profile: '/p/cloud-x10.json',
        label: "synthetic: 'P100 cloud', ×10 of a profile measured on host, cpu, 1 thread, 2026-12-01",
        synthetic: true,
        stages: [
          { stage: 'evaluator1', paceMs: 1.734, hostMs: 17.3 },
          { stage: 'evaluator2', paceMs: 0.5, hostMs: 5 },
        ],
      },
    ];
    assert.deepEqual(pacedNotes({ paced }), [
      "paced: tier cloud by /p/cloud-x10.json (synthetic: 'P100 cloud', ×10 of a profile measured on host, cpu, 1 thread, 2026-12-01): evaluator1 1.73 ms, evaluator2 0.50 ms",
    ]);
    assert.deepEqual(pacedNotes({ paced: [] }), []);
  });
});
