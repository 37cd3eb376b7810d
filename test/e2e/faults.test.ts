/**
 * Faults mid-run, end to end: `couper run` with a process it needs killed
 * (a stage, the camera's ffmpeg, a link emulator), stopped (SIGSTOP) or the
 * run itself terminated. Each run fails with one line naming what died and
 * where, with what was measured until then, exits with the status for it,
 * and leaves nothing behind.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertNoLeftovers, isAlive as alive } from '../helpers/leftovers.js';
import { ensureModel, repoRoot } from '../helpers/models.js';
import { skipUnless } from '../helpers/needs.js';

const COUPER = path.join(repoRoot(), 'bin', 'couper.js');
const SPLIT = 'c2177880'; // an articulation candidate of squeezenet1_1
const EXIT_RUN_FAILED = 4;
const LATENCY = ' \\(latency mean \\d+\\.\\d ms, p50 \\d+\\.\\d ms over \\d+ measured\\)';
const UNTIL_THEN = new RegExp(
  `; until then: \\d+ frames emitted, \\d+ processed(${LATENCY})?, \\d+ dropped in \\d+\\.\\d s$`,
);
/** The same, where frames past the warm-up have come back: their latency is on the line. */
const UNTIL_THEN_MEASURED = new RegExp(
  `; until then: \\d+ frames emitted, \\d+ processed${LATENCY}, \\d+ dropped in \\d+\\.\\d s$`,
);

/** Every descendant of `root`, with its command line. */
function descendants(root: number): { pid: number; cmd: string }[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const out: { pid: number; cmd: string }[] = [];
  const walk = (pid: number): void => {
    for (const [child, parent] of rows) {
      if (parent !== pid) continue;
      out.push({ pid: child, cmd: cmdline(child) });
      walk(child);
    }
  };
  walk(root);
  return out;
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

interface Running {
  readonly child: ChildProcess;
  /** Resolves once the first progress line is out (frames flow), or the run ended. */
  readonly flowing: Promise<void>;
  /** Resolves once a progress line counts at least `n` processed frames, or the run ended. */
  processed(n: number): Promise<void>;
  readonly exited: Promise<number | null>;
  stderr(): string;
}

function startRun(model: string, extra: readonly string[]): Running {
  const args = [COUPER, 'run', '--model', model, '--split', SPLIT, '--fps', '8', ...extra];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const flowing = new Promise<void>((resolve) =>
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('frames:')) resolve();
    }),
  );
  const processed = async (n: number): Promise<void> => {
    const enough = (): boolean =>
      [...stderr.matchAll(/frames: \d+ emitted, (\d+) processed/g)].some((m) => Number(m[1]) >= n);
    let ended = false;
    void exited.then(() => (ended = true));
    while (!enough() && !ended) await new Promise((r) => setTimeout(r, 100));
  };
  return {
    child,
    flowing: Promise.race([flowing, exited.then(() => undefined)]),
    processed,
    exited,
    stderr: () => stderr,
  };
}

/** The one process under the run whose command line matches (it must be there). */
function pick(run: Running, match: (cmd: string) => boolean): number {
  const all = descendants(run.child.pid!);
  const found = all.filter((p) => match(p.cmd));
  assert.equal(
    found.length,
    1,
    `${found.length} matches among ${all.map((p) => p.cmd).join(' | ')}\n${run.stderr()}`,
  );
  return found[0]!.pid;
}

/** Run folders (couper-run-*, the written slices) whose owner file names `pid`: none once the run is over. */
function runFoldersOf(pid: number): string[] {
  return fs
    .readdirSync(os.tmpdir())
    .filter((d) => d.startsWith('couper-run-'))
    .filter((d) => {
      try {
        return fs.readFileSync(path.join(os.tmpdir(), d, 'owner'), 'utf8') === String(pid);
      } catch {
        return false;
      }
    });
}

