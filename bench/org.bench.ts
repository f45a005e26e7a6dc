import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sealBundle } from '../lib/evidence/bundle.ts';
import { renderIndex } from '../lib/evidence/evidence-index.ts';
import { Evidence } from '../lib/evidence/evidence.ts';
import { CallLog, ManagementApi } from '../lib/org/aws.ts';
import { mapLimit } from '../lib/org/classify.ts';
import { removeRootCredentials } from '../lib/org/root-credentials.ts';
import { ensureLocalSigningKey } from '../lib/evidence/signing.ts';
import { OrgSideDoorClient } from '../replica/sidedoor/organizations-client.ts';
import { startReplica } from '../replica/server.ts';

/**
 * npm run bench:org [-- --members 500 --concurrency 16] [--fleet --workers 2]: an organization of N members on the
 * replica, every member through root-credentials (the API path: AssumeRoot audit, delete, audit again, and a
 * signed evidence bundle per account). By default the procedure runs in this process, N at a time; with
 * --fleet the operator command runs the whole fleet (`npm run runbook -- root-credentials --manifest …`:
 * classification, one Playwright test per member, the evidence fixture, leak scan, fleet report), and peak
 * memory is the whole process tree's. Prints accounts per minute and peak memory;
 * asserts nothing (DESIGN.md: benches print figures). Goal: ≥ 600 accounts/min on 2 cores.
 * The replica runs in this process, so peak RSS covers both sides.
 */
// The IAM client is pinned (package-lock); its notice about future versions needing Node 22 is noise in the figures.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '16' },
    fleet: { type: 'boolean' },
    workers: { type: 'string', default: '2' },
  },
});
const members = Number(values.members);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(members) || members < 1 || !Number.isInteger(concurrency) || concurrency < 1) {
  process.stderr.write('--members and --concurrency must be whole numbers from 1\n');
  process.exit(2);
}

const replica = await startReplica({ port: 0 });
const work = await mkdtemp(path.join(os.tmpdir(), 'bench-org-'));
try {
  const setupStart = performance.now();
  const org = await new OrgSideDoorClient(replica.baseUrl).createOrganization({
    members,
    memberDefaults: { loginProfile: true, accessKeys: ['Active'], mfaDevices: ['root-mfa'], signingCertificates: ['Active'] },
    features: ['RootCredentialsManagement', 'RootSessions'],
  });
  const setupMs = performance.now() - setupStart;
  if (values.fleet) {
    await fleetBench(
      org.management.accountId,
      org.members.map((m) => ({ accountId: m.accountId, rootEmail: m.rootEmail, password: 'replica' })),
      setupMs,
    );
    await replica.close();
    await rm(work, { recursive: true, force: true });
    process.exit(0); // the in-process mode below is not wanted; `finally` would close the replica twice
  }
  const key = await ensureLocalSigningKey(path.join(work, 'keys'));
  const api = new ManagementApi({ region: 'us-east-1', endpoint: replica.baseUrl, credentials: org.management.apiCredentials });

  const results: Record<string, number> = {};
  let calls = 0;
  const durations: number[] = [];
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await mapLimit(org.members, concurrency, async (m, i) => {
    const t0 = performance.now();
    const dir = path.join(work, `run-${i}`, 'bundle');
    const evidence = new Evidence(dir, {
      runbook: 'root-credentials',
      runbookVersion: '0.1.0',
      target: 'replica',
      account: m.accountId,
      control: { satisfies: [], doesNotSatisfy: [], note: 'bench' },
    });
    const log = new CallLog();
    let result: string;
    try {
      const outcome = await removeRootCredentials(api.withLog(log), m.accountId);
      result = outcome.result;
    } catch (err) {
      result = 'failed';
      evidence.record.error = (err as Error).message.split('\n')[0];
    }
    evidence.record.result = result as never;
    evidence.record.details = { apiCalls: log.calls };
    evidence.record.endedAt = new Date().toISOString();
    await writeFile(
      path.join(await ensureDir(dir), 'index.html'),
      renderIndex(evidence.record, { finalScreenshots: [], fingerprint: key.fingerprint }),
    );
    await sealBundle(dir, evidence.record, key);
    results[result] = (results[result] ?? 0) + 1;
    calls += log.calls.length;
    durations.push(performance.now() - t0);
  });
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  api.close();
  durations.sort((a, b) => a - b);
  const pct = (p: number) => durations[Math.min(durations.length - 1, Math.floor(p * durations.length))]!.toFixed(0);
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    [
      `bench:org — ${members} members through root-credentials (API path, signed evidence per account), concurrency ${concurrency}, ${os.cpus().length} CPUs`,
      `  organization made by the side door in ${(setupMs / 1000).toFixed(1)} s (not counted)`,
      `  results: ${Object.entries(results)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}; ${calls} AWS calls (${(calls / members).toFixed(1)} per account)`,
      `  wall ${(ms / 1000).toFixed(1)} s → ${(members / (ms / 60_000)).toFixed(0)} accounts/min; per account p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms`,
      `  CPU user ${(cpu.user / 1e6).toFixed(1)} s + system ${(cpu.system / 1e6).toFixed(1)} s; peak RSS ${rssMb.toFixed(0)} MB (runner + replica in one process)`,
      '',
    ].join('\n'),
  );
} finally {
  await replica.close();
  await rm(work, { recursive: true, force: true });
}

