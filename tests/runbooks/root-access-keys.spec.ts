import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from '../../fixtures/runbook.ts';
import type { TargetAccount } from '../../fixtures/account.ts';
import { Evidence } from '../../lib/evidence/evidence.ts';
import { Handoff, OperatorNeededError } from '../../lib/run/handoff.ts';
import type { SecretStore } from '../../lib/secrets/secrets.ts';
import { codeAfter } from '../../lib/secrets/totp.ts';
import type { Clock } from '../../lib/run/clock.ts';
import type { Account } from '../../replica/iam/model.ts';
import type { RunbookContext } from '../../runbooks/context.ts';
import { deleteRootAccessKeys, type KeyRecord } from '../../runbooks/root-access-keys.ts';

const SERVICE_FAILURE = 'We encountered an internal error. Please try again.';

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

/** The parts of an account a runbook may change. */
const durable = (a: Account) => ({ mfaDevices: a.mfaDevices, accessKeys: a.accessKeys, options: a.options, rootPassword: a.rootPassword });

const keysOf = (ctx: RunbookContext) => (ctx.evidence.record.details?.keys ?? []) as KeyRecord[];

/** Records every request to the console's key endpoints (to prove what the run did not do). */
function keyCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (r) => {
    if (/\/iam\/service\//.test(r.url()) && r.method() !== 'GET') calls.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  return calls;
}

/** Runs the runbook, expects every key deleted, and checks the evidence names each key and holds no secret. */
async function expectRemediated(ctx: RunbookContext): Promise<Account['accessKeys']> {
  const before = (await state(ctx.account)).accessKeys;
  expect(before.length).toBeGreaterThan(0);
  const result = await deleteRootAccessKeys(ctx);
  expect(result).toEqual({ result: 'remediated', deleted: before.map((k) => k.id) });
  expect((await state(ctx.account)).accessKeys).toEqual([]);

  const evidence = ctx.evidence.record;
  expect(evidence.result).toBe('remediated');
  expect(evidence.steps.map((s) => s.outcome)).not.toContain('failed');
  expect(keysOf(ctx)).toEqual(before.map((k) => ({ id: k.id, statusBefore: k.status, action: 'deleted' })));
  expect(evidence.steps.map((s) => s.title)).toEqual(
    expect.arrayContaining([
      'Check whether the root user has access keys',
      'Sign in as root',
      'List the access keys',
      ...before.map((k) => (k.status === 'Active' ? `Deactivate and delete access key ${k.id}` : `Delete access key ${k.id}`)),
      'Confirm Security credentials lists no access key',
      'Verify through the IAM API',
    ]),
  );
  expect(evidence.verification).toMatchObject({ source: 'iam:GetAccountSummary', accountAccessKeysPresent: false });
  const written = await readFile(await ctx.evidence.write(), 'utf8');
  for (const key of before) {
    expect(written).toContain(key.id);
    expect(written).not.toContain(key.secret);
  }
  return before;
}

test.describe('root-access-keys: no key', () => {
  test('is already compliant through the API: no browser, nothing changed', async ({ runbook, page, account, evidence }) => {
    const before = await accountBytes(account);
    const result = await deleteRootAccessKeys(runbook);
    expect(result).toEqual({ result: 'already-compliant', reason: 'the IAM API reports AccountAccessKeysPresent = 0' });
    expect(page.url()).toBe('about:blank');
    expect(evidence.record.result).toBe('already-compliant');
    expect(evidence.record.details).toEqual({ keys: [] });
    expect(await accountBytes(account)).toBe(before);
  });

  test('without API access the console says so: signs in, lists no key, changes nothing', async ({
    page,
    config,
    account,
    clock,
    secrets,
    vault,
    log,
    evidence,
    handoff,
  }) => {
    const before = await accountBytes(account);
    const calls = keyCalls(page);
    const result = await deleteRootAccessKeys({ page, config, account, clock, secrets, vault, log, evidence, iam: null, handoff });
    expect(result).toEqual({ result: 'already-compliant', reason: 'Security credentials lists no access key' });
    expect(calls).toEqual([]);
    expect(await accountBytes(account)).toBe(before);
  });
});

test.describe('root-access-keys: one active key', () => {
  test.use({ replicaAccount: { accessKeys: ['Active'] } });
  test('deactivates it, deletes it, records its id and verifies through the API', async ({ runbook, page }) => {
    const calls = keyCalls(page);
    const [key] = await expectRemediated(runbook);
    expect(calls).toEqual(['POST /iam/service/deactivate', `DELETE /iam/service/root/keys/${key!.id}`]);
  });
});

test.describe('root-access-keys: two active keys', () => {
  test.use({ replicaAccount: { accessKeys: ['Active', 'Active'] } });
  test('deactivates and deletes both, in the order listed', async ({ runbook, page }) => {
    const calls = keyCalls(page);
    const [first, second] = await expectRemediated(runbook);
    expect(calls).toEqual([
      'POST /iam/service/deactivate',
      `DELETE /iam/service/root/keys/${first!.id}`,
      'POST /iam/service/deactivate',
      `DELETE /iam/service/root/keys/${second!.id}`,
    ]);
  });
});

test.describe('root-access-keys: one inactive key', () => {
  test.use({ replicaAccount: { accessKeys: ['Inactive'] } });
  test('deletes it without deactivating it', async ({ runbook, page, evidence }) => {
    const calls = keyCalls(page);
    const [key] = await expectRemediated(runbook);
    expect(calls).toEqual([`DELETE /iam/service/root/keys/${key!.id}`]);
    expect(evidence.record.steps.map((s) => s.title)).not.toContain(`Deactivate and delete access key ${key!.id}`);
  });
});

test.describe('root-access-keys on the legacy console (expandable section, per-row buttons)', () => {
  test.use({ replicaAccount: { generation: 'legacy', accessKeys: ['Active', 'Inactive'] } });
  test('makes the active key inactive and deletes both', async ({ runbook, page }) => {
    const calls = keyCalls(page);
    const [active, inactive] = await expectRemediated(runbook);
    expect(calls).toEqual([
      'POST /iam/service/deactivate',
      `DELETE /iam/service/root/keys/${active!.id}`,
      `DELETE /iam/service/root/keys/${inactive!.id}`,
    ]);
  });
});

test.describe('root-access-keys check mode', () => {
  for (const replicaAccount of [
    { accessKeys: ['Active', 'Inactive'] as Array<'Active' | 'Inactive'> },
    { generation: 'legacy' as const, accessKeys: ['Active'] as Array<'Active' | 'Inactive'> },
  ]) {
    test.describe(JSON.stringify(replicaAccount), () => {
      test.use({ replicaAccount });
      test('lists the keys, opens the Delete dialog, cancels, and leaves the account byte-for-byte as it was', async ({
        runbook,
        page,
        config,
        account,
        evidence,
      }) => {
        const before = await accountBytes(account);
        const keys = (await state(account)).accessKeys;
        const calls = keyCalls(page);
        const result = await deleteRootAccessKeys({ ...runbook, config: { ...config, mode: 'check' } });
        expect(result).toEqual({ result: 'checked', keys: keys.map((k) => k.id) });
        expect(evidence.record.result).toBe('checked');
        expect(evidence.record.steps.map((s) => s.title)).toContain('Check the Delete dialog and cancel');
        expect(keysOf({ evidence } as RunbookContext)).toEqual(keys.map((k) => ({ id: k.id, statusBefore: k.status, action: 'none' })));
        expect(calls).toEqual([]);
        expect(await accountBytes(account)).toBe(before);
      });
    });
  }
});

test.describe('root-access-keys: a delete the console refuses', () => {
  test.use({ replicaAccount: { accessKeys: ['Active'], faults: { deleteAccessKeyFails: 1 } } });
  test('stops, says which key remains and what the console said, and tries nothing blindly', async ({
    runbook,
    page,
    account,
    evidence,
  }) => {
    const [key] = (await state(account)).accessKeys;
    const calls = keyCalls(page);
    const error = await deleteRootAccessKeys(runbook).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      `Could not delete access key ${key!.id} of root of ${account.id}: the console said "${SERVICE_FAILURE}". ` +
        `Access key ${key!.id} remains (Inactive). Deleted in this run before it: none.`,
    );
    // One DELETE: the run read the page again instead of sending another.
    expect(calls).toEqual(['POST /iam/service/deactivate', `DELETE /iam/service/root/keys/${key!.id}`]);
    expect((await state(account)).accessKeys.map((k) => ({ id: k.id, status: k.status }))).toEqual([{ id: key!.id, status: 'Inactive' }]);
    const written = JSON.parse(await readFile(await evidence.write(), 'utf8'));
    expect(written.details).toEqual({
      keys: [{ id: key!.id, statusBefore: 'Active', action: 'deactivated' }],
      remaining: [{ id: key!.id, status: 'Inactive' }],
    });
    expect(written.steps.at(-1)).toMatchObject({ title: `Deactivate and delete access key ${key!.id}`, outcome: 'failed' });
    expect(written.result).not.toBe('remediated');
  });
});

