/**
 * Benchmark: the root-mfa runbook beside a bare straight-line Playwright script doing the same
 * clicks on the same replica, in the same run. Prints each time and the ratio (goal ≤ 1.3), and a
 * third line: the runbook with its full evidence as a run records it (the evidence trace, masked step
 * screenshots, trace redaction, index, sealing and the leak scan, through the fixtures' own code:
 * fixtures/trace.ts traceContext inside fixtures/evidence.ts evidenceFixture) ÷ the bare script (goal ≤ 1.5).
 * Run: npm run bench:root-mfa   (BENCH_ROUNDS=5 for more rounds; EVIDENCE_SCREENCAST=on for the film strip too)
 */
import path from 'node:path';
import { rm } from 'node:fs/promises';
import type { Browser, TestInfo } from '@playwright/test';
import { test } from '../fixtures/index.ts';
import { accountFor } from '../fixtures/account.ts';
import { clockFor } from '../fixtures/clock.ts';
import { Evidence } from '../lib/evidence/evidence.ts';
import { createLogger } from '../lib/run/log.ts';
import { SecretStore } from '../lib/secrets/secrets.ts';
import { codeAfter, enrolmentCodes } from '../lib/secrets/totp.ts';
import { assignRootMfa } from '../runbooks/root-mfa.ts';
import { rootMfaDeps } from './root-mfa-deps.ts';
import type { Config } from '../config/settings.ts';
import type { ReplicaHandle } from '../fixtures/replica.ts';
import { bundleDir, evidenceFixture } from '../fixtures/evidence.ts';
import { traceContext } from '../fixtures/trace.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function timeRunbook(browser: Browser, config: Config, replica: ReplicaHandle, outDir: string): Promise<number> {
  const secrets = new SecretStore();
  const account = await accountFor(config, replica, {}, secrets);
  const context = await browser.newContext();
  await secrets.install(context);
  const page = await context.newPage();
  const log = createLogger({ level: 'warn', format: 'json' });
  const started = performance.now();
  const evidence = new Evidence(outDir, {
    runbook: 'root-mfa',
    runbookVersion: 'bench',
    target: 'replica',
    account: account.id!,
    control: { satisfies: [], doesNotSatisfy: [], note: '' },
  });
  await assignRootMfa({
    page,
    config,
    account,
    secrets,
    log,
    evidence,
    ...(await rootMfaDeps(config, replica, account, log)),
  });
  const ms = performance.now() - started;
  await context.close();
  lastSteps = evidence.record.steps.map((st) => `    ${String(st.durationMs).padStart(5)} ms  ${st.title}`);
  return ms;
}

let lastSteps: string[] = [];

/**
 * The runbook with its whole evidence, as the runner records it: the evidence fixture's body around
 * the trace fixture's body around the procedure, timed from the record's creation to the leak scan
 * of the sealed bundle (a run's fixture teardown included).
 */
async function timeRunbookWithEvidence(browser: Browser, config: Config, replica: ReplicaHandle, testInfo: TestInfo): Promise<number> {
  const secrets = new SecretStore();
  const account = await accountFor(config, replica, {}, secrets);
  const context = await browser.newContext();
  const log = createLogger({ level: 'warn', format: 'json' });
  await rm(bundleDir(testInfo), { recursive: true, force: true });
  const started = performance.now();
  await evidenceFixture(
    { config, account, secrets, log },
    async (evidence) => {
      await traceContext(
        { context, secrets, evidence, log, trace: 'off', screencast: config.evidenceScreencast },
        async (traced) => {
          const page = await traced.newPage();
          await assignRootMfa({
            page,
            config,
            account,
            secrets,
            log,
            evidence,
            ...(await rootMfaDeps(config, replica, account, log)),
          });
        },
        testInfo,
      );
    },
    testInfo,
  );
  const ms = performance.now() - started;
  await context.close();
  return ms;
}

/** The same clicks with nothing around them: no checks, no vault, no API, no evidence. */
async function timeBareScript(browser: Browser, replica: ReplicaHandle): Promise<number> {
  const created = await replica.sideDoor.createAccount({});
  const context = await browser.newContext();
  const page = await context.newPage();
  const started = performance.now();
  const clock = await clockFor({ id: created.accountId, replica: { handle: replica, created } } as never);
  await page.goto(`${created.baseUrl}/iam/home#/security_credentials`);
  await page.getByLabel('Root user email address').fill(created.rootEmail);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Password', { exact: true }).fill(created.rootPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Assign MFA device' }).click();
  await page.getByRole('textbox', { name: 'Device name' }).fill('root-mfa');
  await page.getByRole('radio', { name: 'Authenticator app' }).check();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Show secret key' }).click();
  const seed = ((await page.getByText(/^[A-Z2-7]{32,}$/).textContent()) ?? '').trim();
  const codes = await enrolmentCodes(seed, clock);
  await page.getByRole('textbox', { name: 'MFA code 1' }).fill(codes.code1);
  await page.getByRole('textbox', { name: 'MFA code 2' }).fill(codes.code2);
  await page.getByRole('button', { name: 'Add MFA' }).click();
  await page.getByText('MFA device assigned').waitFor();
  await page.getByRole('banner').getByRole('button', { expanded: false }).last().click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL(/\/signin/);
  await page.goto(`${created.baseUrl}/iam/home#/security_credentials`);
  await page.getByLabel('Root user email address').fill(created.rootEmail);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Password', { exact: true }).fill(created.rootPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('MFA code').fill((await codeAfter(seed, codes.step, clock)).code);
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('heading', { name: 'My security credentials' }).waitFor();
  const ms = performance.now() - started;
  await context.close();
  return ms;
}

test('root-mfa runbook vs bare script', async ({ browser, config, replica }, testInfo) => {
  const runbook: number[] = [];
  const bare: number[] = [];
  const full: number[] = [];
  // Warm-up: the first page load of a worker pays for bundle parsing, the runbook's first run for loading its
  // procedure (runbooks/define.ts loadedOnFirstRun, once per worker); time them for neither side.
  await timeBareScript(browser, replica!);
  await timeRunbook(browser, config, replica!, path.join(testInfo.outputDir, 'warm-up'));
  for (let i = 0; i < ROUNDS; i++) {
    bare.push(await timeBareScript(browser, replica!));
    runbook.push(await timeRunbook(browser, config, replica!, path.join(testInfo.outputDir, `run-${i}`)));
    full.push(await timeRunbookWithEvidence(browser, config, replica!, testInfo));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const lines = [
    `root-mfa on the replica, ${ROUNDS} rounds, 1 worker, alternating`,
    `  bare script : ${bare.map(fmt).join('  ')}   median ${fmt(median(bare))}`,
    `  runbook     : ${runbook.map(fmt).join('  ')}   median ${fmt(median(runbook))}`,
    `  + evidence  : ${full.map(fmt).join('  ')}   median ${fmt(median(full))}   (trace ${config.evidenceScreencast ? 'with' : 'without'} the screencast, redaction, index, sealing, leak scan)`,
    '  runbook steps, last round:',
    ...lastSteps,
    `  ratio (median runbook / median bare) = ${(median(runbook) / median(bare)).toFixed(2)}   (goal ≤ 1.30)`,
    `  ratio (median runbook with its full evidence / median bare) = ${(median(full) / median(bare)).toFixed(2)}   (goal ≤ 1.50)`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
});
