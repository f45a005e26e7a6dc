import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { TestCase, TestResult } from '@playwright/test/reporter';

/**
 * The table that ends an operator run (fixtures/reporter.ts): one row per runbook run, with its
 * outcome and evidence folder; then the vault file of each captured seed. Also its parser, for
 * tests and scripts that read a run's output.
 */

/** One runbook run as the table shows it. */
export interface ResultRow {
  runbook: string;
  account: string;
  /** assigned, remediated, already-compliant, checked, drift, failed, skipped (done on …). */
  result: string;
  /** Device serial, the error's first line, or what an earlier run did. */
  detail?: string;
  evidenceFolder?: string;
  vaultFile?: string;
  /** Fingerprint of the key that signed the evidence. */
  signer?: string;
}

/** The `runbook-summary` attachment: the evidence fixture's after a run, the fleet's for a skipped account. */
interface RunbookSummary {
  runbook: string;
  account: string;
  result: string;
  deviceSerial?: string;
  detail?: string;
  vaultFile?: string;
  evidenceFolder?: string;
  signer?: string;
}

/** The row of one finished runbook test: its summary attachment, else what the test itself says (a run that failed before evidence began). */
export function resultRow(test: TestCase, result: TestResult): ResultRow {
  const attached = result.attachments.find((a) => a.name === 'runbook-summary' && a.body);
  const summary = attached ? (JSON.parse(attached.body!.toString()) as RunbookSummary) : undefined;
  const failed = result.status === 'failed' || result.status === 'timedOut';
  return {
    runbook:
      test.annotations.find((a) => a.type === 'runbook')?.description ??
      summary?.runbook ??
      path.basename(test.location.file).replace(/\.(runbook|spec)\.ts$/, ''),
    // A fleet test names its account (with its alias); a single run's summary has the id or the email.
    account: test.annotations.find((a) => a.type === 'account')?.description ?? summary?.account ?? '',
    // A check that met console drift failed, but its record says what kind of failure: `drift`.
    result: failed ? (summary?.result === 'drift' ? 'drift' : 'failed') : (summary?.result ?? result.status),
    detail: failed ? result.errors[0]?.message?.split('\n').find((l) => l.trim()) : (summary?.detail ?? summary?.deviceSerial),
    evidenceFolder: summary?.evidenceFolder,
    vaultFile: summary?.vaultFile,
    signer: summary?.signer,
  };
}

const HEADERS = ['runbook', 'account', 'result', 'device serial / detail', 'evidence folder'];
const EMPTY = '—';
const MAX_DETAIL = 90;

/** One line per cell: no control characters, no runs of spaces (two spaces separate columns). */
function cell(value: string | undefined, max = Infinity): string {
  const text = stripVTControlCharacters(value ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return EMPTY;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The table's lines: header, rule, one row per run; then `vault file  <path>  (<runbook> · <account>)`
 * per seed, and `signed by  <fingerprint>` per signing key with how to check a bundle.
 */
export function renderResultsTable(
  rows: ResultRow[],
  relative: (file: string) => string = (f) => f,
  order: readonly string[] = [],
): string[] {
  // Grouped by account, then runbook in `order` (the registry's: the order a new account goes through them), whatever
  // order the workers finished in; runs that never started (no account known) come last.
  const rank = (r: ResultRow) => {
    const i = order.indexOf(r.runbook);
    return i < 0 ? order.length : i;
  };
  const accountKey = (r: ResultRow) => r.account || '\uffff';
  const sorted = [...rows].sort(
    (a, b) => accountKey(a).localeCompare(accountKey(b)) || rank(a) - rank(b) || a.runbook.localeCompare(b.runbook),
  );
  const cells = sorted.map((r) => [
    cell(r.runbook),
    cell(r.account),
    cell(r.result),
    cell(r.detail, MAX_DETAIL),
    cell(r.evidenceFolder && relative(r.evidenceFolder)),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!))).join('  ');
  const vault = sorted
    .filter((r) => r.vaultFile)
    .map((r) => `vault file  ${relative(r.vaultFile!)}  (${cell(r.runbook)} · ${cell(r.account)})`);
  const signers = [...new Set(rows.flatMap((r) => (r.signer && r.evidenceFolder ? [r.signer] : [])))].map((signer) => {
    const folder = rows.find((r) => r.signer === signer)!.evidenceFolder!;
    return `signed by   ${signer}  (check a bundle: npm run verify -- ${relative(folder)})`;
  });
  const after = [...vault, ...signers];
  return [line(HEADERS), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line), ...(after.length ? ['', ...after] : [])];
}

/** The rows of the results table in a run's output (the last table, if several); vault files are not read back. */
export function parseResultsTable(output: string): ResultRow[] {
  const lines = output.split('\n');
  let header = -1;
  lines.forEach((l, i) => {
    if (l.startsWith('runbook  ') && l.includes('evidence folder')) header = i;
  });
  if (header < 0) return [];
  const rows: ResultRow[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.trim()) break;
    const [runbook, account, result, detail, evidenceFolder] = line
      .trim()
      .split(/ {2,}/)
      .map((c) => (c === EMPTY ? undefined : c));
    rows.push({ runbook: runbook!, account: account!, result: result!, detail, evidenceFolder });
  }
  return rows;
}
