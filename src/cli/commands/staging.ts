/**
 * `couper staging plan|check|clean`: show how an infrastructure maps onto this
 * host, measure a built staging area's fidelity, or remove what killed runs left.
 */
import { UsageError, VerifyError } from '../../core/errors.js';
import { stderrLogger } from '../../core/log.js';
import {
  cleanLeftovers,
  DEFAULT_MEASURE,
  driverNames,
  getDriver,
  loadInfra,
  makeStagingPlan,
  newRunId,
  probeHost,
  runCheck,
  type StagingPlan,
} from '../../staging/index.js';
import {
  checkPacedTiers,
  PACED_TARGET,
  PACED_TARGET_MIN_MS,
  type PacedCheck,
} from '../../run/pacing-check.js';
import { pacingNotes } from '../../run/pacing-lag.js';
import { renderCheck, renderPlan, renderPlanHeader } from '../render/staging.js';
import { flag, intOption, positiveNumber, printJson, stringOption } from '../args.js';
import type { Command, OptionValues } from '../command.js';
import { usageReminder } from '../help.js';
import { planOptionsFrom, STAGING_OPTIONS } from './run-staging.js';

const ABOUT = [
  'plan prints how the tiers map onto this host (scale, time dilation, quotas, namespaces, links).',
  'check builds the staging area, measures each link (RTT, jitter, throughput) and each tier (CPU',
  'capacity, and how short bursts of compute are slowed) against the configuration, and removes it',
  'again; it fails when a 10% target is missed (bursts are reported, without a target).',
  '--cpu-quota-ms Q gives every tier a quota of Q ms per period (the period follows from its share)',
  'instead of 10 ms periods: bursts longer than Q run at the tier speed, at a cost in sustained capacity.',
  'clean removes what runs killed with SIGKILL left behind (namespaces, cgroups, processes, temp',
  'dirs named couper-RUNID…); runs whose owner still lives are kept unless --all.',
].join('\n');

function planFrom(options: OptionValues): StagingPlan {
  const infraSpec = stringOption(options, 'infra');
  if (!infraSpec) throw new UsageError(`--infra is required\n${usageReminder(stagingCommand)}`);
  return makeStagingPlan(loadInfra(infraSpec), probeHost(), newRunId(), planOptionsFrom(options));
}

async function check(options: OptionValues): Promise<void> {
  const plan = planFrom(options);
  const driver = getDriver(stringOption(options, 'backend') ?? 'local');
  const why = driver.unavailable();
  if (why) throw new UsageError(`backend '${driver.name}' is not available here: ${why}`);
  stderrLogger.info(renderPlanHeader(plan));
  const measure = {
    pings: intOption(options, 'pings', DEFAULT_MEASURE.pings, 5, 10_000),
    bulkSeconds: positiveNumber(options, 'bulk-seconds', DEFAULT_MEASURE.bulkSeconds, 3600),
    cpuSeconds: positiveNumber(options, 'cpu-seconds', DEFAULT_MEASURE.cpuSeconds, 3600),
  };
  const report = await runCheck(driver, plan, measure, (l) => stderrLogger.info(l));
  const paced = await pacedChecks(options, plan, driver.name);
  if (flag(options, 'json')) printJson({ plan, report, ...(paced && { paced }) });
  else process.stdout.write(renderCheck(report) + (paced ? renderPaced(paced) : ''));
  if (!report.ok) throw new VerifyError(`staging area for ${plan.infra.name} missed its 10% fidelity target`);
  if (paced?.some((p) => p.ok === false))
    throw new VerifyError(`a paced tier of ${plan.infra.name} missed its 5% service-time target`);
}

