import { test, expect, type Page } from '@playwright/test';
import type { CreatedAccount } from '../../replica/contract.ts';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { accountState, code, newAccount } from './helpers.ts';

// The root sign-in pages in a browser: labels, errors, MFA, forced-MFA prompt, security check.

let replica: ReplicaServer;
test.beforeAll(async () => {
  replica = await startReplica();
});
test.afterAll(async () => {
  await replica.close();
});

const AUTH_ERROR = 'Your authentication information is incorrect. Please try again.';

async function enterEmail(page: Page, email: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Root user' })).toBeChecked();
  await page.getByLabel('Root user email address').fill(email);
  await page.getByRole('button', { name: 'Next' }).click();
}

async function enterPassword(page: Page, password: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Root user sign in' })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Console Home on screen: its content shows once the console has asked who is signed in. A sign-out before that
 * races the request, whose 401 then sends the page to sign-in and aborts the sign-out (seen on a loaded machine).
 */
async function onConsoleHome(page: Page): Promise<void> {
  await expect(page).toHaveURL(`${replica.baseUrl}/console/home`);
  await expect(page.getByRole('heading', { name: 'Console Home', level: 1 })).toBeVisible();
}

/** Solves the security check with the answer read through the side door; returns that answer. */
async function solveSecurityCheck(page: Page, account: CreatedAccount, answer?: string): Promise<string> {
  await expect(page.getByRole('heading', { name: 'Security verification' })).toBeVisible();
  await expect(page.getByText("Making sure it's you")).toBeVisible();
  const frame = page.frameLocator('iframe[title="Security check"]'); // the frame has no role-based locator
  await expect(frame.getByRole('img', { name: 'captcha' })).toBeVisible();
  const right = (await accountState(replica.baseUrl, account.accountId)).securityCheckAnswer;
  expect(right).toMatch(/^[A-Z0-9]{6}$/);
  await frame.getByLabel('Verification answer').fill(answer ?? right!);
  await frame.getByRole('button', { name: 'Submit' }).click();
  return right!;
}

test('wrong password and unknown email show the same error; a bad email and IAM user are handled', async ({ page }) => {
  const account = await newAccount(replica.baseUrl);
  await page.goto(`${replica.baseUrl}/signin`);
  await enterEmail(page, 'not-an-email');
  await expect(page.getByRole('alert')).toHaveText('Enter a valid email address.');

  await enterEmail(page, account.rootEmail);
  await expect(page.getByText(account.rootEmail)).toBeVisible();
  await enterPassword(page, 'wrong-password');
  await expect(page.getByRole('alert')).toHaveText(AUTH_ERROR);
  await expect(page.getByRole('link', { name: 'Forgot password?' })).toBeVisible();

  await page.goto(`${replica.baseUrl}/signin`);
  await enterEmail(page, 'nobody@example.com');
  await enterPassword(page, 'whatever-password');
  await expect(page.getByRole('alert')).toHaveText(AUTH_ERROR);

  await page.goto(`${replica.baseUrl}/signin`);
  await page.getByRole('radio', { name: 'IAM user' }).check();
  await page.getByLabel('Root user email address').fill(account.rootEmail);
  const [res] = await Promise.all([page.waitForResponse('**/signin'), page.getByRole('button', { name: 'Next' }).click()]);
  expect(res.status()).toBe(501);
});

test('a root with an MFA device is asked for a code; a wrong one can be retried', async ({ page }) => {
  const account = await newAccount(replica.baseUrl, { mfaDevices: ['phone'] });
  const { mfaDevices, currentStep } = await accountState(replica.baseUrl, account.accountId);
  await page.goto(`${replica.baseUrl}/console/home`);
  await enterEmail(page, account.rootEmail);
  await enterPassword(page, account.rootPassword);
  await expect(page.getByRole('heading', { name: 'Multi-factor authentication' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Troubleshoot MFA' })).toBeVisible();
  await page.getByLabel('MFA code').fill('000000' === code(mfaDevices[0]!.seed, currentStep) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('alert')).toHaveText(AUTH_ERROR);
  await page.getByLabel('MFA code').fill(code(mfaDevices[0]!.seed, currentStep));
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page).toHaveURL(`${replica.baseUrl}/console/home`);
});

test('the forced-MFA prompt shows only when asked; Skip and Register lead on', async ({ page }) => {
  const plain = await newAccount(replica.baseUrl);
  await page.goto(`${replica.baseUrl}/console/home`);
  await enterEmail(page, plain.rootEmail);
  await enterPassword(page, plain.rootPassword);
  await onConsoleHome(page);

  const forced = await newAccount(replica.baseUrl, { forcedMfaPrompt: true, forcedMfaDaysLeft: 12 });
  await page.goto(`${replica.baseUrl}/signout`);
  await page.goto(`${replica.baseUrl}/console/home`);
  await enterEmail(page, forced.rootEmail);
  await enterPassword(page, forced.rootPassword);
  await expect(page.getByRole('heading', { name: 'Multi-factor authentication (MFA) is required' })).toBeVisible();
  await expect(
    page.getByText('AWS requires the root user to use multi-factor authentication (MFA) to sign in to the AWS Management Console.'),
  ).toBeVisible();
  await expect(page.getByText('You can skip this step for 12 more days.')).toBeVisible();
  await page.getByRole('button', { name: 'Skip for now' }).click();
  await onConsoleHome(page);

  const noSkip = await newAccount(replica.baseUrl, { forcedMfaPrompt: true, forcedMfaDaysLeft: 0 });
  await page.goto(`${replica.baseUrl}/signout`);
  await enterEmail(page, noSkip.rootEmail);
  await enterPassword(page, noSkip.rootPassword);
  await expect(page.getByRole('button', { name: 'Register MFA device' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Skip for now' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Register MFA device' }).click();
  await expect(page).toHaveURL(`${replica.baseUrl}/iam/home#/security_credentials/mfa/assign`);
});

test('security check after the email: a wrong answer gives a fresh challenge, the right one moves on', async ({ page }) => {
  const account = await newAccount(replica.baseUrl, { faults: { securityCheck: 'after-email' } });
  await page.goto(`${replica.baseUrl}/console/home`);
  await enterEmail(page, account.rootEmail);
  const first = await solveSecurityCheck(page, account, 'WRONG1');
  await expect(page.frameLocator('iframe[title="Security check"]').getByRole('alert')).toBeVisible();
  const second = await solveSecurityCheck(page, account);
  expect(second).not.toBe(first);
  await enterPassword(page, account.rootPassword);
  await expect(page).toHaveURL(`${replica.baseUrl}/console/home`);
});

test('security check after the password, and twice', async ({ page }) => {
  const after = await newAccount(replica.baseUrl, { faults: { securityCheck: 'after-password' } });
  await page.goto(`${replica.baseUrl}/console/home`);
  await enterEmail(page, after.rootEmail);
  await enterPassword(page, after.rootPassword);
  await solveSecurityCheck(page, after);
  await onConsoleHome(page);

  const twice = await newAccount(replica.baseUrl, { faults: { securityCheck: 'twice' } });
  await page.goto(`${replica.baseUrl}/signout`);
  await enterEmail(page, twice.rootEmail);
  await solveSecurityCheck(page, twice);
  await enterPassword(page, twice.rootPassword);
  await solveSecurityCheck(page, twice);
  await expect(page).toHaveURL(`${replica.baseUrl}/console/home`);
});

test('a console URL with a #hash is back after sign-in; sign-out ends the session', async ({ page }) => {
  const account = await newAccount(replica.baseUrl);
  await page.goto(`${replica.baseUrl}/iam/home#/security_credentials`);
  await expect(page).toHaveURL(/\/signin\?redirect_uri=%2Fiam%2Fhome/);
  await enterEmail(page, account.rootEmail);
  await enterPassword(page, account.rootPassword);
  await expect(page).toHaveURL(`${replica.baseUrl}/iam/home#/security_credentials`);
  await expect(page.locator('meta[name="xsrf-token"]')).toHaveAttribute('content', /.{16,}/); // a meta tag has no role
  // Both lists loaded (a fresh account has neither): no request of the page is left to race the sign-out (onConsoleHome).
  await expect(page.getByText('No MFA devices', { exact: true })).toBeVisible();
  await expect(page.getByText('No access keys', { exact: true })).toBeVisible();

  await page.goto(`${replica.baseUrl}/signout`);
  await expect(page).toHaveURL(`${replica.baseUrl}/signin`);
  await page.goto(`${replica.baseUrl}/iam/home`);
  await expect(page).toHaveURL(/\/signin\?redirect_uri=%2Fiam%2Fhome$/);
});
