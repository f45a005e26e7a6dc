/**
 * Benchmark: a fleet of root-mfa runs on the replica, through the operator command, 2 workers, with the
 * evidence every run seals (redacted trace, masked screenshots, signed record, leak scan), as an operator
 * runs it. Prints accounts per minute (goal ≥ 30) and peak memory per worker (goal ≤ 250 MB), then where
 * the time, the CPU and the memory go.
 * Run: npm run bench:fleet   (BENCH_ACCOUNTS=40 for a bigger fleet, BENCH_WORKERS=n for other widths,
 * BENCH_CHROMIUM=/path/to/chromium to compare browsers, BENCH_SCREENCAST=off or on for one kind of evidence only)
 *
 * Two fleets, one after the other: the default evidence (DOM snapshots, network, sources and masked step
 * screenshots, no screencast), then EVIDENCE_SCREENCAST=on (the film strip too, its frames redacted); each
 * prints its report, and a table puts their figures side by side.
 *
 * What is counted, sampled from /proc every 250 ms over the process tree of the run:
 * - memory per worker, the goal's figure: the Playwright worker's Node process, its resident set (VmRSS, what
 *   process.memoryUsage().rss reports inside it), and its own high-water mark VmHWM, which the kernel keeps
 *   between samples;
 * - its browser, apart: every Chromium process under that worker, summed as PSS (shared pages split between
 *   the processes sharing them, so the sum is not inflated) and as RSS (shared pages counted in each);
 *   and the peak of worker RSS + browser PSS at one instant;
 * - apart: the runner process, and the operator command that also hosts the shared replica;
 * - CPU: each process's user + system time as last seen, by kind (worker, each kind of Chromium process,
 *   runner, operator command), per account; 60 s × CPUs ÷ that is the most this machine could do with its
 *   CPUs never idle. Other engineers' processes are not the run's: their CPU time is printed apart, from
 *   /proc/stat, so a busy machine shows.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';
import { hashArtifacts } from '../lib/evidence/bundle.ts';
import type { EvidenceRecord } from '../lib/evidence/evidence.ts';
import { parseResultsTable } from '../lib/run/results-table.ts';
import { scanFolder } from '../lib/evidence/scan.ts';
import { readZipBuffer } from '../lib/evidence/zip.ts';
import { childEnv, REPO } from '../tests/helpers/spawn.ts';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 20);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
/** Another Chromium than the one the command picks (PLAYWRIGHT_CHROMIUM_EXECUTABLE of the run). */
const BROWSER = process.env.BENCH_CHROMIUM || undefined;
const SAMPLE_MS = 250;
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const TICKS_PER_S = 100;

interface Proc {
  pid: number;
  ppid: number;
  cmd: string;
  ticks: number;
  /** When it started, in clock ticks since boot (/proc/<pid>/stat field 22). */
  start: number;
}

/** Every process, with its own CPU time so far (utime + stime, in clock ticks). */
function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after the last ")" (field 3 is fields[0]).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        cmd: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '),
        ticks: Number(fields[11]) + Number(fields[12]),
        start: Number(fields[19]),
      });
    } catch {
      continue; // the process ended between readdir and read: nothing to count
    }
  }
  return out;
}