/** With --model: each paced tier's service time against its profile; null without --model or paced tiers. */
async function pacedChecks(
  options: OptionValues,
  plan: StagingPlan,
  backend: string,
): Promise<PacedCheck[] | null> {
  const model = stringOption(options, 'model');
  if (!plan.tiers.some((t) => t.profile !== null)) return null;
  if (model === undefined) {
    stderrLogger.info(
      'paced tiers are checked against their profiles with --model MODEL (the model they were profiled on)',
    );
    return null;
  }
  const infra = loadInfra(stringOption(options, 'infra') ?? '');
  return checkPacedTiers(infra, plan, planOptionsFrom(options), {
    model,
    frames: intOption(options, 'frames', 30, 1, 100_000),
    fps: positiveNumber(options, 'fps', 5, 1000),
    backend,
  });
}

function renderPaced(checks: readonly PacedCheck[]): string {
  const lines = checks.map((c) => {
    const head = `paced tier ${c.tier} (${c.label}):`;
    if (Number.isNaN(c.measuredMs))
      return `${head} no frame got through in ${c.frames} (profile ${c.profileMs.toFixed(2)} ms): MISSED`;
    const verdict = c.ok === null ? `no target under ${PACED_TARGET_MIN_MS} ms` : c.ok ? 'ok' : 'MISSED';
    return (
      `${head} service ${c.measuredMs.toFixed(2)} ms against the profile's ${c.profileMs.toFixed(2)} ms ` +
      `over ${c.frames} frames (this host ${c.hostMs.toFixed(2)} ms before the run, dilation ×${c.dilation.toFixed(2)}): ` +
      `${(c.error * 100).toFixed(1)}% off, ` +
      `target ${PACED_TARGET * 100}%: ${verdict}` +
      (c.pacing ? ` (${pacingNotes(c.pacing).join('; ')})` : '')
    );
  });
  return `${lines.join('\n')}\n`;
}

async function clean(options: OptionValues): Promise<void> {
  const found = await cleanLeftovers(flag(options, 'all'));
  if (flag(options, 'json')) return printJson(found);
  const n =
    found.namespaces.length +
    found.cgroups.length +
    found.processes.length +
    found.tempDirs.length +
    found.containers.length;
  process.stdout.write(
    `removed ${n} leftover(s) of ${found.runs.length} run(s): ${found.namespaces.length} namespaces, ` +
      `${found.cgroups.length} cgroups, ${found.processes.length} processes, ${found.containers.length} containers, ${found.tempDirs.length} temp dirs\n` +
      (found.live.length ? `kept live run(s): ${found.live.join(', ')}\n` : ''),
  );
}

export const stagingCommand: Command = {
  name: 'staging',
  summary: 'plan, check (measure fidelity) or clean up the emulated client/edge/cloud staging area',
  synopsis: [
    'plan  --infra PRESET|FILE [options]',
    'check --infra PRESET|FILE [options]',
    'clean [--all] [--json]',
  ],
  about: ABOUT,
  options: {
    ...STAGING_OPTIONS,
    pings: { value: 'N', help: 'check: pings per link', default: String(DEFAULT_MEASURE.pings) },
    'bulk-seconds': {
      value: 'S',
      help: 'check: seconds of bulk transfer per link',
      default: String(DEFAULT_MEASURE.bulkSeconds),
    },
    'cpu-seconds': {
      value: 'S',
      help: 'check: seconds of CPU measurement per tier',
      default: String(DEFAULT_MEASURE.cpuSeconds),
    },
    all: { help: 'clean: also runs whose owner still lives' },
    json: { help: 'print the plan, the check report or what was removed as JSON' },
    model: { value: 'MODEL', help: 'check: run MODEL on each paced tier against its profile' },
    frames: { value: 'N', help: 'check: frames per paced tier run', default: '30' },
    fps: { value: 'N', help: 'check: camera rate of the paced tier runs', default: '5' },
  },
  positionals: { min: 1, max: 1 },
  async run(options, [sub]) {
    if (sub === 'plan') {
      const plan = planFrom(options);
      if (flag(options, 'json')) printJson(plan);
      else process.stdout.write(renderPlan(plan));
    } else if (sub === 'check') await check(options);
    else if (sub === 'clean') await clean(options);
    else
      throw new UsageError(
        `unknown staging command '${sub}' (plan, check, clean; backends: ${driverNames().join(', ')})`,
      );
  },
};
