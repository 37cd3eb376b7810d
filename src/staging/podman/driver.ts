/**
 * The `podman` driver: builds the local area (namespaces, cgroups, veths,
 * qdiscs, link emulators) and runs stage processes in containers inside it.
 * Its own Owner removes the run's containers before the local area goes, on
 * destroy(), a failure in create(), or SIGINT/SIGTERM/SIGHUP.
 */
import { endProcess } from '../../core/child.js';
import { StagingError } from '../../core/errors.js';
import type { CreateOptions, StagingArea, StagingDriver } from '../driver.js';
import { localDriver } from '../local/driver.js';
import { Owner } from '../owner.js';
import type { StagingPlan } from '../plan.js';
import { PodmanArea } from './area.js';
import { containersNamed, podmanUnavailable, removeContainers } from './engine.js';
import { ensureImage, imageUnavailable } from './image.js';

/**
 * Remove the run's containers, then wait for (or kill) the podman clients: a
 * client that was still creating its container may make it after the first
 * removal, so remove once more after they are gone.
 */
async function removeAll(area: PodmanArea): Promise<void> {
  const prefix = `couper-${area.plan.runId}-`;
  area.closed = true;
  removeContainers(containersNamed(prefix));
  await Promise.all([...area.clients].map((c) => endProcess(c, 3000)));
  removeContainers(containersNamed(prefix));
}

/** Why the podman backend cannot run here, or null. */
function unavailable(): string | null {
  return podmanUnavailable() ?? imageUnavailable();
}

async function create(plan: StagingPlan, opts: CreateOptions = {}): Promise<StagingArea> {
  const why = unavailable();
  if (why) throw new StagingError(`the podman backend cannot run here: ${why}`);
  // Built (or found in the cache) before anything of the run exists: nothing to undo if it fails.
  const image = await ensureImage();
  const owner = new Owner();
  if (opts.handleSignals !== false) owner.handleSignals();
  try {
    const local = await localDriver.create(plan, { handleSignals: false });
    owner.add('local staging area', () => local.destroy());
    const area: PodmanArea = new PodmanArea(local, image, async () => {
      const problems = await owner.close();
      if (problems.length > 0)
        throw new StagingError(`staging area ${plan.runId} left things behind: ${problems.join('; ')}`);
    });
    // Registered last so it runs first: containers leave before their namespaces and cgroups.
    owner.add('containers', () => removeAll(area));
    return area;
  } catch (err) {
    await owner.close();
    throw err;
  }
}

export const podmanDriver: StagingDriver = {
  name: 'podman',
  unavailable,
  create,
};
