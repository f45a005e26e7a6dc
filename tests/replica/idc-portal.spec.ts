import { test, expect, type Page } from '@playwright/test';
import type { CreatedAccount } from '../../replica/contract.ts';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { accountState, code, freshStep, newAccount, nextStep, sideDoor, signIn } from './helpers.ts';
import { idc, userInput } from './idc-helpers.ts';

// The AWS access portal in a browser: invitation → New user sign up → Register MFA device (one
// code) → Done → home; sign-in with username, password and MFA code; one-time password → new password.

let replica: ReplicaServer;
test.beforeAll(async () => {
  replica = await startReplica();
});
test.afterAll(async () => {
  await replica.close();
});

const PASSWORD = 'Correct-Horse-7-Battery';

async function idcState(account: CreatedAccount): Promise<any> {
  return ((await accountState(replica.baseUrl, account.accountId)) as unknown as { identityCenter: any }).identityCenter;
}

/** An account with Identity Center enabled and one user added through the console API. */
async function withUser(mode: 'email' | 'otp') {
  const account = await newAccount(replica.baseUrl, { identityCenter: { enabledIn: 'us-east-1' } });
  const admin = await signIn(replica.baseUrl, account);
  const added = await idc(admin, 'POST', 'users', 'us-east-1', userInput('ada', mode));
  expect(added.status).toBe(200);
  return { account, admin, added: added.body, portal: added.body.portalUrl as string };
}

/** Register MFA device → Authenticator app → show secret key → one code → Assign MFA → Done; answers the seed. */
async function registerAuthenticator(page: Page, account: CreatedAccount): Promise<string> {
  await expect(page.getByRole('heading', { name: 'Register MFA device' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Authenticator app' })).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Set up the authenticator app' })).toBeVisible();
  await page.getByRole('button', { name: 'Show QR code' }).click();
  await expect(page.getByRole('img', { name: 'QR code' })).toBeVisible();
  await page.getByRole('button', { name: 'show secret key' }).click();
  const seed = (await page.locator('#secret_key').textContent())!; // the key is plain text in a <code>: no role names it
  expect(seed).toMatch(/^[A-Z2-7]{64}$/);
  await page.getByLabel('Authenticator code').fill('000000');
  await page.getByRole('button', { name: 'Assign MFA' }).click();
  await expect(page.getByRole('alert')).toHaveText('Invalid MFA code. Try again.');
  const step = await freshStep(replica.baseUrl, account.accountId);
  await page.getByLabel('Authenticator code').fill(code(seed, step));
  await page.getByRole('button', { name: 'Assign MFA' }).click();
  await expect(page.getByRole('heading', { name: 'Authenticator app registered' })).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('heading', { name: 'AWS access portal', level: 1 })).toBeVisible();
  return seed;
}

async function signInPortal(page: Page, portal: string, userName: string, password: string): Promise<void> {
  await page.goto(portal);
  await page.getByLabel('Username').fill(userName);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('invitation: New user sign up with the password rules, one-code MFA registration, then the portal home', async ({ page }) => {
  const { account, portal } = await withUser('email');
  const [mail] = await sideDoor(replica.baseUrl).outbox(account.accountId);
  expect(mail!.text).toContain(mail!.link);
  await page.goto(mail!.link);
  await expect(page.getByRole('heading', { name: 'New user sign up' })).toBeVisible();
  await expect(page.getByText('ada', { exact: true })).toBeVisible();

  await page.getByLabel('New password').fill('short');
  await page.getByLabel('Confirm password').fill('short');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('alert')).toContainText('Password must be between 8 and 64 characters.');
  await expect(page.getByRole('alert')).toContainText('Password must contain at least one uppercase letter (A-Z).');
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(`${PASSWORD}x`);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('alert')).toHaveText('Passwords do not match.');
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set new password' }).click();

  const seed = await registerAuthenticator(page, account);
  await expect(page.getByText('You do not have access to any AWS accounts yet.')).toBeVisible();
  const ic = await idcState(account);
  expect(ic.users[0].password).toEqual({ kind: 'set', secret: PASSWORD });
  expect(ic.users[0].mfaDevices).toEqual([expect.objectContaining({ seed })]);

  // The invitation is spent.
  const again = await page.goto(mail!.link);
  expect(again!.status()).toBe(410);
  expect(portal).toBe(`${replica.baseUrl}/start/${ic.instance.identityStoreId}`);
});