/** The fleet through the operator command; peak RSS summed over the command's process tree (sampled every 250 ms). */
async function fleetBench(managementId: string, accounts: object[], setupMs: number): Promise<void> {
  const manifest = path.join(work, 'fleet.json');
  await writeFile(manifest, JSON.stringify({ accounts }));
  const env = {
    ...process.env,
    RUNBOOK_ENV_FILE: '/dev/null',
    REPLICA_URL: replica.baseUrl,
    ORG_MANAGEMENT_ACCOUNT_ID: managementId,
    EVIDENCE_DIR: path.join(work, 'evidence'),
    VAULT_DIR: path.join(work, 'vault'),
    LOG_LEVEL: 'warn',
  };
  const start = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bin/runbook.ts', 'root-credentials', '--manifest', manifest, `--workers=${values.workers}`],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  let peakKb = 0;
  const treeKb = (): number => {
    const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='])
      .toString()
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/).map(Number));
    const tree = new Set([child.pid!]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [pid, ppid] of rows)
        if (!tree.has(pid!) && tree.has(ppid!)) {
          tree.add(pid!);
          grew = true;
        }
    }
    return rows.filter(([pid]) => tree.has(pid!)).reduce((n, [, , rss]) => n + rss!, 0);
  };
  const sampler = setInterval(() => {
    try {
      peakKb = Math.max(peakKb, treeKb());
    } catch {
      /* the tree changed while ps ran: next sample */
    }
  }, 250);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const ms = performance.now() - start;
  const removed = (out.match(/\bremoved\b/g) ?? []).length;
  process.stdout.write(
    [
      `bench:org --fleet — ${accounts.length} members through npm run runbook -- root-credentials --manifest (workers ${values.workers}), ${os.cpus().length} CPUs; exit ${code}`,
      `  organization made by the side door in ${(setupMs / 1000).toFixed(1)} s (not counted)`,
      `  ${removed} rows "removed" in the results table`,
      `  wall ${(ms / 1000).toFixed(1)} s (classification, runner start and report included) → ${(accounts.length / (ms / 60_000)).toFixed(0)} accounts/min`,
      `  peak RSS of the command's process tree ${(peakKb / 1024).toFixed(0)} MB (+ this process with the replica ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB)`,
      '',
    ].join('\n'),
  );
}

async function ensureDir(dir: string): Promise<string> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  return dir;
}
