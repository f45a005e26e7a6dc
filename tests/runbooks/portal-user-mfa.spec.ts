import { execFileSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../../fixtures/runbook.ts';
import type { TargetAccount } from '../../fixtures/account.ts';
import type { Config } from '../../config/settings.ts';
import { Evidence } from '../../lib/evidence/evidence.ts';
import type { SecretStore } from '../../lib/secrets/secrets.ts';
import { newPortalPassword } from '../../lib/secrets/portal-password.ts';
import { codeAfter, codeForStep, normalizeSecret, stepOf } from '../../lib/secrets/totp.ts';
import type { Vault } from '../../lib/secrets/vault.ts';
import { PortalHomePage } from '../../pages/portal/home.page.ts';
import { RegisterMfaDevicePage } from '../../pages/portal/register-mfa.page.ts';
import { SetPasswordPage } from '../../pages/portal/set-password.page.ts';
import { PortalSignInPage } from '../../pages/portal/sign-in.page.ts';
import type { IdentityCenterOptions } from '../../replica/identity-center/contract.ts';
import type { IdentityCenterState, IdcUser } from '../../replica/identity-center/model.ts';
import { registerPortalUserMfa, type PortalUserMfaContext } from '../../runbooks/portal-user-mfa.ts';
import { accountBytes } from '../checks/helpers.ts';

// portal-user-mfa on the replica, from an account seeded where identity-center leaves it: Identity
// Center enabled, the user (one-time password or invitation) in group Admins, AdministratorAccess
// assigned to the group on the account.

/** An account as the identity-center runbook leaves it, for the configured user. */
function seeded(config: Config, password: 'one-time' | 'invited'): { identityCenter: IdentityCenterOptions } {
  const user = config.identityCenter.user!;
  const group = config.identityCenter.groupName;
  return {
    identityCenter: {
      enabledIn: config.identityCenter.region,
      users: [{ ...user, password, groups: [group] }],
      groups: [{ displayName: group }],
      permissionSets: [{ name: config.identityCenter.permissionSet }],
      assignments: [{ principal: { type: 'GROUP', name: group }, permissionSet: config.identityCenter.permissionSet }],
    },
  };
}

const idcState = async (account: TargetAccount): Promise<IdentityCenterState> =>
  (await account.replica!.handle.sideDoor.state<{ identityCenter: IdentityCenterState }>(account.id!)).identityCenter;

async function userOf(account: TargetAccount, config: Config): Promise<IdcUser> {
  const user = (await idcState(account)).users.find((u) => u.userName === config.identityCenter.user!.userName);
  if (!user) throw new Error(`The replica account ${account.id} has no user ${config.identityCenter.user!.userName}`);
  return user;
}

/** The Identity Center state a run may change, less portal sessions and sign-in flows (every sign-in makes them) and the devices' last used steps (every sign-in with MFA spends one). */
async function durable(account: TargetAccount): Promise<unknown> {
  const { portalSessions: _s, portalFlows: _f, users, ...rest } = await idcState(account);
  return { ...rest, users: users.map((u) => ({ ...u, mfaDevices: u.mfaDevices.map(({ lastUsedStep: _l, ...d }) => d) })) };
}

/** Puts the seeded user's one-time password into the vault, as identity-center does when it closes the dialog that shows it. */
async function storeOneTimePassword(account: TargetAccount, config: Config, vault: Vault): Promise<string> {
  const user = await userOf(account, config);
  if (user.password.kind !== 'one-time') throw new Error(`The seeded user has a ${user.password.kind} password, not a one-time one`);
  await vault.store(user.password.secret, { kind: 'identity-center-one-time-password', account: account.id!, label: user.userName });
  return user.password.secret;
}

/** Decrypts a vault file with the age command-line tool and the demo identity. */
const ageDecrypt = (config: Config, file: string): string =>
  execFileSync('age', ['-d', '-i', path.join(config.vaultDir, 'demo-identity.txt'), file]).toString();

const vaultFiles = async (config: Config, account: TargetAccount): Promise<string[]> =>
  (await readdir(path.join(config.vaultDir, account.id!)).catch(() => [] as string[])).filter((f) => f.endsWith('.age')).sort();

/** Leaves the user as a run that stopped after Set new password leaves it: the password set (and in the vault), no device. */
async function stopAfterSettingPassword(
  page: Page,
  account: TargetAccount,
  config: Config,
  secrets: SecretStore,
  vault: Vault,
): Promise<void> {
  const otp = await storeOneTimePassword(account, config, vault);
  const userName = config.identityCenter.user!.userName;
  const signIn = new PortalSignInPage(page, secrets, userName);
  await signIn.open(account.portalUrl((await idcState(account)).instance!.identityStoreId));
  expect(await signIn.signIn({ userName, password: secrets.hold('identity-center-one-time-password', otp) })).toEqual({
    kind: 'new-password',
  });
  const password = secrets.hold('portal-password', newPortalPassword());
  await vault.store(password.reveal(), { kind: 'portal-password', account: account.id!, label: userName });
  expect(await new SetPasswordPage(page, secrets, userName).setPassword(password)).toEqual({ ok: true });
  await new RegisterMfaDevicePage(page, secrets).waitUntilShown();
}

/** A page in a fresh context with the secret bridge installed, and its own evidence record (a second run). */
async function freshRun(
  browser: Browser,
  secrets: SecretStore,
  account: TargetAccount,
  name: string,
): Promise<{ page: Page; evidence: Evidence }> {
  const context = await browser.newContext();
  await secrets.install(context);
  const evidence = new Evidence(test.info().outputPath(name), {
    runbook: 'portal-user-mfa',
    runbookVersion: 'test',
    target: 'replica',
    account: account.id!,
    control: { satisfies: [], doesNotSatisfy: [], note: '' },
  });
  return { page: await context.newPage(), evidence };
}

/** The run remediated: the replica holds exactly the vault's password and seed, and the evidence names no secret. */
async function expectRemediated(
  ctx: PortalUserMfaContext,
  result: Awaited<ReturnType<typeof registerPortalUserMfa>>,
  firstPassword: string,
): Promise<void> {
  expect(result.result).toBe('remediated');
  if (result.result !== 'remediated') return;
  const user = await userOf(ctx.account, ctx.config);
  expect(user.password.kind).toBe('set');
  expect(user.mfaDevices).toHaveLength(1);
  const device = user.mfaDevices[0]!;

  // The vault's files decrypt, with the age CLI, to exactly what the replica holds.
  const password = ageDecrypt(ctx.config, result.passwordVaultFile!);
  expect(password).toBe(user.password.kind === 'set' ? user.password.secret : undefined);
  expect(password).not.toBe(firstPassword);
  expect(ageDecrypt(ctx.config, result.seedVaultFile)).toBe(device.seed);
  expect(result.deviceName).toBe(device.name);

  // Each secret reached the vault before the step that needs it.
  const titles = ctx.evidence.record.steps.map((s) => s.title);
  expect(titles.indexOf('Store the new password in the vault')).toBeGreaterThan(-1);
  expect(titles.indexOf('Store the new password in the vault')).toBeLessThan(titles.indexOf('Set the new password'));
  expect(titles.indexOf('Store the MFA seed in the vault')).toBeGreaterThan(-1);
  expect(titles.indexOf('Store the MFA seed in the vault')).toBeLessThan(titles.indexOf('Assign MFA with one authenticator code'));
  expect(ctx.evidence.record.steps.map((s) => s.outcome)).not.toContain('failed');
  // The sign-back-in used a code from a later step than the registration code.
  const attempts = ctx.evidence.record.details!.codeAttempts as Array<{ step: number; outcome: string }>;
  expect(attempts.at(-1)!.outcome).toBe('accepted');
  expect(device.lastUsedStep).toBeGreaterThan(attempts.at(-1)!.step);

  // Evidence: names and ids, never a secret.
  expect(ctx.evidence.record.details).toMatchObject({
    userName: user.userName,
    portalUrl: ctx.account.portalUrl((await idcState(ctx.account)).instance!.identityStoreId),
    deviceName: device.name,
  });
  expect(ctx.evidence.record.details!.accountsListed).toEqual([
    { accountId: ctx.account.id, permissionSets: [ctx.config.identityCenter.permissionSet] },
  ]);
  expect(ctx.evidence.record.verification).toMatchObject({
    userId: user.userId,
    assignedThrough: [expect.objectContaining({ principalType: 'GROUP' })],
  });
  const record = JSON.stringify(ctx.evidence.record);
  for (const secret of [password, device.seed, firstPassword].filter(Boolean)) expect(record).not.toContain(secret);
}

test.describe('portal-user-mfa with a one-time password', () => {
  test.use({ replicaAccount: async ({ config }, use) => use(seeded(config, 'one-time')) });

  test('sets a new password, registers an authenticator app, signs back in with MFA; the vault decrypts to what the replica holds', async ({
    idcRunbook,
    config,
    account,
    vault,
  }) => {
    const otp = await storeOneTimePassword(account, config, vault);
    const ctx = idcRunbook;
    await expectRemediated(ctx, await registerPortalUserMfa(ctx), otp);
    expect((await userOf(account, config)).previousPasswords).toEqual([otp]);
  });

  test('a second run on the finished account changes nothing and reports already-compliant', async ({
    idcRunbook,
    browser,
    config,
    account,
    secrets,
    vault,
  }) => {
    await storeOneTimePassword(account, config, vault);
    expect((await registerPortalUserMfa(idcRunbook)).result).toBe('remediated');
    const before = await durable(account);
    const filesBefore = await vaultFiles(config, account);

    const second = await freshRun(browser, secrets, account, 'second');
    const result = await registerPortalUserMfa({ ...idcRunbook, page: second.page, evidence: second.evidence });
    expect(result).toMatchObject({ result: 'already-compliant', reason: expect.stringMatching(/sign in/) });
    expect(second.evidence.record.result).toBe('already-compliant');
    expect(second.evidence.record.steps.map((s) => s.title)).not.toContain('Set the new password');
    expect(await durable(account)).toEqual(before);
    expect(await vaultFiles(config, account)).toEqual(filesBefore);
    await second.page.context().close();
  });

  test('check mode walks up to Set new password, changes nothing, and stores nothing', async ({
    idcRunbook,
    config,
    account,
    vault,
    evidence,
  }) => {
    await storeOneTimePassword(account, config, vault);
    const before = await durable(account);
    const filesBefore = await vaultFiles(config, account);
    const result = await registerPortalUserMfa({ ...idcRunbook, config: { ...config, mode: 'check' } });
    expect(result).toEqual({ result: 'checked' });
    expect(evidence.record.steps.map((s) => s.title)).toEqual([
      'Find the AWS access portal URL',
      'Check whether the user already signs in with MFA',
      'Sign in with the one-time password',
      'Open the set-password page',
    ]);
    expect(await durable(account)).toEqual(before);
    expect((await userOf(account, config)).password.kind).toBe('one-time');
    expect(await vaultFiles(config, account)).toEqual(filesBefore);
  });

  test('check mode on a finished account signs in with MFA, checks the home, and changes nothing', async ({
    idcRunbook,
    browser,
    config,
    account,
    secrets,
    vault,
  }) => {
    await storeOneTimePassword(account, config, vault);
    await registerPortalUserMfa(idcRunbook);
    const before = await durable(account);
    const second = await freshRun(browser, secrets, account, 'check');
    const result = await registerPortalUserMfa({
      ...idcRunbook,
      page: second.page,
      config: { ...config, mode: 'check' },
      evidence: second.evidence,
    });
    expect(result.result).toBe('already-compliant');
    expect(await durable(account)).toEqual(before);
    await second.page.context().close();
  });

  test("after a run that stopped once the password was set, it registers the app with the vault's password", async ({
    idcRunbook,
    page,
    config,
    account,
    secrets,
    vault,
    evidence,
  }) => {
    await stopAfterSettingPassword(page, account, config, secrets, vault);
    const result = await registerPortalUserMfa(idcRunbook);
    expect(result).toMatchObject({ result: 'remediated', deviceName: 'Authenticator app 1' });
    expect(evidence.record.steps.map((s) => s.title)).not.toContain('Set the new password');
    const user = await userOf(account, config);
    const stored = await vault.latest('portal-password', account.id!, user.userName);
    expect(user.password).toEqual({ kind: 'set', secret: stored!.value });
    expect(ageDecrypt(config, (result as { seedVaultFile: string }).seedVaultFile)).toBe(user.mfaDevices[0]!.seed);
  });

  test('a password stored but never set (a run that stopped before Set new password) is refused, and the run starts from the one-time password', async ({
    idcRunbook,
    config,
    account,
    secrets,
    vault,
    evidence,
  }) => {
    const otp = await storeOneTimePassword(account, config, vault);
    const userName = config.identityCenter.user!.userName;
    await vault.store(secrets.hold('portal-password', newPortalPassword()).reveal(), {
      kind: 'portal-password',
      account: account.id!,
      label: userName,
    });
    const ctx = idcRunbook;
    await expectRemediated(ctx, await registerPortalUserMfa(ctx), otp);
    expect(evidence.record.steps.map((s) => s.title)).toContain('Sign in with the one-time password');
  });

  test('check mode after a run that stopped once the password was set walks up to Register MFA device and changes nothing', async ({
    idcRunbook,
    page,
    config,
    account,
    secrets,
    vault,
    evidence,
  }) => {
    await stopAfterSettingPassword(page, account, config, secrets, vault);
    const before = await durable(account);
    const result = await registerPortalUserMfa({ ...idcRunbook, config: { ...config, mode: 'check' } });
    expect(result).toEqual({ result: 'checked' });
    expect(evidence.record.steps.map((s) => s.title).at(-1)).toBe('Open Register MFA device');
    expect(await durable(account)).toEqual(before);
  });

  test('without the one-time password in the vault it stops, naming the user and what to run, and changes nothing', async ({
    idcRunbook,
    config,
    account,
  }) => {
    const before = await durable(account);
    const error = await registerPortalUserMfa(idcRunbook).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `The vault holds no one-time password for Identity Center user ${config.identityCenter.user!.userName} of ${account.id}: run identity-center first (it stores it), or choose IDC_PASSWORD_DELIVERY=email`,
    );
    expect(await durable(account)).toEqual(before);
  });

  test('the replica refuses a wrong registration code, and a registration code sent again or reused at sign-in', async ({
    page,
    config,
    account,
    clock,
    secrets,
    vault,
  }) => {
    const otp = await storeOneTimePassword(account, config, vault);
    const userName = config.identityCenter.user!.userName;
    const portalUrl = account.portalUrl((await idcState(account)).instance!.identityStoreId);
    const signIn = new PortalSignInPage(page, secrets, userName);
    await signIn.open(portalUrl);
    expect(await signIn.signIn({ userName, password: secrets.hold('identity-center-one-time-password', otp) })).toEqual({
      kind: 'new-password',
    });
    const password = secrets.hold('portal-password', 'Test-Portal-Password-7+');
    expect(await new SetPasswordPage(page, secrets, userName).setPassword(password)).toEqual({ ok: true });
    const register = new RegisterMfaDevicePage(page, secrets);
    await register.waitUntilShown();
    await register.chooseAuthenticatorApp();
    const seed = normalizeSecret((await register.revealSecret()).reveal());
    const now = stepOf(clock.now());

    // Wrong: a code of the right seed, but ten steps away; then one of another seed (built here: a Base32 literal would read as a leaked seed).
    for (const wrong of [codeForStep(seed, now + 10), codeForStep('A'.repeat(32), now)]) {
      expect(await register.assignMfa(secrets.hold('totp-code', wrong))).toEqual({ ok: false, message: 'Invalid MFA code. Try again.' });
      expect((await userOf(account, config)).mfaDevices).toEqual([]);
    }
    const { code, step } = await codeAfter(seed, now - 1, clock);
    expect(await register.assignMfa(secrets.hold('totp-code', code))).toEqual({ ok: true, deviceName: 'Authenticator app 1' });

    // Sent again (a replayed "Assign MFA"): nothing more is registered.
    const replay = await page.request.post(`${portalUrl}/mfa/register/authenticator`, {
      form: { authenticatorCode: code },
      maxRedirects: 0,
    });
    expect(replay.status()).toBe(302);
    expect((await userOf(account, config)).mfaDevices).toHaveLength(1);

    // Reused at sign-in, while its step is still within the window the portal accepts: refused.
    await register.finish();
    await new PortalHomePage(page).signOut();
    expect(stepOf(clock.now()) - step).toBeLessThanOrEqual(1);
    const reused = await signIn.signIn({ userName, password, mfaCode: async () => secrets.hold('totp-code', code) });
    expect(reused).toEqual({ kind: 'refused', at: 'mfa', message: 'Invalid MFA code. Try again.' });
    const fresh = await codeAfter(seed, step, clock);
    await signIn.enterMfaCode(secrets.hold('totp-code', fresh.code));
    await new PortalHomePage(page).waitUntilShown();
  });
});

