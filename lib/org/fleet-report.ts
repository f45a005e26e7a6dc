import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PLAN_FILE, type FleetPlanFile } from './fleet-plan.ts';
import escapeHtml from 'escape-html';

/**
 * The fleet report (issue 13 item 4): `fleet-report.json` + `fleet-report.html` for auditors and
 * platform teams, one per fleet run, listing every account, its class, what was done, the result,
 * and a link to its evidence bundle. Built from the run's plan (fleet-classification.json) and its
 * state files (fleet-state/); `mergeFleetReports` joins the reports of several shards or machines
 * into one, the way `playwright merge-reports` does for blobs.
 */

export const REPORT_JSON = 'fleet-report.json';
export const REPORT_HTML = 'fleet-report.html';

const RunSchema = z.object({
  runbook: z.string(),
  /** removed, assigned, remediated, already-compliant, checked, failed… or "not run" (another shard's, or not yet). */
  result: z.string(),
  at: z.string().optional(),
  /** Relative to the report's folder. */
  evidenceFolder: z.string().optional(),
  error: z.string().optional(),
});
const AccountSchema = z.object({
  key: z.string(),
  accountId: z.string().optional(),
  alias: z.string().optional(),
  class: z.string(),
  path: z.string(),
  reason: z.string(),
  runs: z.array(RunSchema),
});
export const FleetReportSchema = z.object({
  schema: z.literal('aws-console-runbooks/fleet-report@1'),
  generatedAt: z.string(),
  organizationId: z.string().optional(),
  managementAccountId: z.string().optional(),
  features: z.array(z.string()).optional(),
  /** The reports (or run folders) this one was made from. */
  sources: z.array(z.string()),
  accounts: z.array(AccountSchema),
  totals: z.record(z.string(), z.number()),
});
export type FleetReport = z.infer<typeof FleetReportSchema>;
type ReportAccount = FleetReport['accounts'][number];
type ReportRun = ReportAccount['runs'][number];