/** Nothing of the run left: no process it started, no run folder. */
function assertNothingLeft(run: Running, pids: readonly number[]): void {
  assert.deepEqual(pids.filter(alive), [], 'processes left');
  assert.deepEqual(runFoldersOf(run.child.pid!), [], 'run folder left');
}

/** The last line couper wrote: the one that says why it stopped. */
function lastLine(run: Running): string {
  return run.stderr().trimEnd().split('\n').at(-1) ?? '';
}

const isStage = (name: string) => (cmd: string) => cmd.includes('stage-main.js') && cmd.endsWith(` ${name} `);

/** Checks that nothing of the run is left; called while a stopped victim is still stopped. */
type LeftoverCheck = (run: Running, everything: readonly number[]) => void;

/** A run with frames flowing, every process under it, and its evaluator0's pid. */
async function flowingWithVictim(
  model: string,
  args: readonly string[],
): Promise<{ run: Running; everything: number[]; victim: number }> {
  const run = startRun(model, args);
  await run.flowing;
  const everything = descendants(run.child.pid!).map((p) => p.pid);
  return { run, everything, victim: pick(run, isStage('evaluator0')) };
}

/** evaluator0 killed mid-run: the run fails naming it and `where` it ran (a regex part), with the partial summary. */
async function killStage(
  model: string,
  args: readonly string[],
  where: string,
  left: LeftoverCheck,
): Promise<void> {
  const { run, everything, victim } = await flowingWithVictim(model, args);
  process.kill(victim, 'SIGKILL');
  assert.equal(await run.exited, EXIT_RUN_FAILED, run.stderr());
  assert.match(
    lastLine(run),
    new RegExp(`^couper: stage evaluator0 \\(pid ${victim}, ${where}\\) died \\(SIGKILL\\)`),
  );
  assert.match(lastLine(run), UNTIL_THEN);
  left(run, everything);
}

/** evaluator0 stopped (SIGSTOP) mid-run: found silent, named with `where`, ended with the rest. */
async function stopStage(
  model: string,
  args: readonly string[],
  where: string,
  left: LeftoverCheck,
): Promise<void> {
  const { run, everything, victim } = await flowingWithVictim(model, args);
  process.kill(victim, 'SIGSTOP');
  try {
    assert.equal(await run.exited, EXIT_RUN_FAILED, run.stderr());
    assert.match(
      lastLine(run),
      new RegExp(
        `^couper: stage evaluator0 \\(pid ${victim}, ${where}\\) stopped answering \\(no 'status' within 10 s\\)`,
      ),
    );
    assert.match(lastLine(run), UNTIL_THEN);
    left(run, everything);
  } finally {
    if (alive(victim)) process.kill(victim, 'SIGKILL');
  }
}

describe('faults in a local run', () => {
  let model = '';
  before(() => {
    model = ensureModel('squeezenet1_1');
  });
  const LOCAL = ['--camera-size', '160x120'];

  it('a stage killed mid-run fails the run naming it, with the partial summary, and nothing is left', () =>
    killStage(model, LOCAL, 'on this machine', assertNothingLeft));

  it("the camera's ffmpeg killed mid-run is named as what died, not blamed on the video", async () => {
    const run = startRun(model, LOCAL);
    await run.flowing;
    const everything = descendants(run.child.pid!).map((p) => p.pid);
    const ffmpeg = pick(run, (cmd) => /ffmpeg\S* /.test(cmd) && cmd.includes('rawvideo'));
    process.kill(ffmpeg, 'SIGKILL');
    assert.equal(await run.exited, EXIT_RUN_FAILED, run.stderr());
    assert.match(
      lastLine(run),
      new RegExp(
        `^couper: stage camera \\(on this machine\\): the video decoder ffmpeg \\(pid ${ffmpeg}\\) died \\(SIGKILL\\)`,
      ),
    );
    assert.match(lastLine(run), UNTIL_THEN);
    assertNothingLeft(run, everything);
  });

  it('a stage stopped with SIGSTOP is found silent, named, and ended with the rest', () =>
    stopStage(model, LOCAL, 'on this machine', assertNothingLeft));

  it('SIGTERM ends the run with 143 and SIGINT with 130, each with the partial summary', async () => {
    for (const [signal, status] of [
      ['SIGTERM', 143],
      ['SIGINT', 130],
    ] as const) {
      // Two warm-up frames and three measured ones back: the line carries their latency.
      const run = startRun(model, [...LOCAL, '--warmup', '2']);
      await run.processed(5);
      const everything = descendants(run.child.pid!).map((p) => p.pid);
      run.child.kill(signal);
      assert.equal(await run.exited, status, run.stderr());
      assert.match(lastLine(run), new RegExp(`^couper: run interrupted by ${signal}; until then: `));
      assert.match(lastLine(run), UNTIL_THEN_MEASURED);
      assertNothingLeft(run, everything);
    }
  });
});

