import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { errors, expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { shapeMatch } from './shape-match.ts';
import { scrubTemplate, scrubText } from './aria-scrub.ts';
import type { Evidence } from '../evidence/evidence.ts';
import { SecretMatcher, type KnownSecret } from '../evidence/leaks.ts';
import { DRIFT_ATTACHMENT } from './attachment.ts';

/** How long a page object waits for a page it knows before calling the page unknown (issue 11: a run fails within 10 s). */
export const UNKNOWN_PAGE_TIMEOUT_MS = 10_000;
/** The unknown page's aria snapshot, scrubbed and redacted, in the evidence bundle: what an operator sends in. */
export const UNKNOWN_PAGE_FILE = 'unknown-page.aria.yml';
/** Lines of the unknown page's snapshot the drift report quotes (the whole snapshot is in UNKNOWN_PAGE_FILE). */
const QUOTED_SNAPSHOT_LINES = 25;

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
  /** The runbook step (or page-object step) that met the page, e.g. "Sign in as root". */
  step?: string;
  /** An unknown page: every locator of a state the page object knows, none of which showed. */
  tried?: string[];
  /** An unknown page: where its aria snapshot was saved (UNKNOWN_PAGE_FILE in the evidence bundle), relative to the repo. */
  unknownPage?: string;
  /** The difference, scrubbed of account ids, emails and secrets: "- expected" / "+ found" lines, or a sentence. */
  diff: string;
}

/** The console no longer looks the way a page object expects: a page changed, nothing is known to be broken on our side. */
export class ConsoleDriftError extends Error {
  override name = 'ConsoleDriftError';

  constructor(
    readonly details: DriftDetails,
    options?: ErrorOptions,
  ) {
    super(describeDrift(details), options);
  }
}

/** One paragraph: "<page object>: <what> \n <diff>". */
export function describeDrift(d: DriftDetails): string {
  const what = d.snapshot
    ? `the page no longer matches ${d.snapshot}`
    : d.tried
      ? `an unknown page, none of the ${d.tried.length} states ${d.pageObject} knows`
      : `nothing matches ${d.locator ?? 'the expected element'}`;
  const step = d.step ? `, step "${d.step}"` : '';
  return `Console drift on ${d.pageObject}${d.runbook ? ` (${d.runbook})` : ''}${step}: ${what}\n${d.diff}`;
}

/** The secrets (and runbook) of each browser context's run, so an unknown page's snapshot can be redacted of them (fixtures/trace.ts registers them). */
const runSecrets = new WeakMap<BrowserContext, { known(): KnownSecret[] }>();
const runRunbook = new WeakMap<BrowserContext, string>();

/**
 * Makes `unknownPage` redact every secret of `secrets` from snapshots of `context`'s pages, and name
 * `runbook` (the evidence record's) in its report: the test file need not be named after the runbook.
 */
export function redactUnknownPagesWith(context: BrowserContext, secrets: { known(): KnownSecret[] }, runbook?: string): void {
  runSecrets.set(context, secrets);
  if (runbook) runRunbook.set(context, runbook);
}

/** Scrubs (account ids, emails, key ids, long secrets, dates) and redacts (this run's secrets) a text for a report. */
function safeText(context: BrowserContext | undefined, text: string): string {
  const known = context ? (runSecrets.get(context)?.known() ?? []) : [];
  return scrubText(known.length ? new SecretMatcher(known).redact(text) : text);
}

/** Where the page is, without query or fragment (a portal invitation link carries its token there). */
function where(page: Page): string {
  return withoutQuery(page.url());
}