test.describe('root-access-keys: the second of two deletes refused', () => {
  test.use({ replicaAccount: { accessKeys: ['Active', 'Inactive'] } });
  test('the error names the key that remains; the evidence lists the key deleted before it', async ({
    runbook,
    page,
    account,
    evidence,
  }) => {
    const [first, second] = (await state(account)).accessKeys;
    // The fault is armed once the first DELETE has succeeded, before the console sees its answer.
    let armed = false;
    await page.route('**/iam/service/root/keys/*', async (route) => {
      if (route.request().method() !== 'DELETE' || armed) return route.continue();
      const response = await route.fetch();
      armed = true;
      await account.replica!.handle.sideDoor.setFaults(account.id!, { deleteAccessKeyFails: 1 });
      await route.fulfill({ response });
    });
    const error = await deleteRootAccessKeys(runbook).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `Could not delete access key ${second!.id} of root of ${account.id}: the console said "${SERVICE_FAILURE}". ` +
        `Access key ${second!.id} remains (Inactive). Deleted in this run before it: ${first!.id}.`,
    );
    expect((await state(account)).accessKeys.map((k) => k.id)).toEqual([second!.id]);
    expect(keysOf({ evidence } as RunbookContext)).toEqual([
      { id: first!.id, statusBefore: 'Active', action: 'deleted' },
      { id: second!.id, statusBefore: 'Inactive', action: 'none' },
    ]);
  });
});

