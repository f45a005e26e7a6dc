import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CsvError, parse } from 'csv-parse/sync';

/**
 * A fleet: the accounts manifest (JSON or CSV) that turns into one runbook run per account and
 * runbook (runbooks/fleet.runbook.ts). Validated with zod; every problem is reported at once with its line.
 * The manifest never holds a password, only where it comes from.
 */

/**
 * Runbooks a manifest may name: those the registry marks `fleet` (runbooks/registry.ts; runbooks/fleet.runbook.ts
 * runs each). `root-credentials` (API only) is also what the fleet picks by itself for a member under centralized
 * root access (lib/org/classify.ts).
 */
/** A runbook name of the registry's fleet list. */
export type FleetRunbook = string;

/** Where an account's root password comes from. */
export type PasswordSource = 'prompt' | 'replica' | `env:${string}`;

/** One account of the manifest, validated. */
export interface FleetAccount {
  /** Account id, else alias: names its state file and its tests. */
  key: string;
  accountId?: string;
  alias?: string;
  rootEmail: string;
  password: PasswordSource;
  runbooks: FleetRunbook[];
  /** A member that keeps its root password on purpose: the console path even under centralized root access. */
  keepRootPassword: boolean;
  /** Line of the manifest the account starts on, for messages. */
  line: number;
}

/** One test of a fleet: an account and a runbook (the `fleetRun` option of the fixtures). */
export interface FleetRun {
  entry: FleetAccount;
  runbook: FleetRunbook;
  /** Folder of the per-account state files: `<EVIDENCE_DIR>/fleet-state`. */
  stateDir: string;
  /** Re-run accounts already done (`--force`). */
  force: boolean;
  /** Check mode: nothing is skipped or recorded. */
  checking: boolean;
}

/** How an account reads in titles and tables: `111122223333 (prod-core)`, or the alias alone. */
export const accountDisplay = (a: Pick<FleetAccount, 'accountId' | 'alias'>): string =>
  a.accountId ? `${a.accountId}${a.alias ? ` (${a.alias})` : ''}` : a.alias!;

const ACCOUNT_ID = /^\d{12}$/;
// IAM account alias rules: 3 to 63 lower-case letters, digits or hyphens, not starting or ending with a hyphen.
const ALIAS = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NO_LITERAL = 'must be "prompt", "replica" or "env:NAME" (the password itself never goes in the manifest)';

const passwordSource = z
  // A literal password must never be echoed back: messages here never quote the value.
  .string({ error: NO_LITERAL })
  .refine((v) => v === 'prompt' || v === 'replica' || (v.startsWith('env:') && ENV_NAME.test(v.slice(4))), NO_LITERAL)
  .transform((v) => v as PasswordSource);

/** One manifest entry, naming runbooks of `fleetRunbooks` only (the registry's fleet list, passed in: lib/ does not read the registry). */
const accountSchemaFor = (fleetRunbooks: readonly string[]) =>
  z
    .strictObject(
      {
        accountId: z
          .string({ error: 'must be a string of 12 digits (quoted: leading zeros count)' })
          .regex(ACCOUNT_ID, 'must be 12 digits')
          .optional(),
        alias: z.string().regex(ALIAS, 'must be 3 to 63 lower-case letters, digits or hyphens').optional(),
        rootEmail: z.email('must be an email address'),
        password: passwordSource,
        runbooks: z
          .array(z.enum(fleetRunbooks as [string, ...string[]], { error: `must be one of ${fleetRunbooks.join(', ')}` }))
          .min(1, 'must name at least one runbook')
          .refine((list) => new Set(list).size === list.length, 'names a runbook twice')
          .default(['root-mfa']),
        keepRootPassword: z.boolean({ error: 'must be true or false' }).default(false),
      },
      {
        error: (issue) =>
          issue.code === 'unrecognized_keys'
            ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}${issue.keys.some((k) => /pass|secret/i.test(k)) ? ' (passwords never go in the manifest: use password "env:NAME" or "prompt")' : ''}`
            : undefined,
      },
    )
    // `when`: reported beside the entry's other problems, not only once they are fixed.
    .refine((a) => a.accountId || a.alias, {
      message: 'needs an accountId or an alias',
      path: ['accountId'],
      when: (p) => p.value !== null && typeof p.value === 'object',
    });

const manifestSchema = z.strictObject({ accounts: z.array(z.unknown()).min(1, 'lists no accounts') });

/** Where the manifest will be used: the target decides whether "replica" is a password source. */
export interface ManifestContext {
  target: 'replica' | 'aws';
  /** Whether an environment variable (`env:NAME`) is set; on the CLI and in the worker it sees .env too. */
  hasEnv: (name: string) => boolean;
  /** The runbooks an entry may name: the registry's fleet list (FLEET_RUNBOOKS of runbooks/registry.ts). */
  fleetRunbooks: readonly string[];
}

export class FleetManifestError extends Error {
  override name = 'FleetManifestError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Bad fleet manifest ${file} (fix these; nothing was started):\n${problems.map((p) => `  ✖ ${p}`).join('\n')}`);
  }
}

