/**
 * Benchmark: a fleet of root-mfa runs on the replica, through the operator command, 2 workers.
 * Prints accounts per minute (goal ≥ 30) and peak memory per worker (goal ≤ 250 MB).
 * Run: npm run bench:fleet   (BENCH_ACCOUNTS=40 for a bigger fleet, BENCH_WORKERS=n for other widths)
 *
 * What is counted, sampled from /proc every 250 ms over the process tree of the run:
 * - worker (node): the Playwright worker process's resident set, VmRSS (what process.memoryUsage().rss
 *   reports inside it), and its own high-water mark VmHWM, which the kernel keeps between samples;
 * - its browser: every Chromium process under that worker, summed as PSS (shared pages split between
 *   the processes sharing them, so the sum is not inflated) and as RSS (shared pages counted in each);
 * - per worker: the peak of worker RSS + browser PSS at one instant;
 * - apart: the runner process, and the operator command that also hosts the shared replica.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';
import { parseResultsTable } from '../lib/results-table.ts';
import { childEnv, REPO } from '../tests/helpers/spawn.ts';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 20);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const SAMPLE_MS = 250;

interface Proc { pid: number; ppid: number; cmd: string }

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after the last ")".
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(entry), ppid: Number(fields[1]), cmd: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      continue; // the process ended between readdir and read: nothing to count
    }
  }
  return out;
}

/** kB fields of /proc/<pid>/status and smaps_rollup; zeros when the process is gone. */
function memory(pid: number): { rss: number; hwm: number; pss: number } {
  const field = (text: string, name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return { rss: field(status, 'VmRSS'), hwm: field(status, 'VmHWM'), pss: field(rollup, 'Pss') };
  } catch {
    return { rss: 0, hwm: 0, pss: 0 };
  }
}

interface WorkerPeak { nodeRss: number; nodeHwm: number; browserPss: number; browserRss: number; total: number }

/** Samples the tree under `root` until stopped; peaks per worker pid (workers restart after a failure: each pid is one). */
function sampler(root: number) {
  const workers = new Map<number, WorkerPeak>();
  const apart = { cli: 0, runner: 0 };
  const tick = () => {
    const all = processes();
    const children = new Map<number, Proc[]>();
    for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
    const below = (pid: number): Proc[] => (children.get(pid) ?? []).flatMap((c) => [c, ...below(c.pid)]);
    apart.cli = Math.max(apart.cli, memory(root).rss);
    for (const p of below(root)) {
      if (/@playwright\/test\/cli\.js test/.test(p.cmd)) apart.runner = Math.max(apart.runner, memory(p.pid).rss);
      if (!/workerProcessEntry/.test(p.cmd)) continue;
      const node = memory(p.pid);
      const browser = below(p.pid).map((b) => memory(b.pid));
      const browserPss = browser.reduce((n, m) => n + m.pss, 0);
      const browserRss = browser.reduce((n, m) => n + m.rss, 0);
      const peak = workers.get(p.pid) ?? { nodeRss: 0, nodeHwm: 0, browserPss: 0, browserRss: 0, total: 0 };
      workers.set(p.pid, {
        nodeRss: Math.max(peak.nodeRss, node.rss),
        nodeHwm: Math.max(peak.nodeHwm, node.hwm),
        browserPss: Math.max(peak.browserPss, browserPss),
        browserRss: Math.max(peak.browserRss, browserRss),
        total: Math.max(peak.total, node.rss + browserPss),
      });
    }
  };
  const timer = setInterval(tick, SAMPLE_MS);
  return { stop: () => { clearInterval(timer); tick(); return { workers, apart }; } };
}

test(`fleet of ${ACCOUNTS} root-mfa runs, ${WORKERS} workers`, async () => {
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-fleet-'));
  const manifest = path.join(work, 'fleet.json');
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({ accountId: `7000000${String(i).padStart(5, '0')}`, rootEmail: `root+bench${i}@example.com`, password: 'replica' }));
  await writeFile(manifest, JSON.stringify({ accounts }));
  const evidenceDir = path.join(work, 'evidence');
  const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const loadBefore = load();

  const started = performance.now();
  // The operator path: the command starts the shared replica itself (no REPLICA_URL).
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/runbook.ts', 'root-mfa', '--manifest', manifest, `--workers=${WORKERS}`], {
    cwd: REPO,
    env: childEnv({ EVIDENCE_DIR: evidenceDir, VAULT_DIR: path.join(work, 'vault'), LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const samples = sampler(child.pid!);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - started;
  const { workers, apart } = samples.stop();

  const rows = parseResultsTable(stdout);
  const assigned = rows.filter((r) => r.result === 'assigned').length;
  if (code !== 0 || assigned !== ACCOUNTS) throw new Error(`The fleet did not finish (exit ${code}, ${assigned}/${ACCOUNTS} assigned):\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`);

  // The fleet's own window, from the evidence: first run started to last run ended (no runner start-up).
  const runDir = path.join(evidenceDir, (await readdir(evidenceDir)).find((d) => d !== 'fleet-state')!);
  const records = await Promise.all((await readdir(runDir)).filter((d) => !d.startsWith('.')).map(async (d) => JSON.parse(await readFile(path.join(runDir, d, 'bundle', 'evidence.json'), 'utf8')) as { startedAt: string; endedAt: string; steps: Array<{ durationMs: number }> }));
  const first = Math.min(...records.map((r) => Date.parse(r.startedAt)));
  const last = Math.max(...records.map((r) => Date.parse(r.endedAt)));
  const perRun = records.map((r) => Date.parse(r.endedAt) - Date.parse(r.startedAt)).sort((a, b) => a - b);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const stepsMs = median(records.map((r) => r.steps.reduce((n, st) => n + st.durationMs, 0)));
  // Workers that never launched a browser (one Playwright starts and stops at the end) ran no account.
  const busy = [...workers.entries()].filter(([, w]) => w.browserPss > 0);

  const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
  const perMinute = (ms: number) => (ACCOUNTS / (ms / 60_000)).toFixed(1);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const lines = [
    `fleet of ${ACCOUNTS} root-mfa runs on the replica, ${WORKERS} workers, ${os.cpus().length} CPUs (load average before: ${loadBefore}, after: ${load()})`,
    `  whole command   : ${(wallMs / 1000).toFixed(1)} s   → ${perMinute(wallMs)} accounts/min   (goal ≥ 30)`,
    `  fleet window    : ${((last - first) / 1000).toFixed(1)} s   → ${perMinute(last - first)} accounts/min   (first run start → last run end)`,
    `  one run         : median ${s(median(perRun))} (its steps ${s(stepsMs)}), slowest ${s(perRun.at(-1)!)} (evidence startedAt → endedAt: after it, the`,
    `                    bundle's leak scan and the fixtures' teardown and set-up; per worker ${s((last - first) * WORKERS / ACCOUNTS)} a run in all)`,
    `  peak memory per worker process (goal ≤ 250 MB):`,
    ...busy.map(([pid, w]) => `    worker ${pid}: node ${mb(w.nodeRss)} RSS (VmHWM ${mb(w.nodeHwm)}) + browser ${mb(w.browserPss)} PSS (${mb(w.browserRss)} RSS summed) → peak together ${mb(w.total)}`),
    `  apart: runner ${mb(apart.runner)} RSS; operator command with the shared replica ${mb(apart.cli)} RSS`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
});