test.describe('root-access-keys: a second run on the finished account', () => {
  test.use({ replicaAccount: { accessKeys: ['Active', 'Inactive'] } });
  test('changes nothing, through the API and through the console', async ({ runbook, browser, account, secrets, evidence }) => {
    await expectRemediated(runbook);
    const before = await accountBytes(account);

    const evidence2 = new Evidence(test.info().outputPath('second'), {
      runbook: 'root-access-keys',
      runbookVersion: 'test',
      target: 'replica',
      account: account.id!,
      control: evidence.record.control,
    });
    const page2 = await (await browser.newContext()).newPage();
    const second = await deleteRootAccessKeys({ ...runbook, page: page2, evidence: evidence2 });
    expect(second.result).toBe('already-compliant');
    expect(page2.url()).toBe('about:blank');

    const context3 = await browser.newContext();
    await secrets.install(context3);
    const page3 = await context3.newPage();
    const calls = keyCalls(page3);
    const evidence3 = new Evidence(test.info().outputPath('third'), {
      runbook: 'root-access-keys',
      runbookVersion: 'test',
      target: 'replica',
      account: account.id!,
      control: evidence.record.control,
    });
    const third = await deleteRootAccessKeys({ ...runbook, page: page3, evidence: evidence3, iam: null });
    expect(third).toEqual({ result: 'already-compliant', reason: 'Security credentials lists no access key' });
    expect(calls).toEqual([]);
    expect(await accountBytes(account)).toBe(before);
  });
});

test.describe('root-access-keys past the forced-MFA prompt', () => {
  test.use({ replicaAccount: { forcedMfaPrompt: true, accessKeys: ['Active'] } });
  test('skips the prompt while it may be skipped, then deletes', async ({ runbook, account }) => {
    await expectRemediated(runbook);
    expect((await state(account)).mfaDevices).toEqual([]);
  });
});

test.describe('root-access-keys when the forced-MFA prompt can no longer be skipped', () => {
  test.use({ replicaAccount: { forcedMfaPrompt: true, forcedMfaDaysLeft: 0, accessKeys: ['Active'] } });
  test('stops, pointing at root-mfa, and changes nothing', async ({ runbook, account }) => {
    const before = durable(await state(account));
    const error = await deleteRootAccessKeys(runbook).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `The console makes root of ${account.id} register an MFA device before anything else: run root-mfa first, then root-access-keys`,
    );
    expect(durable(await state(account))).toEqual(before);
  });
});

test.describe('root-access-keys on a root that has MFA', () => {
  test.use({ replicaAccount: { mfaDevices: ['root-mfa'], accessKeys: ['Active'] } });

  test('headless: stops at the MFA code, naming the step and the account, and changes nothing', async ({ runbook, account }) => {
    const before = durable(await state(account));
    const error = await deleteRootAccessKeys(runbook).catch((e: Error) => e);
    expect(error).toBeInstanceOf(OperatorNeededError);
    expect((error as Error).message).toContain(
      `Sign in as root (MFA code) for root of ${account.id} needs a person: enter the root MFA code in the browser`,
    );
    expect(durable(await state(account))).toEqual(before);
  });

  test('headed: the operator types the code in the browser and the run continues by itself', async ({
    runbook,
    page,
    account,
    clock,
    secrets,
    log,
  }) => {
    const handoff = new Handoff({ headless: false, timeoutMs: 30_000, log });
    // Together: should the run fail first, its error ends the test instead of the operator waiting forever.
    const [result] = await Promise.all([
      deleteRootAccessKeys({ ...runbook, handoff }),
      typeMfaCodeAsOperator(page, account, secrets, clock),
    ]);
    expect(result.result).toBe('remediated');
    expect((await state(account)).accessKeys).toEqual([]);
  });
});

/** Plays the operator: waits for the MFA page, computes a code from the seed the side door shows, submits it. */
async function typeMfaCodeAsOperator(page: Page, account: TargetAccount, secrets: SecretStore, clock: Clock): Promise<void> {
  const field = page.getByRole('textbox', { name: /^MFA code$/i });
  await field.waitFor();
  const { mfaDevices } = await state(account);
  const { code } = await codeAfter(mfaDevices[0]!.seed, 0, clock);
  await secrets.fill(field, secrets.hold('totp-code', code));
  await page.getByRole('button', { name: /^(Submit|Sign in|Verify)$/i }).click();
}
