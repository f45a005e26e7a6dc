import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '../../fixtures/runbook.ts';
import { assignRootMfa, type RootMfaContext } from '../../runbooks/root-mfa.ts';
import type { Account } from '../../replica/iam/model.ts';
import type { TargetAccount } from '../../fixtures/account.ts';
import { Evidence } from '../../lib/evidence/evidence.ts';

const state = (account: TargetAccount) => account.replica!.handle.sideDoor.state<Account>(account.id!);

/** The account as the side door shows it, less what every visit changes (clock readings, sign-in sessions and flows). */
async function accountBytes(account: TargetAccount): Promise<string> {
  const {
    now: _now,
    currentStep: _step,
    sessions: _sessions,
    signinFlows: _flows,
    ...rest
  } = (await state(account)) as Account & Record<string, unknown>;
  return JSON.stringify(rest);
}

/** The parts of an account a runbook may change (sessions and sign-in flows are not the account). */
const durable = (a: Account) => ({ mfaDevices: a.mfaDevices, accessKeys: a.accessKeys, options: a.options, rootPassword: a.rootPassword });

async function expectAssigned(ctx: RootMfaContext, deviceName: string): Promise<void> {
  const result = await assignRootMfa(ctx);
  expect(result.result).toBe('assigned');
  const after = await state(ctx.account);
  const enabled = after.mfaDevices.filter((d) => d.enableDate);
  expect(enabled.map((d) => d.name)).toEqual([deviceName]);
  expect(result.result === 'assigned' && result.deviceSerial).toBe(`arn:aws:iam::${ctx.account.id}:mfa/${deviceName}`);
  // The seed in the vault decrypts, with the age command-line tool, to the seed the replica holds.
  const identity = path.join(ctx.config.vaultDir, 'demo-identity.txt');
  const vaultFile = result.result === 'assigned' ? result.vaultFile : '';
  const decrypted = execFileSync('age', ['-d', '-i', identity, vaultFile]).toString();
  expect(decrypted).toBe(enabled[0]!.seed);
  // The evidence records every step as passed and the API verification.
  expect(ctx.evidence.record.result).toBe('assigned');
  expect(ctx.evidence.record.steps.map((s) => s.outcome)).not.toContain('failed');
  expect(ctx.evidence.record.steps.map((s) => s.title)).toEqual(
    expect.arrayContaining([
      'Store the seed in the vault',
      'Add MFA with two consecutive codes',
      'Verify through the IAM API',
      'Sign out and sign back in with MFA',
    ]),
  );
  expect(ctx.evidence.record.verification).toMatchObject({ accountMfaEnabled: true });
}

test.describe('root-mfa on the current console (Assign MFA device wizard)', () => {
  test('assigns, stores the seed first, verifies, and signs back in with MFA', async ({ runbook, config, account, evidence }) => {
    await expectAssigned(runbook, config.mfaDeviceName);
    // The sign-back-in used a code from a later step than both enrolment codes.
    const device = (await state(account)).mfaDevices[0]!;
    const vaultStep = evidence.record.steps.findIndex((s) => s.title === 'Store the seed in the vault');
    const addStep = evidence.record.steps.findIndex((s) => s.title === 'Add MFA with two consecutive codes');
    expect(vaultStep).toBeGreaterThan(-1);
    expect(vaultStep).toBeLessThan(addStep);
    expect(device.lastUsedStep).not.toBeNull();
  });

  test('a second run on the finished account changes nothing, through the API and through the console', async ({
    runbook,
    browser,
    account,
    secrets,
    evidence,
  }) => {
    await assignRootMfa(runbook);
    const before = durable(await state(account));

    // With API access: the check-first step answers, no browser step runs.
    const evidence2 = new Evidence(test.info().outputPath('second'), {
      runbook: 'root-mfa',
      runbookVersion: 'test',
      target: 'replica',
      account: account.id!,
      control: evidence.record.control,
    });
    const page2 = await (await browser.newContext()).newPage();
    const second = await assignRootMfa({ ...runbook, page: page2, evidence: evidence2 });
    expect(second.result).toBe('already-compliant');
    expect(page2.url()).toBe('about:blank');

    // Without API access: the console asks for an MFA code at sign-in, so it is compliant too.
    const context3 = await browser.newContext();
    await secrets.install(context3);
    const page3 = await context3.newPage();
    const evidence3 = new Evidence(test.info().outputPath('third'), {
      runbook: 'root-mfa',
      runbookVersion: 'test',
      target: 'replica',
      account: account.id!,
      control: evidence.record.control,
    });
    const third = await assignRootMfa({ ...runbook, page: page3, evidence: evidence3, iam: null });
    expect(third).toMatchObject({ result: 'already-compliant', reason: expect.stringMatching(/MFA code at sign-in/) });

    expect(durable(await state(account))).toEqual(before);
  });
});

test.describe('root-mfa on the legacy console (Activate MFA dialog)', () => {
  test.use({ replicaAccount: { generation: 'legacy' } });
  test('assigns through the legacy dialog', async ({ runbook }) => {
    await expectAssigned(runbook, 'root-account-mfa-device');
  });
});

test.describe('root-mfa from the forced-MFA sign-in prompt', () => {
  test.use({ replicaAccount: { forcedMfaPrompt: true } });
  test('registers from the prompt', async ({ runbook, config, evidence }) => {
    await expectAssigned(runbook, config.mfaDeviceName);
    expect(evidence.record.steps.map((s) => s.title)).not.toContain('Start assigning an MFA device');
  });
});

test.describe('root-mfa refusals', () => {
  test.use({ replicaAccount: { faults: { securityCheck: 'after-email' } } });
  test('a headless run stops at a security check, naming the step and the account, and changes nothing', async ({
    runbook,
    account,
    evidence,
  }) => {
    const before = durable(await state(account));
    const error = await assignRootMfa(runbook).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(`Sign in as root (security check after the email) for root of ${account.id} needs a person`);
    expect(durable(await state(account))).toEqual(before);
    expect(JSON.parse(await readFile(await evidence.write(), 'utf8')).steps.at(-1)).toMatchObject({
      title: 'Sign in as root',
      outcome: 'failed',
    });
  });
});

test.describe('root-mfa check mode', () => {
  for (const replicaAccount of [{}, { generation: 'legacy' as const }, { forcedMfaPrompt: true }]) {
    test.describe(JSON.stringify(replicaAccount), () => {
      test.use({ replicaAccount });
      test('walks up to the first change, cancels, and leaves the account byte-for-byte as it was', async ({
        runbook,
        config,
        account,
        evidence,
      }) => {
        const before = await accountBytes(account);
        const result = await assignRootMfa({ ...runbook, config: { ...config, mode: 'check' } });
        expect(result).toEqual({ result: 'checked' });
        expect(evidence.record.steps.map((s) => s.title)).toContain('Check the MFA assignment page and cancel');
        expect(await accountBytes(account)).toBe(before);
      });
    });
  }
});
