/**
 * Benchmark: what evidence costs beside the runbook it documents. Each round runs root-mfa on the
 * replica with the evidence trace recording (DOM snapshots, screencast, sources), then times
 * Playwright saving the trace, our redaction of it (the figure with a goal: ≤ 10% of the runbook's
 * own time), and, for information, the leak scan of the redacted trace, and the writing of the redacted
 * zip two ways: lib/evidence/zip.ts (fflate's archive, Node's zlib deflate) against fflate's own deflate
 * (zipSync, the same level), which zip.ts used before.
 * Run: npm run bench:redact   (BENCH_ROUNDS=5 for more rounds)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { test } from '../fixtures/index.ts';
import { accountFor } from '../fixtures/account.ts';
import type { Config } from '../config/settings.ts';
import type { ReplicaHandle } from '../fixtures/replica.ts';
import { EVIDENCE_TRACE } from '../fixtures/trace.ts';
import { Evidence } from '../lib/evidence/evidence.ts';
import { createLogger } from '../lib/run/log.ts';
import { redactTrace } from '../lib/evidence/redact.ts';
import { LeakScanner } from '../lib/evidence/scan.ts';
import { readZipBuffer, writeZipBuffer } from '../lib/evidence/zip.ts';
import { zipSync, type Zippable } from 'fflate';
import { SecretStore } from '../lib/secrets/secrets.ts';
import { assignRootMfa } from '../runbooks/root-mfa.ts';
import { rootMfaDeps } from './root-mfa-deps.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Round {
  runbook: number;
  save: number;
  redact: number;
  scan: number;
  zipNative: number;
  zipFflate: number;
  bytes: number;
  entries: number;
}

async function round(browser: Browser, config: Config, replica: ReplicaHandle, work: string): Promise<Round> {
  const secrets = new SecretStore();
  const account = await accountFor(config, replica, {}, secrets);
  const context = await browser.newContext();
  await secrets.install(context);
  await context.tracing.start({ ...EVIDENCE_TRACE, title: 'bench' });
  const page = await context.newPage();
  const log = createLogger({ level: 'warn', format: 'json' });
  const evidence = new Evidence(work, {
    runbook: 'root-mfa',
    runbookVersion: 'bench',
    target: 'replica',
    account: account.id!,
    control: { satisfies: [], doesNotSatisfy: [], note: '' },
  });
  let t = performance.now();
  await assignRootMfa({
    page,
    config,
    account,
    secrets,
    log,
    evidence,
    ...(await rootMfaDeps(config, replica, account, log)),
  });
  const runbook = performance.now() - t;
  const rawFile = path.join(work, 'raw.zip');
  t = performance.now();
  await context.tracing.stop({ path: rawFile });
  const raw = await readFile(rawFile);
  await rm(rawFile);
  const save = performance.now() - t;
  await context.close();
  t = performance.now();
  const { zip, report, cookies } = redactTrace(raw, { secrets: secrets.known(), exposures: secrets.exposures() });
  const redact = performance.now() - t;
  t = performance.now();
  new LeakScanner([...secrets.known(), ...cookies]).artifact('trace.zip', zip);
  const scan = performance.now() - t;
  const entries = readZipBuffer(zip);
  t = performance.now();
  const native = writeZipBuffer(entries);
  const zipNative = performance.now() - t;
  const files: Zippable = {};
  for (const e of entries) files[e.name] = [e.data, { level: /\.(jpe?g|png)$/i.test(e.name) ? 0 : 6 }];
  t = performance.now();
  const fflate = zipSync(files);
  const zipFflate = performance.now() - t;
  zipSizes = { native: native.length, fflate: fflate.length };
  return { runbook, save, redact, scan, zipNative, zipFflate, bytes: raw.length, entries: report.entries };
}

let zipSizes = { native: 0, fflate: 0 };

test('redaction time beside the runbook time', async ({ browser, config, replica }) => {
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-redact-'));
  try {
    await round(browser, config, replica!, work); // warm-up: bundle parsing, JIT; timed for neither side
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await round(browser, config, replica!, work));
    const median = (f: (r: Round) => number) => [...rounds].map(f).sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!;
    const ms = (v: number) => `${Math.round(v)} ms`.padStart(8);
    const col = (f: (r: Round) => number) => rounds.map((r) => ms(f(r))).join(' ');
    const ratio = median((r) => r.redact) / median((r) => r.runbook);
    process.stdout.write(
      `\n${[
        `root-mfa on the replica with the evidence trace on, ${ROUNDS} rounds (trace ≈ ${(median((r) => r.bytes) / 1e6).toFixed(1)} MB, ${median((r) => r.entries)} entries)`,
        `  runbook                  ${col((r) => r.runbook)}   median ${ms(median((r) => r.runbook))}`,
        `  Playwright saves trace   ${col((r) => r.save)}   median ${ms(median((r) => r.save))}`,
        `  redaction                ${col((r) => r.redact)}   median ${ms(median((r) => r.redact))}`,
        `  leak scan (information)  ${col((r) => r.scan)}   median ${ms(median((r) => r.scan))}`,
        `  of which the zip, zlib    ${col((r) => r.zipNative)}   median ${ms(median((r) => r.zipNative))}   (${(zipSizes.native / 1e3).toFixed(0)} KB; lib/evidence/zip.ts)`,
        `  the same zip, fflate     ${col((r) => r.zipFflate)}   median ${ms(median((r) => r.zipFflate))}   (${(zipSizes.fflate / 1e3).toFixed(0)} KB; fflate's own deflate, level 6)`,
        `  redaction / runbook = ${(ratio * 100).toFixed(1)} %   (goal ≤ 10 %)`,
      ].join('\n')}\n`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
