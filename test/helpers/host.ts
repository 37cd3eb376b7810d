/** Host facts for plan tests: a 2-core, 2.5 GHz root host with cgroup v1 and namespaces, no netem. */
import type { HostFacts } from '../../src/staging/host.js';

export const TEST_HOST: HostFacts = {
  cores: 2,
  ghz: 2.5,
  memoryGb: 16,
  accelerators: [],
  root: true,
  netns: true,
  netem: false,
  cgroup: 'v1',
  tmpDir: '/tmp',
};