test.describe('portal-user-mfa with the invitation email', () => {
  test.use({ replicaAccount: async ({ config }, use) => use(seeded(config, 'invited')) });

  test('accepts the invitation from the outbox, then sets the password and registers the app', async ({
    idcRunbook,
    page,
    config,
    account,
    secrets,
    evidence,
  }) => {
    const emailConfig = { ...config, identityCenter: { ...config.identityCenter, passwordDelivery: 'email' as const } };
    const ctx = { ...idcRunbook, config: emailConfig };
    const result = await registerPortalUserMfa(ctx);
    await expectRemediated(ctx, result, '');
    expect(evidence.record.steps.map((s) => s.title)).toContain('Open the invitation');
    // The invitation token was handled as a secret (so the trace and logs lose it), and is spent.
    expect(secrets.handled().map((s) => s.kind)).toContain('identity-center-invitation-token');
    const [mail] = await account.replica!.handle.sideDoor.outbox(account.id!);
    expect((await page.goto(mail!.link))!.status()).toBe(410);
  });

  test('check mode stops at New user sign up and changes nothing', async ({ idcRunbook, config, account }) => {
    const before = await durable(account);
    const emailConfig = {
      ...config,
      mode: 'check' as const,
      identityCenter: { ...config.identityCenter, passwordDelivery: 'email' as const },
    };
    expect(await registerPortalUserMfa({ ...idcRunbook, config: emailConfig })).toEqual({ result: 'checked' });
    expect(await durable(account)).toEqual(before);
    expect((await userOf(account, config)).password.kind).toBe('invited');
  });
});

