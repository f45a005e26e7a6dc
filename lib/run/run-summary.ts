import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { DriftDetails } from '../drift/drift.ts';

/** Exit codes of the operator commands (`npm run runbook`, `npm run checks`). */
export const EXIT = {
  ok: 0,
  /** A runbook (or check) failed for another reason than console drift. */
  failed: 1,
  /** Bad settings or arguments: nothing was started. */
  badConfig: 2,
  /** Every failure was console drift: a page changed; the runbooks are not known to be broken otherwise. */
  drift: 3,
} as const;

/** One failed test as the reporter saw it. */
export interface FailedTest {
  title: string;
  project: string;
  /** `drift` when every error of the test was a ConsoleDriftError. */
  kind: 'drift' | 'failure';
  /** Error names, e.g. ["ConsoleDriftError"]. */
  errors: string[];
  drift: DriftDetails[];
}

/** What fixtures/reporter.ts writes to RUNBOOK_SUMMARY_FILE when the run ends; the CLIs read it to choose the exit code. */
export interface RunSummaryFile {
  status: string;
  failed: FailedTest[];
  /** Errors outside any test (a file that does not load, a global setup that throws). */
  otherErrors: number;
}

/** The name of an error as Playwright's reporter API passes it ("ConsoleDriftError: …" starts its message). */
export function errorName(error: { message?: string; stack?: string }): string {
  const head = stripVTControlCharacters(error.stack ?? error.message ?? '');
  return /^([A-Z]\w*(?:Error|Exception))\b/.exec(head)?.[1] ?? 'Error';
}

/** A fresh path for the reporter's summary of one run (passed to it as RUNBOOK_SUMMARY_FILE). */
export function newSummaryFile(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'runbook-run-')), 'summary.json');
}

/**
 * The exit code of an operator command from Playwright's: 0 and 2 pass through; a failed run whose
 * failures are all console drift is 3; anything else is 1. Without a summary (the run died before
 * the reporter wrote it) a failure stays 1.
 */
export function exitCodeFor(playwrightCode: number | null, summaryFile: string): number {
  if (playwrightCode === EXIT.ok || playwrightCode === EXIT.badConfig) return playwrightCode;
  let summary: RunSummaryFile;
  try {
    summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as RunSummaryFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return EXIT.failed;
    throw err;
  }
  const allDrift = summary.failed.length > 0 && summary.otherErrors === 0 && summary.failed.every((t) => t.kind === 'drift');
  return allDrift ? EXIT.drift : EXIT.failed;
}
