import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '../../fixtures/runbook.ts';
import type { TargetAccount } from '../../fixtures/account.ts';
import { ConsoleDriftError } from '../../lib/drift/drift.ts';
import { Evidence } from '../../lib/evidence/evidence.ts';
import type { IdentityCenterState } from '../../replica/identity-center/model.ts';
import type { Account } from '../../replica/iam/model.ts';
import { setUpIdentityCenter } from '../../runbooks/identity-center.ts';
import { IdentityCenterInAnotherRegionError, UserEmailMismatchError } from '../../runbooks/procedures/identity-center.ts';
import type { IdcRunbookContext } from '../../runbooks/context.ts';
import { assignRootMfa } from '../../runbooks/root-mfa.ts';

// The identity-center runbook on the replica: from a fresh account, again on the finished one, in
// another Region, with the invitation email, for a root with MFA, in check mode, and on a changed page.

const state = (account: TargetAccount) => account.replica!.handle.sideDoor.state<Account>(account.id!);
const idcState = async (account: TargetAccount): Promise<IdentityCenterState> => (await state(account)).identityCenter;

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

/** What the runbook may change: organization, directory, permission sets, assignments, mail (portal sessions are not the set-up). */
async function setUpBytes(account: TargetAccount): Promise<string> {
  const { portalSessions: _s, portalFlows: _f, ...rest } = await idcState(account);
  return JSON.stringify({ ...rest, mfaDevices: (await state(account)).mfaDevices.map((d) => ({ ...d, lastUsedStep: null })) });
}

type Fixtures = Omit<IdcRunbookContext, 'config'> & { config: IdcRunbookContext['config'] };
const ctxOf = (f: Fixtures): IdcRunbookContext => ({
  page: f.page,
  config: f.config,
  account: f.account,
  clock: f.clock,
  secrets: f.secrets,
  vault: f.vault,
  log: f.log,
  evidence: f.evidence,
  iam: f.iam,
  handoff: f.handoff,
  idc: f.idc,
});

/** The APIs show the whole set-up: instance in the Region, the user in the group, the permission set with AdministratorAccess, the provisioned assignment. */
async function expectSetUpThroughApis(
  ctx: IdcRunbookContext,
): Promise<{ instanceArn: string; identityStoreId: string; userId: string; groupId: string; permissionSetArn: string }> {
  const { idc, config, account } = ctx;
  const instance = await idc!.instance();
  expect(instance, `an instance in ${config.identityCenter.region}`).toBeDefined();
  const user = await idc!.user(instance!.identityStoreId, config.identityCenter.user!.userName);
  expect(user).toMatchObject({ userName: config.identityCenter.user!.userName, email: config.identityCenter.user!.email });
  const groupId = await idc!.groupId(instance!.identityStoreId, config.identityCenter.groupName);
  expect(groupId).toBeDefined();
  expect(await idc!.groupsOf(instance!.identityStoreId, user!.userId)).toContain(groupId);
  const set = await idc!.permissionSet(instance!.instanceArn, config.identityCenter.permissionSet);
  expect(set).toMatchObject({ managedPolicies: ['AdministratorAccess'], sessionDuration: 'PT1H' });
  expect(await idc!.assignments(instance!.instanceArn, account.id!, set!.arn)).toEqual([{ principalType: 'GROUP', principalId: groupId }]);
  return {
    instanceArn: instance!.instanceArn,
    identityStoreId: instance!.identityStoreId,
    userId: user!.userId,
    groupId: groupId!,
    permissionSetArn: set!.arn,
  };
}