describe('faults in a staged run', { skip: skipUnless('root', 'netns', 'cgroups') }, () => {
  let model = '';
  let dir = '';
  let infra = '';
  before(() => {
    model = ensureModel('squeezenet1_1');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'couper-faults-test-'));
    infra = path.join(dir, 'tiny.yaml');
    // Low GHz: the tiers fit the host without dilation. Jitter makes every link a user-space emulator.
    fs.writeFileSync(
      infra,
      [
        'name: tiny',
        'tiers:',
        '  - { name: client, cpus: 1, ghz: 0.5, memoryGb: 1 }',
        '  - { name: edge, cpus: 1, ghz: 0.5, memoryGb: 1 }',
        '  - { name: cloud, cpus: 1, ghz: 0.5, memoryGb: 1 }',
        'links:',
        '  - { between: [client, edge], rttMs: 20, jitterMs: 2, mbps: 50 }',
        '  - { between: [edge, cloud], rttMs: 40, jitterMs: 2, mbps: 20 }',
        '  - { between: [client, cloud], rttMs: 60, jitterMs: 2, mbps: 20 }',
        '',
      ].join('\n'),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const STAGED = (): string[] => ['--infra', infra, '--synthetic', '--camera-size', '160x120'];

  /** The run id, from the staging plan couper prints before the run. */
  function runId(run: Running): string {
    const id = /couper-([a-z0-9]{4})/.exec(run.stderr())?.[1];
    assert.ok(id, run.stderr());
    return id;
  }

  /** Nothing of a staged run left: its processes, and its namespaces, cgroups and run folders. */
  const nothingStaged: LeftoverCheck = (run, everything) => {
    const id = runId(run);
    assert.deepEqual(everything.filter(alive), []);
    assertNoLeftovers(id);
  };

  it('a stage killed mid-run fails the run naming it and its tier, and nothing is left', () =>
    killStage(model, STAGED(), 'on tier \\w+', nothingStaged));

  it('a stage stopped with SIGSTOP in its tier is found silent, named, and ended with the rest', () =>
    stopStage(model, STAGED(), 'on tier \\w+', nothingStaged));

  it('a link emulator killed mid-run fails the run naming the link and its tier, and nothing is left', async () => {
    const run = startRun(model, STAGED());
    await run.flowing;
    const id = runId(run);
    const everything = descendants(run.child.pid!).map((p) => p.pid);
    const proxies = descendants(run.child.pid!).filter((p) => p.cmd.includes('proxy-main.js'));
    assert.ok(proxies.length >= 1, run.stderr());
    // The client→edge link: its emulator forwards to the edge tier's evaluator.
    const victim = proxies[0]!.pid;
    process.kill(victim, 'SIGKILL');
    assert.equal(await run.exited, EXIT_RUN_FAILED, run.stderr());
    assert.match(
      lastLine(run),
      new RegExp(`^couper: link emulator \\w+→\\w+ \\(pid ${victim}, on tier \\w+\\) died \\(SIGKILL\\)`),
    );
    assert.match(lastLine(run), UNTIL_THEN);
    assert.deepEqual(everything.filter(alive), []);
    assertNoLeftovers(id);
  });
});
