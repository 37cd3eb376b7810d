/**
 * The staging layer's public face (other layers import only this file):
 * load an infrastructure, plan it on this host, build it with a driver,
 * check its fidelity, clean up after killed runs.
 */
import { registerDriver } from './driver.js';
import { localDriver } from './local/driver.js';
import { podmanDriver } from './podman/driver.js';

registerDriver(localDriver);
registerDriver(podmanDriver);

export {
  getDriver,
  driverNames,
  type StagingArea,
  type StagingDriver,
  type StageSpawnOptions,
} from './driver.js';
export { linkBetween, type Infra, type Link, type Tier, type TierTls } from './infra.js';
export { podmanEnv } from './podman/engine.js';
export { loadInfra, parseInfra, PRESETS } from './load.js';
export { DEFAULT_MIN_RESERVE_CORES } from './scale.js';
export { probeHost, type HostFacts } from './host.js';
export { makeStagingPlan, newRunId, type Fidelity, type StagingPlan, type PlanOptions } from './plan.js';
export { cleanLeftovers } from './leftovers.js';
export { tierTlsFiles } from './tls-certs.js';
export { joinTierCgroup } from './local/join-tier.js';
export { DEFAULT_MEASURE, runCheck, TOLERANCE, type CheckReport } from './check/check.js';