test.describe('identity-center from a fresh account', () => {
  test('enables, creates the group, the user (one-time password in the vault first), the permission set and the assignment; the APIs show all of it', async ({
    idcRunbook,
    config,
    account,
    evidence,
  }) => {
    const ctx = ctxOf(idcRunbook);
    const result = await setUpIdentityCenter(ctx);
    expect(result).toMatchObject({ result: 'remediated', changed: ['instance', 'group', 'user', 'permission set', 'assignment'] });
    const ids = await expectSetUpThroughApis(ctx);

    // The one-time password in the vault decrypts, with the age command-line tool, to what the replica holds.
    const ic = await idcState(account);
    const replicaUser = ic.users.find((u) => u.userName === config.identityCenter.user!.userName)!;
    expect(replicaUser.password.kind).toBe('one-time');
    const vaultFile = result.result === 'remediated' ? result.vaultFile! : '';
    const decrypted = execFileSync('age', ['-d', '-i', path.join(config.vaultDir, 'demo-identity.txt'), vaultFile]).toString();
    expect(decrypted).toBe((replicaUser.password as { secret: string }).secret);
    expect(ic.outbox).toEqual([]);

    // The password went to the vault while the dialog was still open: the store comes before the close.
    const titles = evidence.record.steps.map((s) => s.title);
    expect(titles.indexOf('Store the one-time password in the vault')).toBeGreaterThan(
      titles.indexOf(`Add the user "${config.identityCenter.user!.userName}"`),
    );
    expect(titles.indexOf('Store the one-time password in the vault')).toBeLessThan(titles.indexOf('Close the one-time password dialog'));
    expect(titles).toEqual(
      expect.arrayContaining([
        'Check what IAM Identity Center already has',
        'Sign in as root',
        'Enable IAM Identity Center with AWS Organizations',
        'Wait for provisioning',
        'Verify through the APIs',
      ]),
    );
    expect(evidence.record.steps.map((s) => s.outcome)).not.toContain('failed');
    // Ids only in the evidence: never the password.
    expect(evidence.record).toMatchObject({
      runbook: 'identity-center',
      result: 'remediated',
      vaultFile,
      details: expect.objectContaining({
        instanceArn: ids.instanceArn,
        userId: ids.userId,
        groupId: ids.groupId,
        permissionSetArn: ids.permissionSetArn,
        assignmentStatus: 'provisioned',
      }),
    });
    expect(JSON.stringify(evidence.record)).not.toContain((replicaUser.password as { secret: string }).secret);
  });
});

test.describe('identity-center when "Continue" opens the settings page (tags, delegated administration, Save)', () => {
  test.use({ replicaAccount: { identityCenter: { enableFlow: 'settings-page' } } });
  test('saves the settings page with neither, enables exactly once, and finishes the set-up', async ({
    idcRunbook,
    page,
    config,
    account,
    evidence,
  }) => {
    const enables: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/singlesignon/api/enable') enables.push(r.postData() ?? '');
    });
    const ctx = ctxOf(idcRunbook);
    const result = await setUpIdentityCenter(ctx);
    expect(result).toMatchObject({ result: 'remediated', changed: ['instance', 'group', 'user', 'permission set', 'assignment'] });
    // One enable call, from "Save", with no tags and no delegated administrator.
    expect(enables.map((b) => JSON.parse(b))).toEqual([{ tags: [], delegatedAdministrator: '' }]);
    const ic = await idcState(account);
    expect(ic.instance).toMatchObject({ region: config.identityCenter.region });
    expect(ic.instance!.tags).toBeUndefined();
    await expectSetUpThroughApis(ctx);
    expect(evidence.record.steps.map((s) => s.outcome)).not.toContain('failed');
  });

  test('check mode stops at the dialog as before: it never presses Continue, and nothing changes', async ({
    idcRunbook,
    page,
    config,
    account,
    evidence,
  }) => {
    const continued: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/singlesignon/api/enable') continued.push(r.method());
    });
    const before = await accountBytes(account);
    const result = await setUpIdentityCenter(ctxOf({ ...idcRunbook, config: { ...config, mode: 'check' } }));
    expect(result).toEqual({ result: 'checked' });
    expect(evidence.record.steps.map((s) => s.title)).toContain('Check the enable dialog and cancel');
    expect(page.url()).not.toContain('#/enable');
    expect(continued).toEqual([]);
    expect(await accountBytes(account)).toBe(before);
  });
});

