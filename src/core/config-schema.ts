/**
 * Config files (infrastructures, model profiles, post-processor options) are
 * checked by zod schemas; this turns zod's issues into the one error format
 * users see: a first line naming the file and the problem count, then one
 * line per problem with its path in the file's own terms
 * (`infra.links[1].mbps: must be > 0, not -3`). The same schemas publish
 * JSON Schemas (schema/*.schema.json) for editors.
 */
import { z } from 'zod';
import { ConfigError } from './errors.js';

/** What a parse is checking, for the first line and the paths. */
export interface ConfigPlace {
  /** The file ('bad.yaml', 'preset mid-end'), or whatever else the values came from. */
  readonly source: string;
  /** The first path segment: 'infra', 'profile', 'profile.output.options'. */
  readonly root: string;
  /** For the first line: 'the infrastructure', 'the profile'. */
  readonly what: string;
}

/** A hostile file can have millions of problems; the count still says how many. */
const MAX_LINES = 100;

/** The value checked by `schema`, or a ConfigError listing every problem with its path. */
export function parseConfig<T extends z.ZodType>(schema: T, value: unknown, place: ConfigPlace): z.output<T> {
  const result = schema.safeParse(value, { error: problemMessage, reportInput: true });
  if (result.success) return result.data;
  const lines = problemLines(result.error.issues, place.root);
  const n = lines.length;
  const shown = n > MAX_LINES ? [...lines.slice(0, MAX_LINES), `… and ${n - MAX_LINES} more`] : lines;
  throw new ConfigError(
    `${place.source}: ${n} problem${n === 1 ? '' : 's'} in ${place.what}\n  ${shown.join('\n  ')}`,
  );
}

/**
 * Check part of a value against a schema chosen from another field (the
 * options of a post-processor kind) and report its problems under `path`.
 */
export function checkPart(
  schema: z.ZodType,
  value: unknown,
  path: readonly PropertyKey[],
  ctx: z.RefinementCtx,
): void {
  const result = schema.safeParse(value, { error: problemMessage, reportInput: true });
  if (result.success) return;
  for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: [...path, ...issue.path] });
}

/** One line per problem; an unknown-keys issue becomes one line per key. */
export function problemLines(issues: readonly z.core.$ZodIssue[], root: string): string[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${pathText(root, [...issue.path, key])}: unknown field`)
      : [`${pathText(root, issue.path)}: ${issue.message}`],
  );
}

/** `infra.tiers[0].cpus`; keys that are not plain names are quoted. */
export function pathText(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$-]*$/.test(name) ? `${text}.${name}` : `${text}[${JSON.stringify(name)}]`;
  }, root);
}

/** A value quoted as the file has it, short enough for one line. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? typeof value;
  // A whole wrong file can arrive here: quote enough to recognise it.
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const NOUNS: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  tuple: 'a list',
  null: 'null',
};

/**
 * The wording of zod's built-in checks, used wherever a schema does not say
 * better itself (schema-level `error` takes precedence over this map).
 */
const problemMessage: z.core.$ZodErrorMap = (issue) => {
  const not = `not ${show(issue.input)}`;
  switch (issue.code) {
    case 'invalid_type': {
      const noun = NOUNS[issue.expected] ?? issue.expected;
      const numeric = issue.expected === 'number' || issue.expected === 'int';
      if (numeric && typeof issue.input === 'number' && !Number.isFinite(issue.input))
        return `must be a finite number, ${not}`;
      return mustBe(noun, issue.input);
    }
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return 'must not be empty';
      if (issue.origin === 'array' || issue.origin === 'string')
        return `must have at least ${issue.minimum} ${unit(issue.origin)}, not ${length(issue.input)}`;
      return `must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum}, ${not}`;
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'string')
        return `must have at most ${issue.maximum} ${unit(issue.origin)}, not ${length(issue.input)}`;
      return `must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum}, ${not}`;
    case 'invalid_format':
      return issue.format === 'regex' && issue.pattern
        ? `must match ${issue.pattern.replace(/^\/(.*)\/\w*$/, '$1')}, ${not}`
        : `must be a ${issue.format}, ${not}`;
    case 'invalid_value':
      return mustBe(issue.values.map((v) => show(v)).join(' or '), issue.input);
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}, ${not}`;
    case 'invalid_union':
      return `matches none of the allowed forms, ${not}`;
    case 'invalid_key':
    case 'invalid_element':
    case 'unrecognized_keys':
    case 'custom':
      return `is not valid (${issue.code}), ${not}`;
  }
};

function unit(origin: string): string {
  return origin === 'array' ? 'items' : 'characters';
}

function length(value: unknown): string {
  return Array.isArray(value) || typeof value === 'string' ? String(value.length) : show(value);
}

/** `must be a list, not 3`, or `missing (must be a list)`. */
export function mustBe(expected: string, input: unknown): string {
  return input === undefined ? `missing (must be ${expected})` : `must be ${expected}, not ${show(input)}`;
}

/**
 * Schema params whose error words type mismatches ("must be a list of names,
 * not …"); other problems keep the general wording.
 */
export function typeError(expected: string): { error: z.core.$ZodErrorMap } {
  return { error: (issue) => (issue.code === 'invalid_type' ? mustBe(expected, issue.input) : undefined) };
}

/** Schema params whose error words every problem the schema itself finds (a tuple's length as well as its type). */
export function shapeError(expected: string): { error: z.core.$ZodErrorMap } {
  return { error: (issue) => mustBe(expected, issue.input) };
}

/** For refinements that also run on unchecked input (see `always`). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Cross-field refinements run even where a field failed its own check, so
 * that a user sees every problem at once; they must then read their input
 * as unchecked.
 */
export const always = { when: (): boolean => true } as const;

/** The JSON Schema editors read, from the same zod schema the loader checks with. */
export function jsonSchemaOf(
  schema: z.ZodType,
  head: { readonly id: string; readonly title: string; readonly description: string },
): Record<string, unknown> {
  const body = z.toJSONSchema(schema, { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
  const { $schema, ...rest } = body;
  return { $schema, $id: head.id, title: head.title, description: head.description, ...rest };
}

/** How schema/*.schema.json files are written: stable, so a test can compare them byte for byte. */
export function jsonSchemaText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