/** Reads and validates a manifest file (`.json`, `.csv`, or by content); throws FleetManifestError naming every problem. */
export function loadManifest(file: string, context: ManifestContext): FleetAccount[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new FleetManifestError(file, [`cannot be read: ${(err as Error).message}`]);
  }
  return parseManifest(text, file, context);
}

/** Validates a manifest's text; `name` decides the format (`.csv`, else JSON when it starts with `{`). */
export function parseManifest(text: string, name: string, context: ManifestContext): FleetAccount[] {
  const csv =
    path.extname(name).toLowerCase() === '.csv' || (path.extname(name).toLowerCase() !== '.json' && !text.trimStart().startsWith('{'));
  const rows = csv ? csvRows(text) : jsonRows(text);
  const problems = [...rows.problems];
  const accounts: Array<{ account: FleetAccount; row: Row }> = [];
  const accountSchema = accountSchemaFor(context.fleetRunbooks);
  for (const row of rows.rows) {
    const parsed = accountSchema.safeParse(row.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${row.where(issue.path.map(String))}: ${describe(issue, row.value)}`);
      continue;
    }
    const a = parsed.data;
    accounts.push({
      row,
      account: {
        key: a.accountId ?? a.alias!,
        accountId: a.accountId,
        alias: a.alias,
        rootEmail: a.rootEmail,
        password: a.password,
        runbooks: a.runbooks,
        keepRootPassword: a.keepRootPassword,
        line: row.line,
      },
    });
  }
  problems.push(...crossChecks(accounts, context));
  if (problems.length) throw new FleetManifestError(name, problems);
  return accounts.map((a) => a.account);
}

/** A field's problem, quoting the bad value (never for `password`). */
function describe(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.path.length === 0 || issue.code === 'unrecognized_keys') return issue.message;
  let bad: unknown = value;
  for (const key of issue.path) bad = bad && typeof bad === 'object' ? (bad as Record<PropertyKey, unknown>)[key] : undefined;
  if (bad === undefined) return `is missing (${issue.message})`;
  return issue.path[0] === 'password' ? issue.message : `${JSON.stringify(bad)} ${issue.message}`;
}

/** Problems between accounts and with the context: duplicates, "replica" on aws, unset variables. */
function crossChecks(accounts: Array<{ account: FleetAccount; row: Row }>, context: ManifestContext): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const { account: a, row } of accounts) {
    for (const [what, value] of [
      ['accountId', a.accountId],
      ['alias', a.alias],
      ['rootEmail', a.rootEmail.toLowerCase()],
    ] as const) {
      if (!value) continue;
      const first = seen.get(`${what}=${value}`);
      if (first !== undefined) problems.push(`${row.where([what])}: "${value}" is already listed on line ${first}`);
      else seen.set(`${what}=${value}`, a.line);
    }
    if (a.password === 'replica' && context.target === 'aws')
      problems.push(
        `${row.where(['password'])}: "replica" only works on the replica target (RUNBOOK_TARGET=aws): use "env:NAME" or "prompt"`,
      );
    if (a.password.startsWith('env:') && !context.hasEnv(a.password.slice(4)))
      problems.push(`${row.where(['password'])}: the environment variable ${a.password.slice(4)} is not set`);
  }
  return problems;
}

interface Row {
  value: unknown;
  line: number;
  /** "line 7, accounts[1].rootEmail" or "line 4 (row 3), rootEmail". */
  where: (path: string[]) => string;
}
interface Rows {
  rows: Row[];
  problems: string[];
}

function jsonRows(text: string): Rows {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /at position (\d+)/.exec(message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : undefined;
    return { rows: [], problems: [`${line ? `line ${line}: ` : ''}not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`] };
  }
  const lines = jsonLines(text);
  const top = manifestSchema.safeParse(data);
  if (!top.success) {
    return {
      rows: [],
      problems: top.error.issues.map(
        (i) =>
          `line ${lineOf(lines, i.path.map(String))}: ${i.path.length ? `${i.path.join('.')} ` : ''}${i.code === 'unrecognized_keys' ? `unknown field ${i.keys.join(', ')} (a manifest is { "accounts": [ … ] })` : i.message}`,
      ),
    };
  }
  return {
    problems: [],
    rows: top.data.accounts.map((value, n) => ({
      value,
      line: lineOf(lines, ['accounts', String(n)]),
      where: (p) =>
        `line ${lineOf(lines, ['accounts', String(n), ...p])}, accounts[${n}]${p.map((k) => (/^\d+$/.test(k) ? `[${k}]` : `.${k}`)).join('')}`,
    })),
  };
}

/** The line of a value, or of its nearest parent that has one. */
function lineOf(lines: Map<string, number>, p: string[]): number {
  for (let n = p.length; n >= 0; n--) {
    const line = lines.get(p.slice(0, n).join('.'));
    if (line !== undefined) return line;
  }
  return 1;
}

/** Line of every value in a (valid) JSON text, by dotted path ("accounts.1.rootEmail"). */
function jsonLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const space = () => {
    while (i < text.length && /\s/.test(text[i]!)) {
      if (text[i] === '\n') line += 1;
      i += 1;
    }
  };
  const string = (): string => {
    const start = i;
    i += 1;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i += 1;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (p: string[]): void => {
    space();
    lines.set(p.join('.'), line);
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i += 1;
      space();
      for (let n = 0; text[i] !== close; n++) {
        if (c === '{') {
          const key = string();
          space();
          i += 1; // ':'
          value([...p, key]);
        } else {
          value([...p, String(n)]);
        }
        space();
        if (text[i] === ',') i += 1;
        space();
      }
      i += 1;
    } else if (c === '"') {
      string();
    } else {
      while (i < text.length && !/[,\]}\s]/.test(text[i]!)) i += 1;
    }
  };
  value([]);
  return lines;
}

const CSV_COLUMNS = ['accountId', 'alias', 'rootEmail', 'password', 'runbooks', 'keepRootPassword'];

/** CSV with a header row; `runbooks` lists names separated by spaces or semicolons; blank and `#` lines are skipped. */
function csvRows(text: string): Rows {
  const { records, problem } = csvRecords(text);
  if (problem) return { rows: [], problems: [problem] };
  const header = records.shift();
  if (!header)
    return { rows: [], problems: ['is empty: a CSV manifest starts with a header row (accountId,alias,rootEmail,password,runbooks)'] };
  const problems: string[] = [];
  const columns = header.fields.map((f) => f.trim());
  const unknown = columns.filter((c) => !CSV_COLUMNS.includes(c));
  if (unknown.length) {
    problems.push(
      `line ${header.line} (header): unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${c}"`).join(', ')}; known: ${CSV_COLUMNS.join(', ')}${unknown.some((c) => /pass|secret/i.test(c) && c !== 'password') ? ' (passwords never go in the manifest)' : ''}`,
    );
  }
  for (const required of ['rootEmail', 'password'])
    if (!columns.includes(required)) problems.push(`line ${header.line} (header): needs a "${required}" column`);
  if (!columns.includes('accountId') && !columns.includes('alias'))
    problems.push(`line ${header.line} (header): needs an "accountId" or an "alias" column`);
  if (problems.length) return { rows: [], problems };
  if (!records.length) return { rows: [], problems: ['lists no accounts (only a header row)'] };

  const rows: Row[] = [];
  for (const [n, record] of records.entries()) {
    const where = (p: string[]) => `line ${record.line} (row ${n + 1})${p.length ? `, ${p[0]}` : ''}`;
    if (record.fields.length !== columns.length) {
      problems.push(`${where([])}: has ${record.fields.length} fields, the header has ${columns.length}`);
      continue;
    }
    const value: Record<string, unknown> = {};
    for (const [c, column] of columns.entries()) {
      const field = record.fields[c]!.trim();
      if (field === '') continue;
      value[column] =
        column === 'runbooks'
          ? field.split(/[\s;]+/).filter(Boolean)
          : column === 'keepRootPassword'
            ? /^(true|yes|1)$/i.test(field)
              ? true
              : /^(false|no|0)$/i.test(field)
                ? false
                : field
            : field;
    }
    rows.push({ value, line: record.line, where });
  }
  return { rows, problems };
}

/** RFC 4180 records (csv-parse) with their starting line: quoted fields may hold commas, quotes ("") and newlines; a malformed file is one problem naming its line. */
function csvRecords(text: string): { records: Array<{ fields: string[]; line: number }>; problem?: string } {
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // With info on, each record comes as { record, info, raw }; csv-parse's types do not model that.
    parsed = parse(text, {
      info: true,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      comment: '#',
      comment_no_infix: true,
      record_delimiter: ['\r\n', '\n'],
    }) as unknown as typeof parsed;
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    return {
      records: [],
      problem: `line ${(err as CsvError & { lines?: number }).lines ?? '?'}: ${err.message.replace(/ at line \d+/, '')}`,
    };
  }
  const records = parsed
    // A row whose first field starts with "#" after spaces is a comment too (csv-parse knows only "#" at the line's start).
    .filter(({ record }) => !(record[0] ?? '').trimStart().startsWith('#') && !(record.length === 1 && record[0]!.trim() === ''))
    // csv-parse counts the line a record ends on; only a quoted field's line breaks make a record span lines, and the row is named by its first line.
    .map(({ record, info }) => ({ fields: record, line: info.lines - (record.join('').match(/\n/g)?.length ?? 0) }));
  return { records };
}