test.describe('identity-center on a finished account', () => {
  test('a second run changes nothing: through the APIs without opening the console, and through the console without API access', async ({
    idcRunbook,
    browser,
    account,
    secrets,
    evidence,
  }) => {
    expect((await setUpIdentityCenter(ctxOf(idcRunbook))).result).toBe('remediated');
    const before = await setUpBytes(account);

    // With API access: the check-first step answers, no browser step runs.
    const evidence2 = new Evidence(test.info().outputPath('second'), {
      runbook: 'identity-center',
      runbookVersion: 'test',
      target: 'replica',
      account: account.id!,
      control: evidence.record.control,
    });
    const page2 = await (await browser.newContext()).newPage();
    const second = await setUpIdentityCenter({ ...idcRunbook, page: page2, evidence: evidence2 });
    expect(second).toMatchObject({ result: 'already-compliant', reason: expect.stringMatching(/APIs show/) });
    expect(evidence2.record.result).toBe('already-compliant');
    expect(page2.url()).toBe('about:blank');

    // Without API access: every console page is read, every part is found, nothing is added.
    const context3 = await browser.newContext();
    await secrets.install(context3);
    const evidence3 = new Evidence(test.info().outputPath('third'), {
      runbook: 'identity-center',
      runbookVersion: 'test',
      target: 'replica',
      account: account.id!,
      control: evidence.record.control,
    });
    const third = await setUpIdentityCenter({ ...idcRunbook, page: await context3.newPage(), evidence: evidence3, idc: null });
    expect(third).toMatchObject({ result: 'already-compliant', reason: expect.stringMatching(/console shows every part/) });
    expect(evidence3.record.steps.map((s) => s.title)).not.toContain('Store the one-time password in the vault');

    expect(await setUpBytes(account)).toBe(before);
  });
});

test.describe('identity-center when Identity Center lives in another Region', () => {
  test.use({ replicaAccount: { identityCenter: { enabledIn: 'eu-west-1' } } });
  test('stops with an error naming that Region and changes nothing', async ({ idcRunbook, config, account, evidence }) => {
    expect(config.identityCenter.region).not.toBe('eu-west-1');
    const before = await accountBytes(account);
    const error = await setUpIdentityCenter(ctxOf(idcRunbook)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdentityCenterInAnotherRegionError);
    expect((error as Error).message).toContain(
      `IAM Identity Center of root of ${account.id} is enabled in eu-west-1, not in ${config.identityCenter.region}`,
    );
    expect((error as Error).message).toContain('IDC_REGION=eu-west-1');
    expect(evidence.record.steps.at(-1)).toMatchObject({ title: 'Read whether IAM Identity Center is enabled', outcome: 'passed' });
    expect(await accountBytes(account)).toBe(before);
  });
});

test.describe('identity-center with the invitation email', () => {
  test('sends the invitation to the configured address and stores no one-time password', async ({
    idcRunbook,
    config,
    account,
    vault,
    evidence,
  }) => {
    const byEmail = { ...config, identityCenter: { ...config.identityCenter, passwordDelivery: 'email' as const } };
    const result = await setUpIdentityCenter(ctxOf({ ...idcRunbook, config: byEmail }));
    expect(result).toMatchObject({ result: 'remediated', changed: ['instance', 'group', 'user', 'permission set', 'assignment'] });
    expect(result.result === 'remediated' && result.vaultFile).toBeFalsy();
    await expectSetUpThroughApis(ctxOf({ ...idcRunbook, config: byEmail }));

    const user = config.identityCenter.user!;
    const outbox = await account.replica!.handle.sideDoor.outbox(account.id!);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ to: user.email, userName: user.userName, link: expect.stringContaining('token=') });
    const replicaUser = (await idcState(account)).users.find((u) => u.userName === user.userName)!;
    expect(replicaUser.password.kind).toBe('invited');
    expect(await vault.latest('identity-center-one-time-password', account.id!, user.userName)).toBeUndefined();
    expect(evidence.record.vaultFile).toBeUndefined();
    expect(evidence.record.steps.map((s) => s.title)).not.toContain('Store the one-time password in the vault');
  });
});