test('sign-in asks for one MFA code (used codes refused) and the home lists account and permission set', async ({ page }) => {
  const { account, admin, added, portal } = await withUser('email');
  const [mail] = await sideDoor(replica.baseUrl).outbox(account.accountId);
  await page.goto(mail!.link);
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set new password' }).click();
  const seed = await registerAuthenticator(page, account);

  const group = await idc(admin, 'POST', 'groups', 'us-east-1', { displayName: 'Admins', description: '', userIds: [added.user.userId] });
  const set = await idc(admin, 'POST', 'permission-sets', 'us-east-1', {
    policy: 'AdministratorAccess',
    name: 'AdministratorAccess',
    description: '',
    sessionDuration: 'PT1H',
    relayState: '',
  });
  await idc(admin, 'POST', `accounts/${account.accountId}/assignments`, 'us-east-1', {
    principals: [{ type: 'GROUP', id: group.body.groupId }],
    permissionSetArns: [set.body.arn],
  });
  await idc(admin, 'GET', `accounts/${account.accountId}/assignments`, 'us-east-1'); // a read settles provisioning

  await page.getByRole('link', { name: 'Sign out' }).click();
  await signInPortal(page, portal, 'ada', 'wrong-password');
  await expect(page.getByRole('alert')).toHaveText('Incorrect username or password.');
  await signInPortal(page, portal, 'nobody', PASSWORD);
  await expect(page.getByRole('alert')).toHaveText('Incorrect username or password.');

  await signInPortal(page, portal, 'ada', PASSWORD);
  await expect(page.getByRole('heading', { name: 'Multi-factor authentication' })).toBeVisible();
  const used = (await idcState(account)).users[0].mfaDevices[0].lastUsedStep;
  await page.getByLabel('MFA code').fill(code(seed, used));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Invalid MFA code. Try again.');
  const step = await nextStep(replica.baseUrl, account.accountId);
  await page.getByLabel('MFA code').fill(code(seed, step));
  await page.getByRole('button', { name: 'Sign in' }).click();

  const accounts = page.getByRole('list', { name: 'AWS accounts' });
  await expect(accounts).toContainText(`replica-${account.accountId}`);
  await expect(accounts).toContainText(account.accountId);
  await expect(page.getByRole('list', { name: `Roles in replica-${account.accountId}` }).getByText('AdministratorAccess')).toBeVisible();
  await page.getByRole('link', { name: 'MFA devices' }).click();
  await expect(page.getByRole('list', { name: 'MFA devices' })).toContainText('Authenticator app 1');
});

test('one-time password: first sign-in forces a new password (not the one-time one), then MFA registration', async ({ page }) => {
  const { account, added, portal } = await withUser('otp');
  const otp = added.oneTimePassword as string;
  await signInPortal(page, portal, 'ada', otp);
  await expect(page.getByRole('heading', { name: 'Set new password' })).toBeVisible();
  await page.getByLabel('New password').fill(otp);
  await page.getByLabel('Confirm password').fill(otp);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('alert')).toHaveText('You cannot reuse any of your last 3 passwords.');
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await registerAuthenticator(page, account);

  await page.getByRole('link', { name: 'Sign out' }).click();
  await signInPortal(page, portal, 'ada', otp);
  await expect(page.getByRole('alert')).toHaveText('Incorrect username or password.');
  const ic = await idcState(account);
  expect(ic.users[0].password).toEqual({ kind: 'set', secret: PASSWORD });
  expect(ic.users[0].previousPasswords).toEqual([otp]);
});

test('an unknown portal answers 404; signed-out pages go to sign-in', async ({ page }) => {
  const res = await page.goto(`${replica.baseUrl}/start/d-0000000000`);
  expect(res!.status()).toBe(404);
  const { portal } = await withUser('email');
  await page.goto(`${portal}/mfa/register`);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.goto(portal);
  await expect(page).toHaveURL(`${portal}/login`);
});