/** CPU time of the whole machine so far, busy and idle, in clock ticks (/proc/stat): how much else ran meanwhile. */
function machineTicks(): { busy: number; all: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const n = values.map(Number);
  const idle = n[3]! + n[4]!; // idle + iowait
  const all = n.slice(0, 8).reduce((x, y) => x + y, 0); // user nice system idle iowait irq softirq steal
  return { busy: all - idle, all };
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

interface WorkerPeak {
  nodeRss: number;
  nodeHwm: number;
  browserPss: number;
  browserRss: number;
  total: number;
}

/** Which part of the run a process is, for the CPU breakdown. */
function kindOf(p: Proc, root: number, underWorker: boolean): string {
  if (p.pid === root) return 'operator command + shared replica';
  if (/@playwright\/test\/cli\.js test/.test(p.cmd)) return 'test runner';
  if (/workerProcessEntry/.test(p.cmd)) return 'worker (node)';
  if (underWorker) return `Chromium ${/--type=([\w-]+)/.exec(p.cmd)?.[1] ?? 'browser'}`;
  return 'other';
}

/**
 * Samples the tree under `root` until stopped: peaks per worker pid (workers restart after a failure:
 * each pid is one), and each process's CPU time as last seen, by kind.
 */
function sampler(root: number) {
  const workers = new Map<number, WorkerPeak>();
  const apart = { cli: 0, runner: 0 };
  const cpu = new Map<number, { kind: string; ticks: number }>();
  let browserCommand = '';
  /** When the runner, the first worker and the first browser started (ticks since boot): where the start-up goes. */
  const starts: { runner?: number; worker?: number; browser?: number } = {};
  const first = (key: keyof typeof starts, at: number) => (starts[key] = Math.min(starts[key] ?? at, at));
  const tick = () => {
    const all = processes();
    const children = new Map<number, Proc[]>();
    for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
    const below = (pid: number): Proc[] => (children.get(pid) ?? []).flatMap((c) => [c, ...below(c.pid)]);
    const rootProc = all.find((p) => p.pid === root);
    if (rootProc) cpu.set(root, { kind: kindOf(rootProc, root, false), ticks: rootProc.ticks });
    apart.cli = Math.max(apart.cli, memory(root).rss);
    const inWorker = new Set<number>();
    for (const p of below(root)) {
      if (/workerProcessEntry/.test(p.cmd)) for (const b of below(p.pid)) inWorker.add(b.pid);
    }
    for (const p of below(root)) {
      // An ending process reads as a zombie with no command line: it keeps the kind it had. A process Chromium's
      // zygote has just forked still shows the zygote's command line: it takes its own kind once it shows it.
      const known = cpu.get(p.pid);
      const kind = p.cmd.trim() ? kindOf(p, root, inWorker.has(p.pid)) : (known?.kind ?? 'other');
      cpu.set(p.pid, { kind, ticks: Math.max(known?.ticks ?? 0, p.ticks) });
      if (/@playwright\/test\/cli\.js test/.test(p.cmd)) {
        apart.runner = Math.max(apart.runner, memory(p.pid).rss);
        first('runner', p.start);
      }
      if (/workerProcessEntry/.test(p.cmd)) first('worker', p.start);
      if (inWorker.has(p.pid) && !p.cmd.includes('--type=')) first('browser', p.start);
      // Debian starts its browsers through a shell script: name the executable, not the shell.
      if (!browserCommand && inWorker.has(p.pid) && !p.cmd.includes('--type='))
        browserCommand = p.cmd.split(' ').find((a) => /chrom/i.test(a)) ?? '';
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
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      const byKind = new Map<string, number>();
      for (const { kind, ticks } of cpu.values()) byKind.set(kind, (byKind.get(kind) ?? 0) + ticks);
      return { workers, apart, byKind, browserCommand, starts };
    },
  };
}

/** The figures compared side by side for the two kinds of evidence. */
interface Figures {
  wholePerMin: string;
  windowPerMin: string;
  oneRun: string;
  frames: string;
  traceMb: string;
  redaction: string;
  scan: string;
  workerRss: string;
  workerHwm: string;
  browserPss: string;
  cpuPerAccount: string;
  cpuByKind: Map<string, number>;
}

/** One fleet through the operator command with the default evidence (screencast off) or EVIDENCE_SCREENCAST=on: its report and its figures. */
async function fleet(screencast: boolean): Promise<{ lines: string[]; figures: Figures }> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-fleet-'));
  const manifest = path.join(work, 'fleet.json');
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
    accountId: `7000000${String(i).padStart(5, '0')}`,
    rootEmail: `root+bench${i}@example.com`,
    password: 'replica',
  }));
  await writeFile(manifest, JSON.stringify({ accounts }));
  const evidenceDir = path.join(work, 'evidence');
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  const loadBefore = load();

  const machineBefore = machineTicks();
  const started = performance.now();
  const spawnedAt = Date.now();
  // The operator path: the command starts the shared replica itself (no REPLICA_URL).
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/runbook.ts', 'root-mfa', '--manifest', manifest, `--workers=${WORKERS}`], {
    cwd: REPO,
    env: childEnv({
      EVIDENCE_DIR: evidenceDir,
      VAULT_DIR: path.join(work, 'vault'),
      LOG_LEVEL: 'warn',
      EVIDENCE_SCREENCAST: screencast ? 'on' : 'off',
      ...(BROWSER ? { PLAYWRIGHT_CHROMIUM_EXECUTABLE: BROWSER } : {}),
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const samples = sampler(child.pid!);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - started;
  const endedAt = Date.now();
  const { workers, apart, byKind, browserCommand, starts } = samples.stop();
  // Process start times are kept in ticks since boot: the wall clock of boot turns them into dates.
  const bootAt = endedAt - Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
  const startedAfter = (ticks?: number) =>
    ticks === undefined ? '?' : `+${((bootAt + (ticks * 1000) / TICKS_PER_S - spawnedAt) / 1000).toFixed(1)} s`;
  const machineAfter = machineTicks();

  const rows = parseResultsTable(stdout);
  const assigned = rows.filter((r) => r.result === 'assigned').length;
  if (code !== 0 || assigned !== ACCOUNTS)
    throw new Error(
      `The fleet did not finish (exit ${code}, ${assigned}/${ACCOUNTS} assigned):\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`,
    );

  // The fleet's own window, from the evidence: first run started to last run ended (no runner start-up).
  const runDir = path.join(
    evidenceDir,
    (await readdir(evidenceDir)).find((d) => d !== 'fleet-state')!,
  );
  const bundles = (await readdir(runDir)).filter((d) => !d.startsWith('.')).map((d) => path.join(runDir, d, 'bundle'));
  const records = await Promise.all(
    bundles.map(async (b) => JSON.parse(await readFile(path.join(b, 'evidence.json'), 'utf8')) as EvidenceRecord),
  );
  const first = Math.min(...records.map((r) => Date.parse(r.startedAt)));
  const last = Math.max(...records.map((r) => Date.parse(r.endedAt!)));
  const perRun = records.map((r) => Date.parse(r.endedAt!) - Date.parse(r.startedAt)).sort((a, b) => a - b);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const stepsMs = median(records.map((r) => r.steps.reduce((n, st) => n + st.durationMs, 0)));
  // What a bundle holds and what its checks cost, re-measured here on every bundle after the fleet (nothing else of
  // the run still uses the CPU then): the leak scan by shape does the scan's work (every frame and screenshot
  // decoded for QR codes, every text searched) but for the run's own secret values, which only the worker knew.
  const evidenceCost = [];
  for (const b of bundles) {
    const trace = readZipBuffer(await readFile(path.join(b, 'trace.zip')));
    let t = performance.now();
    await scanFolder(b);
    const scanMs = performance.now() - t;
    t = performance.now();
    await hashArtifacts(b);
    evidenceCost.push({
      frames: trace.filter((e) => e.name.startsWith('screencast/')).length,
      traceBytes: (await stat(path.join(b, 'trace.zip'))).size,
      scanMs,
      hashMs: performance.now() - t,
    });
  }
  const redactionMs = median(records.map((r) => r.trace?.redaction.ms ?? 0));
  // Workers that never launched a browser (one Playwright starts and stops at the end) ran no account.
  const ourS = [...byKind.values()].reduce((a, b) => a + b, 0) / TICKS_PER_S;
  const machineBusyS = (machineAfter.busy - machineBefore.busy) / TICKS_PER_S;
  const machineAllS = (machineAfter.all - machineBefore.all) / TICKS_PER_S;
  const busy = [...workers.entries()].filter(([, w]) => w.browserPss > 0);

  const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
  const perMinute = (ms: number) => (ACCOUNTS / (ms / 60_000)).toFixed(1);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const lines = [
    `fleet of ${ACCOUNTS} root-mfa runs on the replica, ${WORKERS} workers, evidence ${screencast ? 'EVIDENCE_SCREENCAST=on' : 'default (no screencast)'}, ${os.cpus().length} CPUs, browser ${browserCommand || '?'} (load average before: ${loadBefore}, after: ${load()})`,
    `  whole command   : ${(wallMs / 1000).toFixed(1)} s   → ${perMinute(wallMs)} accounts/min   (goal ≥ 30)`,
    `  fleet window    : ${((last - first) / 1000).toFixed(1)} s   → ${perMinute(last - first)} accounts/min   (first run start → last run end)`,
    `  outside it      : ${s(first - spawnedAt)} before the first run (the runner started ${startedAfter(starts.runner)}, the first worker ${startedAfter(starts.worker)},`,
    `                    its browser ${startedAfter(starts.browser)}), ${s(endedAt - last)} after the last (its sealing and leak scan, the workers' teardown, the results table)`,
    `  one run         : median ${s(median(perRun))} (its steps ${s(stepsMs)}), slowest ${s(perRun.at(-1)!)} (evidence startedAt → endedAt, the trace's redaction`,
    `                    included; after it the bundle is hashed and leak-scanned, and the fixtures tear down and set up; per worker ${s(((last - first) * WORKERS) / ACCOUNTS)} a run in all)`,
    `  evidence per run: median ${median(evidenceCost.map((e) => e.frames))} screencast frames, trace ${(median(evidenceCost.map((e) => e.traceBytes)) / 1e6).toFixed(1)} MB; in the worker: trace redaction`,
    `                    ${ms(redactionMs)}; re-measured here: leak scan ${ms(median(evidenceCost.map((e) => e.scanMs)))} (by shape), hashing ${ms(median(evidenceCost.map((e) => e.hashMs)))}`,
    `  peak memory per worker (goal ≤ 250 MB: the worker's Node process, its resident set; its Chromium counted apart):`,
    ...busy.map(
      ([pid, w]) =>
        `    worker ${pid}: node ${mb(w.nodeRss)} RSS (VmHWM ${mb(w.nodeHwm)}) + browser ${mb(w.browserPss)} PSS (${mb(w.browserRss)} RSS summed) → peak together ${mb(w.total)}`,
    ),
    `  apart: runner ${mb(apart.runner)} RSS; operator command with the shared replica ${mb(apart.cli)} RSS`,
    `  CPU per account: ${(ourS / ACCOUNTS).toFixed(2)} s (${ourS.toFixed(0)} s for the run's processes: at most ${((60 * os.cpus().length) / (ourS / ACCOUNTS)).toFixed(1)} accounts/min if ${os.cpus().length} CPUs were never idle)`,
    ...[...byKind.entries()]
      .sort((x, y) => y[1] - x[1])
      .map(([kind, ticks]) => `    ${(ticks / TICKS_PER_S / ACCOUNTS).toFixed(2).padStart(5)} s  ${kind}`),
    `  the machine meanwhile: ${((100 * machineBusyS) / machineAllS).toFixed(0)}% busy; other processes than the run's used ${Math.max(0, machineBusyS - ourS).toFixed(0)} s of CPU` +
      ` (sampled every ${SAMPLE_MS} ms: a process's last moments before it ends are not counted as the run's)`,
  ];
  const peak = (f: (w: WorkerPeak) => number) => mb(Math.max(0, ...busy.map(([, w]) => f(w))));
  const figures: Figures = {
    wholePerMin: perMinute(wallMs),
    windowPerMin: perMinute(last - first),
    oneRun: s(median(perRun)),
    frames: String(median(evidenceCost.map((e) => e.frames))),
    traceMb: `${(median(evidenceCost.map((e) => e.traceBytes)) / 1e6).toFixed(1)} MB`,
    redaction: ms(redactionMs),
    scan: ms(median(evidenceCost.map((e) => e.scanMs))),
    workerRss: peak((w) => w.nodeRss),
    workerHwm: peak((w) => w.nodeHwm),
    browserPss: peak((w) => w.browserPss),
    cpuPerAccount: `${(ourS / ACCOUNTS).toFixed(2)} s`,
    cpuByKind: new Map([...byKind.entries()].map(([k, t]) => [k, t / TICKS_PER_S / ACCOUNTS])),
  };
  return { lines, figures };
}

/** Which evidence to measure: BENCH_SCREENCAST=off or on for one only; both by default, the default evidence first. */
const MODES = ({ off: [false], on: [true] } as Record<string, boolean[]>)[process.env.BENCH_SCREENCAST ?? ''] ?? [false, true];

test(`fleet of ${ACCOUNTS} root-mfa runs, ${WORKERS} workers, evidence without and with the screencast`, async () => {
  const runs: Array<{ screencast: boolean; figures: Figures }> = [];
  for (const screencast of MODES) {
    // One after the other, never together: each fleet has the machine to itself.
    process.stdout.write(`… fleet of ${ACCOUNTS} with ${screencast ? 'EVIDENCE_SCREENCAST=on' : 'the default evidence'}\n`);
    const { lines, figures } = await fleet(screencast);
    process.stdout.write(`\n${lines.join('\n')}\n\n`);
    runs.push({ screencast, figures });
  }
  const heads = runs.map((r) => (r.screencast ? 'EVIDENCE_SCREENCAST=on' : 'default (no screencast)'));
  const rows: Array<[string, (f: Figures) => string]> = [
    ['accounts/min, whole command (goal ≥ 30)', (f) => f.wholePerMin],
    ['accounts/min, fleet window', (f) => f.windowPerMin],
    ['one run, median', (f) => f.oneRun],
    ['screencast frames per run, median', (f) => f.frames],
    ['trace per run, median', (f) => f.traceMb],
    ['trace redaction in the worker, median', (f) => f.redaction],
    ['leak scan by shape, median', (f) => f.scan],
    ['worker node peak RSS (goal ≤ 250 MB)', (f) => f.workerRss],
    ['worker node VmHWM', (f) => f.workerHwm],
    ['its browser peak PSS', (f) => f.browserPss],
    ['CPU per account', (f) => f.cpuPerAccount],
    ...[...new Set(runs.flatMap((r) => [...r.figures.cpuByKind.keys()]))].map((kind): [string, (f: Figures) => string] => [
      `  CPU per account: ${kind}`,
      (f) => `${(f.cpuByKind.get(kind) ?? 0).toFixed(2)} s`,
    ]),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const table = [
    `side by side (${ACCOUNTS} accounts, ${WORKERS} workers):`,
    `  ${''.padEnd(width)}  ${heads.map((h) => h.padStart(24)).join('  ')}`,
    ...rows.map(([label, get]) => `  ${label.padEnd(width)}  ${runs.map((r) => get(r.figures).padStart(24)).join('  ')}`),
  ];
  process.stdout.write(`${table.join('\n')}\n`);
});
