import type { Logger } from 'pino';
import type { Config, RunbookNeed } from '../config/settings.ts';
import type { TargetAccount } from '../fixtures/account.ts';
import type { EvidenceRecord, Evidence } from '../lib/evidence/evidence.ts';
import type { IdcRunbookContext } from './context.ts';

/**
 * `defineRunbook`: what a runbook is, in one place. The operator CLI (--help, validation), fleets,
 * the new-account chain, `npm run checks`, the results table and the settings check all read it
 * from the registry (runbooks/registry.ts). This file imports nothing at run time, so a runbook
 * module and the registry can both import it.
 */

/** Settings or API readers a runbook needs beyond the shared ones (config/settings.ts, which checks them). */
export type { RunbookNeed };

/** What the procedure of an API-only runbook gets: no page, so no browser starts. */
export interface ApiRunbookContext {
  config: Config;
  account: TargetAccount;
  log: Logger;
  evidence: Evidence;
}

/**
 * The context a runbook of a kind is handed (console: `ctx.idc` is null unless it needs 'identity-center-api').
 * For "either kind" it is `never`: a procedure of the registry's list is called through the `runbook` fixture.
 */
export type ContextOf<K extends RunbookKind> = [K] extends ['api']
  ? ApiRunbookContext
  : [K] extends ['console']
    ? IdcRunbookContext
    : never;

export type RunbookKind = 'console' | 'api';

/** What the benchmark controls a run is worth to an auditor (recorded in the evidence). */
export type RunbookControl = EvidenceRecord['control'];

/** The fields a runbook module writes. */
export interface RunbookInput<K extends RunbookKind, C, R> {
  /** CLI name, `@tag`, evidence name, results-table row: lower-case words joined by hyphens. */
  name: string;
  /** Test title: the task as an operator reads it ("Assign a virtual MFA device to the root user"). */
  title: string;
  /** One line for `npm run runbook -- --help`. */
  summary: string;
  kind: K;
  /** The benchmark controls it satisfies (and does not), as recorded in each evidence bundle. */
  control: RunbookControl;
  /** The procedure: checks first, acts through page objects, verifies; what it answers is for tests and scripts. */
  procedure: (ctx: C) => Promise<R>;
  needs?: readonly RunbookNeed[];
  /** More tags for its test (`@mutating` and `@<name>` are always there). */
  tags?: readonly string[];
  /** Runs per account of a fleet manifest (`"runbooks": [...]`). Default false. */
  fleet?: boolean;
  /** Its place in the `new-account` chain (1, 2, …); unset: not part of it. */
  chain?: number;
  /** Part of the scheduled checks (`npm run checks`): it has a check mode that changes nothing. Default true. */
  checks?: boolean;
}

/** A defined runbook, as the registry lists it. */
export interface RunbookDefinition<K extends RunbookKind = RunbookKind, C = ContextOf<K>, R = unknown> {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly kind: K;
  readonly control: RunbookControl;
  readonly needs: readonly RunbookNeed[];
  readonly tags: readonly string[];
  readonly fleet: boolean;
  readonly chain?: number;
  readonly checks: boolean;
  /** The procedure, recording the runbook's name and control in the evidence before it starts. */
  readonly procedure: (ctx: C) => Promise<R>;
  /** Where it was defined: a built-in (its spec is runbooks/<name>.runbook.ts) or the file of RUNBOOK_EXTRA_MODULES. */
  readonly source: 'built-in' | string;
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A runbook definition that is wrong as written (a programming error, named with the runbook). */
export class RunbookDefinitionError extends Error {
  override name = 'RunbookDefinitionError';
}

/**
 * Defines a runbook. Its `procedure` records `name` and `control` in the evidence record first, so
 * whoever calls it (its spec, a fleet, a test) gets the same evidence.
 */
export function defineRunbook<K extends RunbookKind, C extends { evidence: Evidence }, R>(
  input: RunbookInput<K, C, R>,
): RunbookDefinition<K, C, R> {
  const problems: string[] = [];
  if (!NAME.test(input.name ?? '')) problems.push(`name ${JSON.stringify(input.name)} must be lower-case words joined by hyphens`);
  if (input.name === 'new-account') problems.push('name "new-account" is the chain of the runbooks that set "chain"');
  for (const field of ['title', 'summary'] as const)
    if (typeof input[field] !== 'string' || !input[field].trim()) problems.push(`${field} must be a non-empty string`);
  if (input.kind !== 'console' && input.kind !== 'api') problems.push(`kind ${JSON.stringify(input.kind)} must be "console" or "api"`);
  if (typeof input.procedure !== 'function') problems.push('procedure must be a function');
  if (!input.control || !Array.isArray(input.control.satisfies))
    problems.push('control must say what it satisfies ({ satisfies, doesNotSatisfy, note })');
  if (input.chain !== undefined && !(Number.isInteger(input.chain) && input.chain > 0))
    problems.push('chain must be a whole number from 1');
  if (problems.length) throw new RunbookDefinitionError(`Runbook ${input.name ?? '(no name)'} is not well defined: ${problems.join('; ')}`);
  const { procedure } = input;
  return Object.freeze({
    name: input.name,
    title: input.title,
    summary: input.summary,
    kind: input.kind,
    control: input.control,
    needs: Object.freeze([...(input.needs ?? [])]),
    tags: Object.freeze([...(input.tags ?? [])]),
    fleet: input.fleet ?? false,
    ...(input.chain === undefined ? {} : { chain: input.chain }),
    checks: input.checks ?? true,
    procedure: async (ctx: C) => {
      ctx.evidence.record.runbook = input.name;
      ctx.evidence.record.control = input.control;
      return procedure(ctx);
    },
    source: 'built-in',
  });
}

/**
 * A procedure whose module is loaded when it first runs. The built-ins' definitions (runbooks/<name>.ts) hold
 * only what the registry lists; their procedures, with the page objects and SDK clients they import, live in
 * runbooks/procedures/ and are loaded by the process that runs one (a worker), not by every process that reads
 * the registry (the operator command, the test runner, `--help`). An extra module may use it the same way.
 */
export function loadedOnFirstRun<C, R>(load: () => Promise<(ctx: C) => Promise<R>>): (ctx: C) => Promise<R> {
  let loaded: Promise<(ctx: C) => Promise<R>> | undefined;
  return async (ctx: C) => (await (loaded ??= load()))(ctx);
}

/** Whether a value is a definition made by `defineRunbook` (what an extra module must export). */
export function isRunbookDefinition(value: unknown): value is RunbookDefinition {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<RunbookDefinition>;
  return (
    typeof v.name === 'string' &&
    typeof v.procedure === 'function' &&
    (v.kind === 'console' || v.kind === 'api') &&
    typeof v.title === 'string'
  );
}
