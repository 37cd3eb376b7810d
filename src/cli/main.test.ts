/**
 * The command line's own words: help, version, and what an unknown command says.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { model, node, tempDir, valueInfo } from '../../test/helpers/build-model.js';
import { packageRoot } from '../core/assets.js';
import { writeModel } from '../onnx/model-file.js';
import { COMMANDS, loadCommands } from './commands/index.js';

const BIN = path.join(packageRoot(), 'bin', 'couper.js');

function couper(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

describe('couper help', () => {
  it('help COMMAND prints what COMMAND --help prints', () => {
    const viaHelp = couper('help', 'run');
    const viaFlag = couper('run', '--help');
    assert.equal(viaHelp.status, 0);
    assert.equal(viaFlag.status, 0);
    assert.match(viaHelp.stdout, /^usage: couper run /);
    assert.equal(viaHelp.stdout, viaFlag.stdout);
    assert.equal(couper('auto', '-h').stdout, couper('help', 'auto').stdout);
  });

  it('help alone prints the top help, as --help does', () => {
    const r = couper('help');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^usage: couper COMMAND/);
    assert.equal(r.stdout, couper('--help').stdout);
  });

  it('an unknown command is a usage error in one line', () => {
    const r = couper('help', 'nope');
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, "couper: unknown command 'nope' (try 'couper --help')\n");
    assert.equal(couper('help', 'run', 'extra').status, 2);
  });
});

describe('couper --version', () => {
  it("prints package.json's version", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const r = couper(flag);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, `couper ${version}\n`);
    }
  });
});

/** The npm packages whose CommonJS modules a couper invocation loaded (gRPC, sharp and protobufjs are CommonJS). */
function packagesLoadedBy(...args: string[]): string[] {
  const script = [
    "import { createRequire } from 'node:module';",
    `const { main } = await import(${JSON.stringify(path.join(packageRoot(), 'dist', 'src', 'cli', 'main.js'))});`,
    `process.exitCode = await main(${JSON.stringify(args)});`,
    'const loaded = Object.keys(createRequire(import.meta.url).cache);',
    'const names = loaded.map((f) => /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean);',
    'process.stderr.write(JSON.stringify([...new Set(names)].sort()));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stderr) as string[];
}

describe('start-up', () => {
  it('loads only the command it runs: --version loads no package, slice no gRPC or sharp', () => {
    assert.deepEqual(packagesLoadedBy('--version'), []);
    const slice = packagesLoadedBy('help', 'slice');
    assert.ok(slice.includes('protobufjs'), `slice reads ONNX with protobufjs: ${slice.join(', ')}`);
    for (const heavy of ['@grpc/grpc-js', 'sharp'])
      assert.ok(!slice.includes(heavy), `couper help slice loaded ${heavy}`);
  });

  it('names each command as its module does', async () => {
    const loaded = await loadCommands();
    assert.deepEqual(
      loaded.map((c) => c.name),
      COMMANDS.map((c) => c.name),
    );
  });
});

describe("onnxruntime's words", () => {
  it('are one line of ours, and its own text only with --verbose', (t) => {
    // Reshape to a shape fed at run time: the seeded values cannot fit, so onnxruntime fails in a kernel.
    const file = path.join(tempDir(t), 'reshape.onnx');
    const INT64 = 7;
    writeModel(
      file,
      model({
        input: [valueInfo('x', [2, 3]), valueInfo('s', [2], INT64)],
        output: [valueInfo('z', ['n', 'm'])],
        node: [node('Reshape', ['x', 's'], ['y']), node('Relu', ['y'], ['z'])],
      }),
    );
    const plain = couper('candidates', file);
    assert.equal(plain.status, 1, plain.stderr);
    const lines = plain.stderr.trimEnd().split('\n');
    assert.deepEqual(
      lines.filter((l) => !l.startsWith('note: ')),
      [
        "couper: cannot run the model to learn its tensor shapes: onnxruntime failed to run the model: Reshape node 'Reshape_y': The input tensor cannot be reshaped to the requested shape. Input shape:{2,3}, requested shape:{4,2} (--verbose shows onnxruntime's own message)",
      ],
    );
    const verbose = couper('candidates', '--verbose', file);
    assert.equal(verbose.status, 1);
    assert.match(verbose.stderr, /\[E:onnxruntime:.*ExecuteKernel\]/);
    assert.match(verbose.stderr, /\nonnxruntime said: Non-zero status code .*reshape_helper\.h:\d+/);
  });
});
