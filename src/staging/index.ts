/**
 * The staging layer's public face for the orchestrator: load an infrastructure,
 * plan it on this host, build it with a driver.
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
export { loadInfra, parseInfra, PRESETS } from './load.js';
export { probeHost, type HostFacts } from './host.js';
export { makeStagingPlan, newRunId, type StagingPlan, type PlanOptions } from './plan.js';
export { cleanLeftovers } from './leftovers.js';
