/**
 * The seam between a StagingPlan and the machinery that realises it. A driver
 * builds a StagingArea from a plan; the orchestrator starts stage processes
 * in it and asks it for the addresses to connect to. Drivers register by name
 * (`local` and `podman`, registered by index.ts).
 */
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { Registry, type RegistrySpec } from '../core/registry.js';
import type { StagingPlan } from './plan.js';

export interface StageSpawnOptions extends SpawnOptions {
  /**
   * false: only the tier's network, not its CPU and memory limits; the process
   * joins the link emulators' group instead (the fidelity check's link probes,
   * which must measure the link and not the tier's CPU).
   */
  readonly limits?: boolean;
}

export interface StagingArea {
  readonly plan: StagingPlan;
  /** Start a process inside the tier's namespace and cgroup. */
  spawn(tier: string, command: string, args: readonly string[], opts?: StageSpawnOptions): ChildProcess;
  /** The address a server in `tier` binds so that other tiers reach it through their links. */
  bindAddress(tier: string): string;
  /**
   * `host:port` that a process in `fromTier` connects to, to reach a server
   * listening on `port` in `toTier` through the emulated link between them.
   */
  address(fromTier: string, toTier: string, port: number): Promise<string>;
  /**
   * Put the tiers' CPU quotas in force, for an area created with
   * `deferCpuLimits` (a no-op otherwise, and where a driver limits CPU another way).
   */
  applyCpuLimits?(): void;
  /**
   * Call `onDeath` with one line (which link emulator, its pid, its tier, how
   * it ended) when a helper process of the area dies while the area is live;
   * returns what stops the watch. Without it a dead link emulator shows only as
   * frames dropped by the stage that sends through it.
   */
  watchHelpers(onDeath: (what: string) => void): () => void;
  /** Remove everything the area made. Safe to call more than once. */
  destroy(): Promise<void>;
}

export interface StagingDriver {
  readonly name: string;
  /** Why this driver cannot run here, or null when it can. */
  unavailable(): string | null;
  create(plan: StagingPlan, opts?: CreateOptions): Promise<StagingArea>;
}

export interface CreateOptions {
  /** Destroy the area and re-raise on SIGINT/SIGTERM (default true); an owner with its own handlers passes false. */
  readonly handleSignals?: boolean;
  /**
   * Leave the tiers' CPU quotas open until applyCpuLimits() (memory limits and
   * shares apply at once): a run's stage processes load their modules and
   * models at the host's speed, which nothing measures, and the run puts the
   * quotas in force before its first frame.
   */
  readonly deferCpuLimits?: boolean;
}

export const DRIVERS: RegistrySpec<StagingDriver> = {
  noun: 'staging backend',
  nameOf: (d) => d.name,
  problem: (d) =>
    typeof d.create === 'function' && typeof d.unavailable === 'function'
      ? undefined
      : 'needs create and unavailable functions',
};

const drivers = new Registry(DRIVERS);

/** Make a driver available by name (the registry policy: core/registry.ts). */
export function registerDriver(driver: StagingDriver): void {
  drivers.register(driver);
}

export function getDriver(name: string): StagingDriver {
  return drivers.require(name);
}

export function driverNames(): string[] {
  return drivers.names();
}