test.describe('identity-center for a root with MFA', () => {
  test('signs in with a code from the root seed in the vault (stored by root-mfa)', async ({
    runbook,
    idcRunbook,
    browser,
    account,
    secrets,
    evidence,
  }) => {
    // root-mfa first, in a context of its own: its evidence is not this run's.
    const rootContext = await browser.newContext();
    await secrets.install(rootContext);
    const rootEvidence = new Evidence(test.info().outputPath('root-mfa'), {
      runbook: 'root-mfa',
      runbookVersion: 'test',
      target: 'replica',
      account: account.id!,
      control: evidence.record.control,
    });
    expect((await assignRootMfa({ ...runbook, page: await rootContext.newPage(), evidence: rootEvidence })).result).toBe('assigned');
    const stepAfterRootMfa = (await state(account)).mfaDevices[0]!.lastUsedStep!;

    const result = await setUpIdentityCenter(ctxOf(idcRunbook));
    expect(result.result).toBe('remediated');
    // The sign-in used a fresh code of the device whose seed root-mfa put in the vault.
    expect((await state(account)).mfaDevices[0]!.lastUsedStep).toBeGreaterThan(stepAfterRootMfa);
    expect(evidence.record.steps.find((s) => s.title === 'Sign in as root')).toMatchObject({ outcome: 'passed' });
    await expectSetUpThroughApis(ctxOf(idcRunbook));
  });
});

test.describe('identity-center refusals', () => {
  test('a user of that name with another email address stops the run before the console is opened', async ({
    idcRunbook,
    config,
    account,
    evidence,
  }) => {
    const ctx = ctxOf(idcRunbook);
    await setUpIdentityCenter(ctx);
    const before = await setUpBytes(account);
    const other = {
      ...config,
      identityCenter: { ...config.identityCenter, user: { ...config.identityCenter.user!, email: 'someone-else@example.com' } },
    };
    const evidence2 = new Evidence(test.info().outputPath('second'), {
      runbook: 'identity-center',
      runbookVersion: 'test',
      target: 'replica',
      account: account.id!,
      control: evidence.record.control,
    });
    const error = await setUpIdentityCenter({ ...ctx, config: other, evidence: evidence2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserEmailMismatchError);
    expect((error as Error).message).toContain(
      `already has a user "${config.identityCenter.user!.userName}" with the email address ${config.identityCenter.user!.email}, not someone-else@example.com`,
    );
    expect(await setUpBytes(account)).toBe(before);
  });
});

for (const { title, replicaAccount, walked } of [
  { title: 'a fresh account', replicaAccount: {}, walked: ['Check the enable dialog and cancel'] },
  {
    title: 'an account with Identity Center enabled and nothing else',
    replicaAccount: { identityCenter: { enabledIn: 'us-east-1' } },
    walked: ['Find or create the group "Admins"', 'Add the user "cloud-admin"', 'Find or create the permission set "AdministratorAccess"'],
  },
]) {
  test.describe(`identity-center check mode on ${title}`, () => {
    test.use({ replicaAccount });
    test('walks every page up to the first change, checks its shape, cancels, and leaves the account byte-for-byte as it was', async ({
      idcRunbook,
      config,
      account,
      evidence,
    }) => {
      const before = await accountBytes(account);
      const result = await setUpIdentityCenter(ctxOf({ ...idcRunbook, config: { ...config, mode: 'check' } }));
      expect(result).toEqual({ result: 'checked' });
      expect(evidence.record.result).toBe('checked');
      expect(evidence.record.steps.map((s) => s.outcome)).not.toContain('failed');
      expect(evidence.record.steps.map((s) => s.title)).toEqual(expect.arrayContaining(walked));
      expect(await accountBytes(account)).toBe(before);
    });
  });
}

test.describe('identity-center check mode on a changed console', () => {
  test('a renamed "Enable" button is drift naming the dashboard page object and its recorded shape; nothing changes', async ({
    idcRunbook,
    config,
    account,
  }) => {
    await account.replica!.handle.sideDoor.setDrift(account.id!, { renameLabel: [{ from: 'Enable', to: 'Get started' }] });
    const before = await accountBytes(account);
    const error = await setUpIdentityCenter(ctxOf({ ...idcRunbook, config: { ...config, mode: 'check' } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleDriftError);
    expect((error as ConsoleDriftError).details).toMatchObject({
      runbook: 'identity-center',
      pageObject: 'IdentityCenterDashboard',
      snapshot: 'pages/__aria__/identity-center-enable.aria.yml',
    });
    expect((error as ConsoleDriftError).details.diff).toContain('- button "Enable"');
    expect((error as ConsoleDriftError).details.diff).toContain('+ button "Get started"');
    expect(await accountBytes(account)).toBe(before);
  });
});
