/**
 * Reading decision.json for `couper publish --decision`: the file is checked
 * here, once (a foreign file, one from an older format, a decision with no
 * chosen split, or a model whose bytes changed since are each one line), and
 * what it holds becomes a PublishSubject.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { ConfigError, describeError } from '../core/errors.js';
import { sha256File } from '../core/file-hash.js';
import { DECISION_FORMAT } from '../evaluate/decision.js';
import { parseInfra, type Infra } from '../staging/index.js';

/** The decision layout this publisher reads: the one this Couper's evaluator writes. */
const DECISION_FORMAT_READ = DECISION_FORMAT;

/** What a bundle is published from, however it was named. */
export interface PublishSubject {
  readonly model: string;
  readonly modelSha256: string;
  readonly split: readonly string[];
  readonly infra: Infra;
  readonly profile: string;
  /** Stage → tier, as the decision's run placed them (empty: the infrastructure's own placement). */
  readonly placement: Readonly<Record<string, string>>;
}

const Subject = z.object({
  modelPath: z.string().min(1),
  modelSha256: z.string().regex(/^[0-9a-f]{64}$/),
  infra: z.record(z.string(), z.unknown()),
  profile: z.string().min(1),
});
const Chosen = z.object({
  key: z.string(),
  split: z.array(z.string().min(1)).min(1),
  placement: z.record(z.string(), z.string()),
});
const DecisionFile = z.object({
  formatVersion: z.literal(DECISION_FORMAT_READ),
  subject: Subject,
  chosen: Chosen.nullable(),
});

export function readDecision(file: string): PublishSubject {
  const doc = readJson(file);
  if (typeof doc !== 'object' || doc === null || !('why' in doc) || !('chosen' in doc))
    throw new ConfigError(
      `--decision '${file}' is not a Couper decision.json (no chosen split); give the decision.json that couper evaluate or auto wrote`,
    );
  const version = (doc as { formatVersion?: unknown }).formatVersion;
  if (version === undefined || (typeof version === 'number' && version < DECISION_FORMAT_READ))
    throw new ConfigError(
      `--decision '${file}' is from an older format (version ${String(version ?? 1)}) that does not record the model's hash and infrastructure; run couper evaluate or auto again`,
    );
  if (version !== DECISION_FORMAT_READ)
    throw new ConfigError(
      `--decision '${file}' has format version ${JSON.stringify(version)}; this Couper reads version ${DECISION_FORMAT_READ} (a newer Couper wrote it?)`,
    );
  const parsed = DecisionFile.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      `--decision '${file}': ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'malformed'}; was it edited by hand?`,
    );
  }
  const d = parsed.data;
  if (d.chosen === null)
    throw new ConfigError(
      `--decision '${file}' chose no split (no run had usable figures); nothing to publish`,
    );
  checkModel(d.subject.modelPath, d.subject.modelSha256, file);
  // The file records where the infrastructure came from; the schema takes only what it is.
  const infraDoc: Record<string, unknown> = { ...d.subject.infra };
  delete infraDoc['source'];
  return {
    model: d.subject.modelPath,
    modelSha256: d.subject.modelSha256,
    split: d.chosen.split,
    infra: parseInfra(JSON.stringify(infraDoc), `--decision '${file}' (subject.infra)`),
    profile: d.subject.profile,
    placement: d.chosen.placement,
  };
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `--decision '${file}' cannot be read (${describeError(err)}); give DIR/decision.json`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConfigError(`--decision '${file}' is not JSON, so not a decision.json`);
  }
}

/** The model must be the one decided on: same bytes, by SHA-256. */
function checkModel(model: string, sha256: string, decision: string): void {
  if (!fs.existsSync(model))
    throw new ConfigError(
      `model '${model}' named by --decision '${decision}' no longer exists; restore it or evaluate again`,
    );
  if (sha256File(model, 'model') !== sha256)
    throw new ConfigError(
      `model '${model}' has changed since --decision '${decision}' was made (its SHA-256 differs); evaluate it again`,
    );
}