test.describe('portal-user-mfa before identity-center', () => {
  test('stops naming the Region and what to run when Identity Center has no instance, and opens no page', async ({
    idcRunbook,
    page,
    config,
    account,
    evidence,
  }) => {
    const error = await registerPortalUserMfa(idcRunbook).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `IAM Identity Center has no instance in ${config.identityCenter.region} for ${account.label}: run identity-center first, or set IDC_REGION to the Region it lives in`,
    );
    expect(page.url()).toBe('about:blank');
    expect(evidence.record.steps).toEqual([expect.objectContaining({ title: 'Find the AWS access portal URL', outcome: 'failed' })]);
  });

  test('check mode on a fresh account has no portal page to check: it says so, opens no page, and changes nothing', async ({
    idcRunbook,
    page,
    config,
    account,
    evidence,
  }) => {
    const before = await accountBytes(account);
    const result = await registerPortalUserMfa({ ...idcRunbook, config: { ...config, mode: 'check' } });
    expect(result).toEqual({ result: 'checked' });
    expect(evidence.record.result).toBe('checked');
    expect(evidence.record.details).toEqual({
      userName: config.identityCenter.user!.userName,
      notChecked: expect.stringContaining('run identity-center first'),
    });
    expect(evidence.record.steps).toEqual([expect.objectContaining({ title: 'Find the AWS access portal URL', outcome: 'passed' })]);
    expect(page.url()).toBe('about:blank');
    expect(await accountBytes(account)).toBe(before);
  });
});
