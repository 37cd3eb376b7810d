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
  if (flag(options, 'json')) printJson({ plan, report });
  else process.stdout.write(renderCheck(report));
  if (!report.ok) throw new VerifyError(`staging area for ${plan.infra.name} missed its 10% fidelity target`);
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
