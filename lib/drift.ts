import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errors, expect, test, type Locator } from '@playwright/test';
import { shapeDiff } from './aria-diff.ts';
import { scrubTemplate, scrubText } from './aria-scrub.ts';
import type { Evidence } from './evidence.ts';
import { DRIFT_ATTACHMENT } from './run-summary.ts';

/** Lines of difference a drift report shows at most. */
const MAX_DIFF_LINES = 12;

/** What changed on a console page, in words: which page object, which recorded shape or locator, and how. */
export interface DriftDetails {
  /** The runbook that met it; set by `checkStep` (page objects do not know their runbook). */
  runbook?: string;
  /** The page object whose page changed, e.g. "AssignMfaWizard". */
  pageObject: string;
  /** The recorded shape the page no longer matches, relative to the repo: "pages/__aria__/….aria.yml". */
  snapshot?: string;
  /** The locator that found nothing, as Playwright prints it. */
  locator?: string;
  /** The difference, scrubbed of account ids, emails and secrets: "- expected" / "+ found" lines, or a sentence. */
  diff: string;
}

/** The console no longer looks the way a page object expects: a page changed, nothing is known to be broken on our side. */
export class ConsoleDriftError extends Error {
  override name = 'ConsoleDriftError';

  constructor(readonly details: DriftDetails, options?: ErrorOptions) {
    super(describeDrift(details), options);
  }
}

/** One paragraph: "<page object>: <what> \n <diff>". */
export function describeDrift(d: DriftDetails): string {
  const what = d.snapshot ? `the page no longer matches ${d.snapshot}` : `nothing matches ${d.locator ?? 'the expected element'}`;
  return `Console drift on ${d.pageObject}${d.runbook ? ` (${d.runbook})` : ''}: ${what}\n${d.diff}`;
}