interface StateRecord {
  account: string;
  runbook: string;
  result: string;
  at: string;
  evidenceFolder?: string;
  error?: string;
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${file} cannot be read as JSON: ${(err as Error).message}`, { cause: err });
  }
}

const relativeTo = (dir: string, folder: string | undefined): string | undefined =>
  folder ? path.relative(dir, path.resolve(dir, folder)) || '.' : undefined;

/** The report of one run folder (EVIDENCE_DIR): every planned account, with the runs its state files record. */
export async function buildRunReport(evidenceDir: string): Promise<FleetReport> {
  const dir = path.resolve(evidenceDir);
  const plan = await readJson<FleetPlanFile>(path.join(dir, PLAN_FILE));
  const stateDir = path.join(dir, 'fleet-state');
  const files = existsSync(stateDir) ? (await readdir(stateDir)).filter((f) => f.endsWith('.json')) : [];
  const states = (await Promise.all(files.map((f) => readJson<StateRecord>(path.join(stateDir, f))))).filter((s): s is StateRecord =>
    Boolean(s),
  );
  const byAccount = new Map<string, StateRecord[]>();
  for (const s of states) byAccount.set(s.account, [...(byAccount.get(s.account) ?? []), s]);

  const accounts: ReportAccount[] = [];
  const runsOf = (key: string, planned: string[]): ReportRun[] => {
    const recorded = byAccount.get(key) ?? [];
    const names = [...new Set([...planned, ...recorded.map((r) => r.runbook)])];
    return names.map((runbook) => {
      const s = recorded.find((r) => r.runbook === runbook);
      return s
        ? { runbook, result: s.result, at: s.at, evidenceFolder: relativeTo(dir, s.evidenceFolder), ...(s.error ? { error: s.error } : {}) }
        : { runbook, result: 'not run' };
    });
  };
  for (const c of plan?.accounts ?? []) {
    accounts.push({
      key: c.key,
      accountId: c.accountId,
      alias: c.alias,
      class: c.kind,
      path: c.path,
      reason: c.reason,
      runs: runsOf(c.key, c.runbooks),
    });
    byAccount.delete(c.key);
  }
  // State of accounts the plan does not list (an older plan, a fleet run without one).
  for (const key of byAccount.keys()) {
    accounts.push({
      key,
      accountId: /^\d{12}$/.test(key) ? key : undefined,
      class: 'unknown',
      path: 'console',
      reason: "not in this run's classification",
      runs: runsOf(key, []),
    });
  }
  return finish({
    generatedAt: new Date().toISOString(),
    organizationId: plan?.organizationId,
    managementAccountId: plan?.managementAccountId,
    features: plan?.features,
    sources: [dir],
    accounts,
  });
}

function finish(report: Omit<FleetReport, 'schema' | 'totals'>): FleetReport {
  const totals: Record<string, number> = { accounts: report.accounts.length };
  for (const a of report.accounts) for (const r of a.runs) totals[r.result] = (totals[r.result] ?? 0) + 1;
  return { schema: 'aws-console-runbooks/fleet-report@1', ...report, totals };
}

/** Writes fleet-report.json and fleet-report.html into `dir` (each atomically); answers the HTML file. */
export async function writeReport(dir: string, report: FleetReport): Promise<string> {
  await mkdir(dir, { recursive: true });
  const put = async (name: string, text: string) => {
    const file = path.join(dir, name);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, file);
    return file;
  };
  await put(REPORT_JSON, `${JSON.stringify(report, null, 2)}\n`);
  return put(REPORT_HTML, renderHtml(report));
}

/** Builds and writes the report of one fleet run (bin/runbook.ts, when a fleet ends). */
export async function writeRunReport(evidenceDir: string): Promise<string> {
  return writeReport(evidenceDir, await buildRunReport(evidenceDir));
}

const rank = (r: ReportRun): number => (r.result === 'not run' ? 0 : 1);

/**
 * Merges the reports of several shards or machines: each source is a folder with a fleet-report.json
 * (else a run folder, whose report is built), or the JSON file itself. An account's runs are joined by
 * runbook: a run beats "not run", a later run an earlier one. Evidence links are rewritten relative to `outDir`.
 */
export async function mergeFleetReports(sources: string[], outDir: string): Promise<{ report: FleetReport; html: string }> {
  const out = path.resolve(outDir);
  const accounts = new Map<string, ReportAccount>();
  let header: Pick<FleetReport, 'organizationId' | 'managementAccountId' | 'features'> = {};
  const names: string[] = [];
  for (const source of sources) {
    const isFile = existsSync(source) && statSync(source).isFile();
    const dir = path.resolve(isFile ? path.dirname(source) : source);
    if (!existsSync(source)) throw new Error(`fleet-report: ${source} does not exist`);
    const json = isFile ? path.resolve(source) : path.join(dir, REPORT_JSON);
    const raw = existsSync(json) ? await readJson<unknown>(json) : await buildRunReport(dir);
    const parsed = FleetReportSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`fleet-report: ${json} is not a fleet report:\n${z.prettifyError(parsed.error)}`);
    const report = parsed.data;
    names.push(...report.sources);
    if (report.organizationId && !header.organizationId)
      header = { organizationId: report.organizationId, managementAccountId: report.managementAccountId, features: report.features };
    for (const a of report.accounts) {
      const runs = a.runs.map((r) => ({
        ...r,
        evidenceFolder: r.evidenceFolder ? path.relative(out, path.resolve(dir, r.evidenceFolder)) : undefined,
      }));
      const known = accounts.get(a.key);
      if (!known) {
        accounts.set(a.key, { ...a, runs });
        continue;
      }
      if (known.class === 'unknown' && a.class !== 'unknown')
        Object.assign(known, { class: a.class, path: a.path, reason: a.reason, accountId: a.accountId ?? known.accountId });
      for (const r of runs) {
        const i = known.runs.findIndex((k) => k.runbook === r.runbook);
        if (i < 0) known.runs.push(r);
        else if (rank(r) > rank(known.runs[i]!) || (rank(r) === rank(known.runs[i]!) && (r.at ?? '') > (known.runs[i]!.at ?? '')))
          known.runs[i] = r;
      }
    }
  }
  const report = finish({ generatedAt: new Date().toISOString(), ...header, sources: names, accounts: [...accounts.values()] });
  return { report, html: await writeReport(out, report) };
}

const esc = (s: string): string => escapeHtml(s);

function renderHtml(report: FleetReport): string {
  const rows = report.accounts
    .map((a) => {
      const who = a.accountId ? `${a.accountId}${a.alias ? ` (${a.alias})` : ''}` : a.key;
      const runs = a.runs
        .map((r) => {
          const link = r.evidenceFolder
            ? ` <a href="${esc(encodeURI(`${r.evidenceFolder.split(path.sep).join('/')}/index.html`))}">evidence</a>`
            : '';
          return `<li><b>${esc(r.runbook)}</b>: <span class="r-${esc(r.result.replace(/\W+/g, '-'))}">${esc(r.result)}</span>${r.at ? ` <small>${esc(r.at)}</small>` : ''}${link}${r.error ? `<br><small>${esc(r.error)}</small>` : ''}</li>`;
        })
        .join('');
      return `<tr><td>${esc(who)}</td><td>${esc(a.class)}</td><td>${esc(a.path)}</td><td><ul>${runs}</ul></td><td>${esc(a.reason)}</td></tr>`;
    })
    .join('\n');
  const totals = Object.entries(report.totals)
    .map(([k, v]) => `${esc(k)}: ${v}`)
    .join(' · ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fleet report</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}ul{margin:0;padding-left:1rem}.r-failed{color:#b00}.r-removed,.r-assigned,.r-remediated,.r-already-compliant{color:#060}</style>
</head><body>
<h1>Fleet report</h1>
<p>${report.organizationId ? `Organization ${esc(report.organizationId)} (management account ${esc(report.managementAccountId ?? '?')}; features: ${esc((report.features ?? []).join(', ') || 'none')})` : 'No organization classified'}.
Generated ${esc(report.generatedAt)} from ${report.sources.length} source${report.sources.length === 1 ? '' : 's'}.</p>
<p>${totals}</p>
<table><thead><tr><th>Account</th><th>Class</th><th>Path</th><th>What was done</th><th>Why</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