function withoutQuery(href: string): string {
  try {
    const url = new URL(href);
    if (url.origin !== 'null') return `${url.origin}${url.pathname}`;
  } catch {
    // not a URL: cut it by hand
  }
  return href.split(/[?#]/)[0]!;
}

/** The page's aria snapshot, its frames' after it (each under a `# frame` comment); a sentence when there is none. */
async function ariaOfPage(page: Page): Promise<string> {
  if (page.isClosed()) return '# the page was closed';
  const parts: string[] = [];
  parts.push(
    await page.ariaSnapshot({ timeout: 5_000 }).catch((err: Error) => `# no aria snapshot of the page: ${err.message.split('\n')[0]}`),
  );
  for (const frame of page.frames()) {
    if (frame === page.mainFrame() || frame.isDetached()) continue;
    const url = withoutQuery(frame.url());
    const yaml = await frame
      .locator(':root')
      .ariaSnapshot({ timeout: 2_000 })
      .catch((err: Error) => `# no aria snapshot: ${err.message.split('\n')[0]}`);
    parts.push(`# frame ${url}\n${yaml}`);
  }
  return parts.join('\n');
}

/** The current test's evidence bundle folder (fixtures/evidence.ts `bundleDir`), or undefined outside a test. */
function currentBundle(): string | undefined {
  try {
    return test.info().outputPath('bundle');
  } catch {
    return undefined;
  }
}

/** The runbook `checkStep` is running a step of (a worker runs one test at a time). */
let checkingRunbook: string | undefined;

/** The runbook of the current step: the one `checkStep` names, else the test file's base name (as fixtures/index.ts names it for the log). */
function currentRunbook(): string | undefined {
  if (checkingRunbook) return checkingRunbook;
  try {
    return path.basename(test.info().file).replace(/\.(runbook|spec)\.ts$/, '');
  } catch {
    return undefined;
  }
}

/** Drift errors already attached for the end-of-run report, so `checkStep` does not attach them twice. */
const attached = new WeakSet<ConsoleDriftError>();

async function attachDrift(drift: ConsoleDriftError): Promise<void> {
  try {
    await test.info().attach(DRIFT_ATTACHMENT, { contentType: 'application/json', body: JSON.stringify(drift.details) });
    attached.add(drift);
  } catch {
    // outside a test: nothing collects the report; the error itself still carries it
  }
}

/**
 * Throws ConsoleDriftError for the page as it is: runbook step · page object · locators tried · the
 * page's aria snapshot (main page and frames), scrubbed (lib/drift/aria-scrub.ts) and redacted of every secret
 * of the run, saved as `unknown-page.aria.yml` in the evidence bundle (sealed, hashed and leak-scanned
 * with it). The report is attached for the end-of-run drift block, so run mode exits 3 (drift) as check mode does.
 */
export async function unknownPage(
  page: Page,
  where_: { pageObject: string; step: string },
  tried: Array<Locator | string>,
  opts: { waitedMs?: number; cause?: unknown } = {},
): Promise<never> {
  const context = page.isClosed() ? undefined : page.context();
  const snapshot = safeText(context, await ariaOfPage(page));
  const locators = tried.map((t) => safeText(context, typeof t === 'string' ? t : t.toString()));
  const bundle = currentBundle();
  let saved: string | undefined;
  if (bundle) {
    await mkdir(bundle, { recursive: true });
    const file = path.join(bundle, UNKNOWN_PAGE_FILE);
    const header = [
      // The step can name the account ("Sign in as root of 111122223333"): scrubbed like the rest of the file.
      `# An unknown console page: ${where_.pageObject} knows none of it (step "${safeText(context, where_.step)}").`,
      `# At ${safeText(context, where(page))}; account ids, emails, key ids, dates and every secret of the run are replaced.`,
      '# Locators tried:',
      ...locators.map((l) => `#   ${l}`),
    ];
    await writeFile(file, `${header.join('\n')}\n${snapshot}\n`, { mode: 0o644 });
    saved = rel(file);
  }
  const waited = opts.waitedMs !== undefined ? ` within ${opts.waitedMs / 1000} s` : '';
  const lines = snapshot.split('\n');
  const diff = [
    `  at ${safeText(context, where(page))}, none of these showed${waited}:`,
    ...locators.map((l) => `    ${l}`),
    `  the page as it is${saved ? ` (whole, scrubbed and redacted, in ${saved})` : ''}:`,
    ...lines.slice(0, QUOTED_SNAPSHOT_LINES).map((l) => `    ${l}`),
    ...(lines.length > QUOTED_SNAPSHOT_LINES ? [`    … and ${lines.length - QUOTED_SNAPSHOT_LINES} more lines`] : []),
  ].join('\n');
  const drift = new ConsoleDriftError(
    {
      runbook: checkingRunbook ?? (context && runRunbook.get(context)) ?? currentRunbook(),
      pageObject: where_.pageObject,
      step: where_.step,
      locator: locators.join(' | '),
      tried: locators,
      unknownPage: saved,
      diff,
    },
    opts.cause === undefined ? undefined : { cause: opts.cause },
  );
  await attachDrift(drift);
  throw drift;
}

const rel = (file: string): string => path.relative(process.cwd(), file) || file;
const updating = (): boolean => ['all', 'changed'].includes(test.info().config.updateSnapshots);

function shorten(lines: string[]): string {
  const shown = lines.slice(0, MAX_DIFF_LINES).map((l) => `  ${scrubText(l)}`);
  if (lines.length > MAX_DIFF_LINES) shown.push(`  … and ${lines.length - MAX_DIFF_LINES} more`);
  return shown.join('\n');
}

/** How long a shape check waits for the page to settle into its recorded shape unless told (SHAPE_TIMEOUT_SECONDS's default). */
const SHAPE_TIMEOUT_MS = 15_000;

/**
 * What a shape is compared on: the whole page (body), so a page without a <main> landmark is compared
 * from its body and a template's `- main:` is matched inside it or, when there is none, flattened
 * (lib/drift/shape-match.ts `shapeMatch`). A Locator other than the main landmark (a dialog) is compared as given.
 * Recording (`--update-snapshots`) takes the main landmark, as the recorded templates were.
 */
function shapeScope(scope: Locator | Page): { compared: Locator; recorded: Locator } {
  const isPage = typeof (scope as Page).mainFrame === 'function';
  const page = isPage ? (scope as Page) : (scope as Locator).page();
  const main = page.getByRole('main');
  if (isPage) return { compared: page.locator('body'), recorded: main }; // raw selector: the document's body, which has no role
  const locator = scope as Locator;
  return locator.toString() === main.toString()
    ? { compared: page.locator('body'), recorded: locator }
    : { compared: locator, recorded: locator };
}

/**
 * Asserts that the page (or `scope`) still has the shape recorded in `pages/__aria__/<snapshot>.aria.yml`
 * (partial template: ids, dates and rows do not count), ignoring markup: spacing and non-breaking
 * spaces, case and the §7 label variants, links written as buttons, the role of a notification,
 * wrappers, a missing <main> landmark (lib/drift/shape-match.ts `shapeMatch`). Pass the Page to compare the
 * whole page, or a Locator (a dialog) to compare only it; `getByRole('main')` means the whole page too.
 * A mismatch throws ConsoleDriftError naming the page object, the file and the difference. With
 * `--update-snapshots` it re-records the file from the main landmark (or the Locator) and scrubs it
 * (account ids, emails, keys, dates become patterns) before anything else reads it.
 */
export async function expectShape(
  pageObject: string,
  scope: Locator | Page,
  snapshot: string,
  opts: { timeoutMs?: number } = {},
): Promise<void> {
  const info = test.info();
  const name = `${snapshot}.aria.yml`;
  const file = info.snapshotPath(name, { kind: 'aria' });
  const target = shapeScope(scope);
  if (updating() && info.project.name === 'tests') {
    // The suite's drift tests show changed pages on purpose: recording them would bless the drift.
    throw new Error(
      `Page shapes are recorded by the checks, not the test suite: run "npm run checks -- --update-snapshots" to re-record ${rel(file)}`,
    );
  }
  if (!existsSync(file) && info.config.updateSnapshots !== 'all') {
    throw new Error(
      `${pageObject} has no recorded page shape at ${rel(file)}: record it with "npm run checks -- --update-snapshots=all" and review it (README, "Scheduled checks")`,
    );
  }
  if (updating()) {
    await expect(target.recorded, `${pageObject} has the shape recorded in ${rel(file)}`).toMatchAriaSnapshot({ name });
    if (existsSync(file)) await writeFile(file, scrubTemplate(await readFile(file, 'utf8')));
    return;
  }
  const template = await readFile(file, 'utf8');
  const timeout = opts.timeoutMs ?? SHAPE_TIMEOUT_MS;
  let last: { ok: boolean; lines: string[] } | undefined;
  try {
    // Retried until the page settles (content that arrives late), as Playwright's own matcher is.
    await expect(async () => {
      last = shapeMatch(template, await target.compared.ariaSnapshot({ timeout: 5_000 }));
      expect(last.ok, `${pageObject} has the shape recorded in ${rel(file)}`).toBe(true);
    }).toPass({ timeout: Math.max(timeout, 1_000), intervals: [100, 250, 500, 1_000] });
  } catch (err) {
    const lines = last?.lines.length
      ? last.lines
      : [
          stripVTControlCharacters((err as Error).message)
            .split('\n')
            .find((l) => l.trim()) ?? 'no aria snapshot',
        ];
    throw new ConsoleDriftError({ pageObject, snapshot: rel(file), diff: shorten(lines) }, { cause: err });
  }
}

/** Check mode: waits for a part the page object relies on (up to the shape bound); when it does not come, that is drift naming the locator. */
export async function expectPart(pageObject: string, part: Locator, timeoutMs = SHAPE_TIMEOUT_MS): Promise<void> {
  try {
    await part.waitFor({ timeout: timeoutMs });
  } catch (err) {
    if (!(err instanceof errors.TimeoutError)) throw err;
    throw new ConsoleDriftError(
      { pageObject, locator: part.toString(), diff: `  nothing matched within ${timeoutMs / 1000} s` },
      { cause: err },
    );
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
  const frame = (err.stack ?? '')
    .split('\n')
    .map((l) => /\(?([^()\s]*[\\/]pages[\\/][^():\s]+\.ts):(\d+):\d+\)?$/.exec(l))
    .find((m): m is RegExpExecArray => m !== null && !/[\\/]components[\\/]/.test(m[1]!));
  if (!frame) return undefined;
  const pageObject = classAt(frame[1]!, Number(frame[2])) ?? path.basename(frame[1]!, '.ts');
  const message = stripVTControlCharacters(err.message);
  const locator = /waiting for (.+?)(?: to be (?:visible|attached|hidden|detached))?$/m.exec(message)?.[1];
  return new ConsoleDriftError(
    { pageObject, locator: locator && scrubText(locator), diff: `  ${scrubText(message.split('\n')[0]!)}` },
    { cause: err },
  );
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
  const outer = checkingRunbook;
  checkingRunbook = runbook;
  try {
    return await body();
  } catch (err) {
    const found = err instanceof ConsoleDriftError ? err : driftFromTimeout(err);
    if (!found) throw err;
    if (attached.has(found)) {
      evidence.record.result = 'drift';
      evidence.record.error ??= found.message.split('\n')[0];
      throw found;
    }
    const drift = found.details.runbook ? found : new ConsoleDriftError({ ...found.details, runbook }, { cause: found.cause });
    await test.info().attach(DRIFT_ATTACHMENT, { contentType: 'application/json', body: JSON.stringify(drift.details) });
    evidence.record.result = 'drift';
    evidence.record.error ??= drift.message.split('\n')[0];
    throw drift;
  } finally {
    checkingRunbook = outer;
  }
}