const ANSI = /\u001b\[[0-9;]*m/g;
const rel = (file: string): string => path.relative(process.cwd(), file) || file;
const updating = (): boolean => ['all', 'changed'].includes(test.info().config.updateSnapshots);

/** Playwright's own diff from an assertion message, trimmed: for changes the short diff cannot name (order, nesting). */
function playwrightDiff(message: string): string[] {
  const plain = message.replace(ANSI, '');
  const body = plain.split(/\n\s*Call log:/)[0]!.split('\n');
  const start = body.findIndex((l) => /^\s*\+ Received/.test(l));
  return ['(the same entries, in another order or nesting; Playwright\'s diff:)', ...body.slice(start + 1).filter((l) => /^\s*[-+]/.test(l))];
}

function shorten(lines: string[]): string {
  const shown = lines.slice(0, MAX_DIFF_LINES).map((l) => `  ${scrubText(l)}`);
  if (lines.length > MAX_DIFF_LINES) shown.push(`  … and ${lines.length - MAX_DIFF_LINES} more`);
  return shown.join('\n');
}

/**
 * Asserts that `scope` still has the shape recorded in `pages/__aria__/<snapshot>.aria.yml`
 * (partial template: ids, dates and rows do not count). A mismatch throws ConsoleDriftError naming
 * the page object, the file and the difference. With `--update-snapshots` it re-records the file
 * and scrubs it (account ids, emails, keys, dates become patterns) before anything else reads it.
 */
export async function expectShape(pageObject: string, scope: Locator, snapshot: string): Promise<void> {
  const info = test.info();
  const name = `${snapshot}.aria.yml`;
  const file = info.snapshotPath(name, { kind: 'aria' });
  if (updating() && info.project.name === 'tests') {
    // The suite's drift tests show changed pages on purpose: recording them would bless the drift.
    throw new Error(`Page shapes are recorded by the checks, not the test suite: run "npm run checks -- --update-snapshots" to re-record ${rel(file)}`);
  }
  if (!existsSync(file) && info.config.updateSnapshots !== 'all') {
    throw new Error(`${pageObject} has no recorded page shape at ${rel(file)}: record it with "npm run checks -- --update-snapshots=all" and review it (README, "Scheduled checks")`);
  }
  try {
    await expect(scope, `${pageObject} has the shape recorded in ${rel(file)}`).toMatchAriaSnapshot({ name });
  } catch (err) {
    const result = (err as { matcherResult?: { actual?: unknown; expected?: unknown } }).matcherResult;
    const template = typeof result?.expected === 'string' ? result.expected : await readFile(file, 'utf8');
    const page = typeof result?.actual === 'string' ? result.actual : '';
    const lines = page ? shapeDiff(template, page) : [];
    const diff = shorten(lines.length ? lines : page ? playwrightDiff((err as Error).message) : [(err as Error).message.replace(ANSI, '').split('\n').find((l) => l.trim()) ?? 'no aria snapshot']);
    throw new ConsoleDriftError({ pageObject, snapshot: rel(file), diff }, { cause: err });
  }
  if (updating() && existsSync(file)) await writeFile(file, scrubTemplate(await readFile(file, 'utf8')));
}

/** Check mode: waits for a part the page object relies on; when it does not come, that is drift naming the locator. */
export async function expectPart(pageObject: string, part: Locator, timeoutMs = 10_000): Promise<void> {
  try {
    await part.waitFor({ timeout: timeoutMs });
  } catch (err) {
    if (!(err instanceof errors.TimeoutError)) throw err;
    throw new ConsoleDriftError({ pageObject, locator: part.toString(), diff: `  nothing matched within ${timeoutMs / 1000} s` }, { cause: err });
  }
}

/**
 * A Playwright timeout raised inside a page object (pages/…) as drift: the page object is the class
 * around the first stack frame under pages/, the locator the one the call log waited for.
 */
export function driftFromTimeout(err: unknown): ConsoleDriftError | undefined {
  if (!(err instanceof errors.TimeoutError)) return undefined;
  // The first frame in a page object (pages/, not the shared widgets in pages/components/). Playwright
  // keeps only file:line of it (the step callbacks are anonymous), so the class is read from the source.
  const frame = (err.stack ?? '').split('\n')
    .map((l) => /\(?([^()\s]*[\\/]pages[\\/][^():\s]+\.ts):(\d+):\d+\)?$/.exec(l))
    .find((m): m is RegExpExecArray => m !== null && !/[\\/]components[\\/]/.test(m[1]!));
  if (!frame) return undefined;
  const pageObject = classAt(frame[1]!, Number(frame[2])) ?? path.basename(frame[1]!, '.ts');
  const message = err.message.replace(ANSI, '');
  const locator = /waiting for (.+?)(?: to be (?:visible|attached|hidden|detached))?$/m.exec(message)?.[1];
  return new ConsoleDriftError({ pageObject, locator: locator && scrubText(locator), diff: `  ${scrubText(message.split('\n')[0]!)}` }, { cause: err });
}

/** The class a source line belongs to: the last `class X` declared above it. */
function classAt(file: string, line: number): string | undefined {
  const above = readFileSync(file, 'utf8').split('\n').slice(0, line);
  for (let i = above.length - 1; i >= 0; i--) {
    const declared = /^(?:export )?(?:abstract )?class (\w+)/.exec(above[i]!);
    if (declared) return declared[1];
  }
  return undefined;
}

/**
 * Check mode: runs one runbook step; drift met inside it gets the runbook's name, a locator timeout
 * inside a page object becomes drift, and either is attached for the end-of-run drift report. The
 * evidence record's result becomes `drift` (not `failed`) and its error the drift's first line.
 */
export async function checkStep<T>(runbook: string, evidence: Pick<Evidence, 'record'>, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    const found = err instanceof ConsoleDriftError ? err : driftFromTimeout(err);
    if (!found) throw err;
    const drift = found.details.runbook ? found : new ConsoleDriftError({ ...found.details, runbook }, { cause: found.cause });
    await test.info().attach(DRIFT_ATTACHMENT, { contentType: 'application/json', body: JSON.stringify(drift.details) });
    evidence.record.result = 'drift';
    evidence.record.error ??= drift.message.split('\n')[0];
    throw drift;
  }
}
