/**
 * What a test needs from the machine beyond Node and the repository, and
 * the one line a test skips with where something is missing: what is
 * missing and the command that installs it. `npm test` gathers these lines
 * into its closing summary, and under COUPER_TEST_STRICT (CI) a skip for a
 * missing requirement fails the run: CI installs everything.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getDriver, probeHost, type HostFacts } from '../../src/staging/index.js';
import { TESTDATA_DIR } from './testdata.js';

interface Requirement {
  /** What is missing, in a few words. */
  readonly what: string;
  /** The command (or step) that provides it. */
  readonly install: string;
  /** Null when present, else why not (appended when it says more than `what`). */
  check(): string | null;
}

let facts: HostFacts | undefined;
const host = (): HostFacts => (facts ??= probeHost());

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d !== '' && fs.existsSync(path.join(d, cmd)));
}

const APT = 'apt-get install -y';

/**
 * Debian's Chromium for the report's browser test (COUPER_CHROMIUM names
 * another build); playwright-core drives it and never downloads one.
 */
export function chromiumExecutable(): string | null {
  const named = process.env.COUPER_CHROMIUM;
  if (named) return fs.existsSync(named) ? named : null;
  const dir = (process.env.PATH ?? '')
    .split(':')
    .find((d) => d !== '' && fs.existsSync(path.join(d, 'chromium')));
  return dir === undefined ? null : path.join(dir, 'chromium');
}

const REQUIREMENTS = {
  root: {
    what: 'root (namespaces, cgroups, tc)',
    install: 'run the tests as root, as CI does',
    check: () => (host().root ? null : 'not root'),
  },
  netns: {
    what: '`ip netns` (iproute2)',
    install: `${APT} iproute2`,
    check: () => (host().netns ? null : 'ip netns does not work here'),
  },
  cgroups: {
    what: 'cgroup CPU and memory controllers',
    install: 'a kernel with cgroup v1 cpu/memory or cgroup v2 mounted at /sys/fs/cgroup',
    check: () => (host().cgroup !== 'none' ? null : 'no usable cgroup hierarchy'),
  },
  iptables: {
    what: 'iptables (packet loss without netem)',
    install: `${APT} iptables`,
    check: () => (onPath('iptables') ? null : 'iptables is not on PATH'),
  },
  podman: {
    what: 'podman with runc and catatonit',
    install: `${APT} podman runc catatonit`,
    check: () => getDriver('podman').unavailable(),
  },
  onnxTestdata: {
    what: "the ONNX backend test suite (Debian's libonnx-testdata)",
    install: `${APT} libonnx-testdata`,
    check: () => (fs.existsSync(TESTDATA_DIR) ? null : `${TESTDATA_DIR} is missing`),
  },
  pythonOnnx: {
    what: "Debian's python3-onnx",
    install: `${APT} python3-onnx`,
    check: () =>
      spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { stdio: 'ignore' }).status === 0
        ? null
        : '/usr/bin/python3 cannot import onnx',
  },
  pythonGrpc: {
    what: "Debian's python3-grpcio and python3-grpc-tools (a KServe client that is not ours)",
    install: `${APT} python3-grpcio python3-grpc-tools`,
    check: () =>
      spawnSync('/usr/bin/python3', ['-c', 'import grpc, grpc_tools.protoc'], { stdio: 'ignore' }).status ===
      0
        ? null
        : '/usr/bin/python3 cannot import grpc and grpc_tools.protoc',
  },
  chromium: {
    what: "Debian's chromium (the report's browser test)",
    install: `${APT} chromium`,
    check: () => (chromiumExecutable() ? null : 'chromium is not on PATH (or COUPER_CHROMIUM is not a file)'),
  },
} satisfies Record<string, Requirement>;

export type RequirementName = keyof typeof REQUIREMENTS;

/** Every requirement's name, for the runner's list of what CI must provide. */
export const REQUIREMENT_NAMES = Object.keys(REQUIREMENTS) as RequirementName[];

const memo = new Map<RequirementName, string | null>();

/** Why the named requirement is missing here (one line with the install command), or null. */
export function missing(name: RequirementName): string | null {
  if (!memo.has(name)) {
    const r: Requirement = REQUIREMENTS[name];
    const why = r.check();
    memo.set(name, why === null ? null : `needs ${r.what}: ${r.install}`);
  }
  return memo.get(name) ?? null;
}

/**
 * The `skip` option for a test that needs all of `names`: false when every
 * one is here, else the line for the first one missing.
 */
export function skipUnless(...names: RequirementName[]): string | false {
  for (const name of names) {
    const why = missing(name);
    if (why !== null) return why;
  }
  return false;
}
