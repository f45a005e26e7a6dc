import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import * as cheerio from 'cheerio';
import { loadConfig, ConfigError } from '../../config/settings.ts';
import { MARKUP_TRANSFORM_NAMES, MARKUP_TRANSFORMS, type MarkupTransform } from '../../replica/markup/catalog.ts';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { accountState, client, newAccount, sideDoor, signIn } from './helpers.ts';

// The replica's markup variations (replica/markup, issue 11): the switch (side door, per account,
// REPLICA_MARKUP) and, per variation, that it really changes the served page while the replica
// still works under it.

let replica: ReplicaServer;
test.beforeAll(async () => {
  replica = await startReplica();
});
test.afterAll(async () => {
  await replica.close();
});

test.describe('the switch', () => {
  test('replica-wide markup: PUT and GET, unknown names refused naming each, cleared by reset', async () => {
    const door = sideDoor(replica.baseUrl);
    expect(await door.replicaMarkup()).toEqual({ transforms: [] });
    expect(await door.setReplicaMarkup({ transforms: ['label-wrap', 'notice-status'], seed: 7 })).toEqual({
      transforms: ['label-wrap', 'notice-status'],
      seed: 7,
    });
    expect(await door.replicaMarkup()).toEqual({ transforms: ['label-wrap', 'notice-status'], seed: 7 });

    const bad = await fetch(`${replica.baseUrl}/__replica/markup`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ transforms: ['label-wrap', 'no-such', 'also-not'] }),
    });
    expect(bad.status).toBe(400);
    const message = (await bad.json()).error.message as string;
    expect(message).toContain('"no-such"');
    expect(message).toContain('"also-not"');
    expect(message).not.toContain('"label-wrap",');
    expect(await door.replicaMarkup()).toEqual({ transforms: ['label-wrap', 'notice-status'], seed: 7 });

    await fetch(`${replica.baseUrl}/__replica/reset`, { method: 'POST' });
    expect(await door.replicaMarkup()).toEqual({ transforms: [] });
  });

  test("an account's own markup wins over the replica's; DELETE follows the replica's again; bad names at creation are a 400", async () => {
    const door = sideDoor(replica.baseUrl);
    try {
      await door.setReplicaMarkup({ transforms: ['no-hooks'] });
      const account = await newAccount(replica.baseUrl, { markup: { transforms: ['notice-live'], seed: 3 } });
      expect(replica.store.look.markupFor(replica.store.iam.account(account.accountId))).toEqual({ transforms: ['notice-live'], seed: 3 });
      expect(await door.setMarkup(account.accountId, { transforms: ['radio-none'] })).toEqual({ transforms: ['radio-none'] });
      expect(await door.setMarkup(account.accountId, null)).toEqual({ transforms: ['no-hooks'] });
      expect(replica.store.look.markupFor(undefined)).toEqual({ transforms: ['no-hooks'] });

      const bad = await fetch(`${replica.baseUrl}/__replica/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ markup: { transforms: ['nope'] } }),
      });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.message).toContain('"nope"');
    } finally {
      await door.setReplicaMarkup({ transforms: [] });
    }
  });

  test('replica/README.md lists every variation of the catalogue in its table', async () => {
    const readme = await readFile(path.join(import.meta.dirname, '../../replica/README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| `([a-z-]+)` \| (?:server|app|both) \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(MARKUP_TRANSFORM_NAMES);
  });

  test('REPLICA_MARKUP and REPLICA_MARKUP_SEED: parsed into config.replica.markup; every unknown name in the one error', () => {
    expect(loadConfig({ REPLICA_MARKUP: 'label-wrap, notice-alert', REPLICA_MARKUP_SEED: '42' }).replica.markup).toEqual({
      transforms: ['label-wrap', 'notice-alert'],
      seed: 42,
    });
    expect(loadConfig({}).replica.markup).toBeUndefined();
    let error: unknown;
    try {
      loadConfig({ REPLICA_MARKUP: 'label-wrap,bogus,worse', REPLICA_MARKUP_SEED: 'x' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('REPLICA_MARKUP');
    expect(message).toMatch(/"bogus", "worse"/);
    expect(message).toContain('REPLICA_MARKUP_SEED');
  });

  test('startReplica({ markup }) serves it, and reset goes back to it', async () => {
    const other = await startReplica({ markup: { transforms: ['label-variants'], seed: 5 } });
    try {
      const door = sideDoor(other.baseUrl);
      expect(await door.replicaMarkup()).toEqual({ transforms: ['label-variants'], seed: 5 });
      await door.setReplicaMarkup({ transforms: [] });
      await fetch(`${other.baseUrl}/__replica/reset`, { method: 'POST' });
      expect(await door.replicaMarkup()).toEqual({ transforms: ['label-variants'], seed: 5 });
    } finally {
      await other.close();
    }
  });

  test('the console shell carries the app-scope variations of the signed-in account only', async () => {
    const plain = await signIn(replica.baseUrl, await newAccount(replica.baseUrl));
    expect(await (await plain.api.get('/iam/home')).text()).not.toContain('__REPLICA_MARKUP__');
    const varied = await signIn(
      replica.baseUrl,
      await newAccount(replica.baseUrl, { markup: { transforms: ['notice-status', 'label-wrap'] } }),
    );
    const shell = await (await varied.api.get('/iam/home')).text();
    // Only the app-scope one (label-wrap is server-only), its seed, and the shell's own ids the no-hooks variation must keep.
    const config = JSON.parse(/window\.__REPLICA_MARKUP__=(\{.*?\});<\/script>/.exec(shell)?.[1] ?? 'null') as Record<
      string,
      unknown
    > | null;
    expect(config).toEqual({ transforms: ['notice-status'], seed: 1, shellIds: ['xsrf-token', 'app'] });
  });
});

// ---------------------------------------------------------------------------------------------
// Each variation changes the served page, and the replica still works under it.

/** A server page's HTML under the replica-wide markup `transforms` (none: as recorded). */
async function serverPage(path: string, transforms: MarkupTransform[], init?: RequestInit): Promise<cheerio.CheerioAPI> {
  await sideDoor(replica.baseUrl).setReplicaMarkup({ transforms, seed: 1 });
  try {
    const res = await fetch(`${replica.baseUrl}${path}`, init);
    return cheerio.load(await res.text());
  } finally {
    await sideDoor(replica.baseUrl).setReplicaMarkup({ transforms: [] });
  }
}

/** The email page with a bad email: the page with an error notice. */
const EMAIL_ERROR = {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'userType=rootUser&email=nope&redirect_uri=',
} as const;

/** Signs in by plain HTTP form posts under the account's markup: the forms still post the same fields. */
async function httpSignInWorks(transforms: MarkupTransform[]): Promise<void> {
  const account = await newAccount(replica.baseUrl, { markup: { transforms } });
  await sideDoor(replica.baseUrl).setReplicaMarkup({ transforms });
  try {
    const s = await signIn(replica.baseUrl, account);
    expect((await s.api.get('/iam/api/mfa')).status()).toBe(200);
  } finally {
    await sideDoor(replica.baseUrl).setReplicaMarkup({ transforms: [] });
  }
}

const emailLabel = ($: cheerio.CheerioAPI) => $('label').filter((_, el) => /email\s+address/i.test($(el).text()));

test.describe('server-rendered pages', () => {
  test('label-wrap: the email label wraps its field, with no for=', async () => {
    const before = await serverPage('/signin', []);
    expect(before('label[for="resolving_input"]')).toHaveLength(1);
    expect(before('label input[name="email"]')).toHaveLength(0);
    const after = await serverPage('/signin', ['label-wrap']);
    expect(after('label[for]')).toHaveLength(0);
    expect(emailLabel(after).find('input[name="email"]')).toHaveLength(1);
    expect(after('label input[name="userType"]')).toHaveLength(2);
    await httpSignInWorks(['label-wrap']);
  });

  test('label-whitespace: line breaks and non-breaking spaces in labels, headings and buttons', async () => {
    const before = await serverPage('/signin', []);
    expect(emailLabel(before).text()).toBe('Root user email address');
    const after = await serverPage('/signin', ['label-whitespace']);
    const text = emailLabel(after).text();
    expect(text).not.toBe('Root user email address');
    expect(text).toContain('\u00a0');
    expect(text).toContain('\n');
    expect(text.replace(/\s+/g, ' ').trim()).toBe('Root user email address');
    expect(after('h1').text()).toContain('\u00a0');
    await httpSignInWorks(['label-whitespace']);
  });

  test('nested-text: label, heading and button texts in nested elements', async () => {
    expect((await serverPage('/signin', []))('label strong, h1 strong')).toHaveLength(0);
    const after = await serverPage('/signin', ['nested-text']);
    expect(emailLabel(after).find('strong')).toHaveLength(1);
    expect(emailLabel(after).text().replace(/\s+/g, ' ').trim()).toBe('Root user email address');
    expect(after('button span span').length).toBeGreaterThan(0);
    expect(after('button').text().trim()).toBe('Next');
    await httpSignInWorks(['nested-text']);
  });

  for (const [name, expected] of [
    ['notice-status', { role: 'status', live: 'polite' }],
    ['notice-alert', { role: 'alert', atomic: 'true' }],
    ['notice-live', { role: undefined, live: 'assertive' }],
  ] as const) {
    test(`${name}: the error notice is written so`, async () => {
      const message = 'Enter a valid email address.';
      const notice = ($: cheerio.CheerioAPI) =>
        $('div').filter((_, el) => $(el).children().length === 0 && $(el).text().trim() === message);
      const before = notice(await serverPage('/signin', [], EMAIL_ERROR));
      expect(before.attr('role')).toBe('alert');
      expect(before.attr('aria-live')).toBeUndefined();
      expect(before.attr('aria-atomic')).toBeUndefined();
      const after = notice(await serverPage('/signin', [name], EMAIL_ERROR));
      expect(after).toHaveLength(1);
      expect(after.attr('role')).toBe(expected.role);
      if ('live' in expected) expect(after.attr('aria-live')).toBe(expected.live);
      if ('atomic' in expected) expect(after.attr('aria-atomic')).toBe(expected.atomic);
      await httpSignInWorks([name]);
    });
  }

  test('buttons-as-links and links-as-buttons: the roles swapped in place', async () => {
    expect((await serverPage('/signin', []))('button[role]')).toHaveLength(0);
    expect((await serverPage('/signin', ['buttons-as-links']))('button').attr('role')).toBe('link');
    expect((await serverPage('/signin/forgot-password', []))('a[role]')).toHaveLength(0);
    const links = (await serverPage('/signin/forgot-password', ['links-as-buttons']))('a[href]');
    expect(links.length).toBeGreaterThan(0);
    links.each((_, el) => {
      expect(el.attribs.role).toBe('button');
    });
    await httpSignInWorks(['buttons-as-links', 'links-as-buttons']);
  });

  test('radio-other and radio-none: the user type starts on IAM user, or on nothing', async () => {
    const checked = ($: cheerio.CheerioAPI) =>
      $('input[name="userType"][checked]')
        .map((_, el) => el.attribs.value)
        .get();
    expect(checked(await serverPage('/signin', []))).toEqual(['rootUser']);
    expect(checked(await serverPage('/signin', ['radio-other']))).toEqual(['iamUser']);
    expect(checked(await serverPage('/signin', ['radio-none']))).toEqual([]);
    await httpSignInWorks(['radio-other']);
    await httpSignInWorks(['radio-none']);
  });

  test('label-variants: §7 variants of the sign-in texts', async () => {
    const before = await serverPage('/signin', []);
    expect(before('h1').text()).toBe('Sign in');
    const after = await serverPage('/signin', ['label-variants']);
    expect(after('h1').text()).toBe('Sign In');
    expect(emailLabel(after).text()).toBe('Email address');
    await httpSignInWorks(['label-variants']);
  });

  test('no-hooks: no ids but those a label or a script points at, no data-*', async () => {
    const before = await serverPage('/signin', []);
    expect(before('#next_button')).toHaveLength(1);
    const after = await serverPage('/signin', ['no-hooks']);
    expect(after('#next_button, #next_button_text')).toHaveLength(0);
    expect(after('#root_user_hint')).toHaveLength(1); // the radio's aria-describedby points at it
    expect(after('#resolving_input')).toHaveLength(1); // its label points at it
    expect(after('#redirect_hash')).toHaveLength(1); // the page's script sets it
    expect(after('[root_user_radio_button]')).toHaveLength(0);
    await httpSignInWorks(['no-hooks']);
  });

  test('no-main-landmark: no <main>', async () => {
    expect((await serverPage('/signin', []))('main')).toHaveLength(1);
    const after = await serverPage('/signin', ['no-main-landmark']);
    expect(after('main, [role="main"]')).toHaveLength(0);
    expect(emailLabel(after)).toHaveLength(1);
    await httpSignInWorks(['no-main-landmark']);
  });

  test('captcha-frame-only: the page says "Complete the security check." in an alert; the heading is inside the frame', async () => {
    const account = await newAccount(replica.baseUrl, {
      faults: { securityCheck: 'after-email' },
      markup: { transforms: ['captcha-frame-only'] },
    });
    const api = await client(replica.baseUrl);
    const verify = await api.post('/signin', { form: { userType: 'rootUser', email: account.rootEmail, redirect_uri: '/iam/home' } });
    expect(new URL(verify.url()).pathname).toBe('/signin/verify');
    const page = cheerio.load(await verify.text());
    expect(page('h1')).toHaveLength(0);
    expect(page('[role="alert"]').text()).toBe('Complete the security check.');
    expect(page('iframe[title="Security check"]')).toHaveLength(1);
    const frame = cheerio.load(await (await api.get('/signin/captcha')).text());
    expect(frame('h1').text()).toBe('Security verification');
    // It still works: the answer moves the flow on to the password.
    const { securityCheckAnswer } = await accountState(replica.baseUrl, account.accountId);
    const answered = await api.post('/signin/captcha', { form: { captchaGuess: securityCheckAnswer! } });
    expect(new URL(answered.url()).pathname).toBe('/signin/password');
    // Without the variation the page has its own heading.
    await sideDoor(replica.baseUrl).setMarkup(account.accountId, { transforms: [] });
    const plain = await (
      await client(replica.baseUrl)
    ).post('/signin', { form: { userType: 'rootUser', email: account.rootEmail, redirect_uri: '/iam/home' } });
    expect(
      cheerio
        .load(await plain.text())('h1')
        .text(),
    ).toBe('Security verification');
  });

  test('late-content: the main content arrives by XHR, 0.2–3 s late; a browser still signs in', async ({ page }) => {
    const before = await serverPage('/signin', []);
    expect(before('input[name="email"]')).toHaveLength(1);
    const after = await serverPage('/signin', ['late-content']);
    expect(after('input[name="email"]')).toHaveLength(0);
    const token = /\/__replica\/late\/([\w-]+)/.exec(after.html())![1]!;
    const started = Date.now();
    const late = cheerio.load(await (await fetch(`${replica.baseUrl}/__replica/late/${token}`)).text());
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect(late('input[name="email"]')).toHaveLength(1);
    expect((await fetch(`${replica.baseUrl}/__replica/late/${token}`)).status).toBe(404); // once only
    await browserSignIn(page, ['late-content']);
  });

  test('spa-forms: forms are sent by script and the page re-rendered in place; a browser still signs in, hash kept', async ({ page }) => {
    expect((await serverPage('/signin', []))('script').text()).not.toContain('__replicaSpa');
    expect((await serverPage('/signin', ['spa-forms']))('script').text()).toContain('__replicaSpa');
    const documents: string[] = [];
    page.on('request', (r) => {
      if (r.isNavigationRequest() && r.frame() === page.mainFrame()) documents.push(new URL(r.url()).pathname);
    });
    await browserSignIn(page, ['spa-forms']);
    // One document for the whole sign-in (/signin), then the console loaded for real: no document for the password page.
    expect(documents).not.toContain('/signin/password');
    expect(documents.at(-1)).toBe('/iam/home');
  });

  test('every variation together: a browser still signs in', async ({ page }) => {
    await browserSignIn(
      page,
      MARKUP_TRANSFORM_NAMES.filter((t) => (MARKUP_TRANSFORMS[t].scope as string) !== 'app' && t !== 'plain-html' && t !== 'radio-none'),
    );
  });
});

/**
 * A bare Playwright script, written for the pages' meaning (roles, names up to whitespace and case,
 * either role of a button or link): signs a fresh account in under the replica-wide markup and lands on Security credentials.
 */
async function browserSignIn(page: Page, transforms: MarkupTransform[]): Promise<void> {
  const account = await newAccount(replica.baseUrl);
  await sideDoor(replica.baseUrl).setReplicaMarkup({ transforms, seed: 1 });
  try {
    const action = (name: RegExp) => page.getByRole('button', { name }).or(page.getByRole('link', { name })).first();
    await page.goto(`${replica.baseUrl}/iam/home#/security_credentials`);
    await page.getByRole('radio', { name: /root user/i }).check();
    await page.getByRole('textbox', { name: /email address/i }).fill(account.rootEmail);
    await action(/^\s*next\s*$/i).click();
    await page.getByLabel(/^\s*password\s*$/i).fill(account.rootPassword);
    await action(/^\s*sign in\s*$/i).click();
    await expect(page).toHaveURL(/\/iam\/home#\/security_credentials$/);
    // late-content delays each console API answer up to 3 s.
    await expect(page.getByRole('heading', { name: 'Security credentials', level: 1 })).toBeVisible({ timeout: 20_000 });
  } finally {
    await sideDoor(replica.baseUrl).setReplicaMarkup({ transforms: [] });
  }
}

// ---------------------------------------------------------------------------------------------
// The console app (React-owned DOM): the shell's mutator and the app's hooks.

/** A browser page signed in (by HTTP, cookies handed over) to a fresh account with `markup`, on Security credentials. */
async function consolePage(page: Page, transforms: MarkupTransform[], options: Parameters<typeof newAccount>[1] = {}): Promise<void> {
  const account = await newAccount(replica.baseUrl, { ...options, markup: { transforms, seed: 1 } });
  const s = await signIn(replica.baseUrl, account);
  await page.context().addCookies((await s.api.storageState()).cookies);
  await page.goto('about:blank'); // a new document: the same URL again would only be a hash change
  await page.goto(`${replica.baseUrl}/iam/home#/security_credentials`);
  await expect(page.getByRole('heading', { name: 'security credentials', level: 1 })).toBeVisible({ timeout: 20_000 });
}

const either = (page: Page, name: string | RegExp) => page.getByRole('button', { name }).or(page.getByRole('link', { name })).first();

/** The app still works: the MFA wizard opens on its first step. */
async function wizardOpens(page: Page): Promise<void> {
  await either(page, 'Assign MFA device').click();
  await expect(page.getByRole('textbox', { name: 'Device name' })).toBeVisible({ timeout: 20_000 });
}

/** Deactivates the account's one access key through the page; the success flash follows. */
async function deactivateKey(page: Page): Promise<void> {
  await page.getByRole('row').filter({ hasText: 'AKIA' }).getByRole('radio').check();
  await page.getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('menuitem', { name: 'Deactivate' }).click();
}

test.describe('console app', () => {
  /* eslint-disable playwright/prefer-web-first-assertions -- the raw text is what is checked: toHaveText normalises whitespace */
  test('label-whitespace: texts of headings, labels and buttons padded with spaces, nbsp and line breaks, in place', async ({ page }) => {
    await consolePage(page, ['label-whitespace']);
    const text = await page.getByRole('button', { name: 'Assign MFA device' }).textContent();
    expect(text).toContain('\u00a0');
    expect(text).not.toBe(text!.trim());
    await wizardOpens(page);
    expect(await page.getByRole('heading', { name: 'Device name' }).textContent()).toContain('\u00a0');
  });

  test('label-whitespace off: the same texts are tight (so the test above can fail)', async ({ page }) => {
    await consolePage(page, []);
    expect(await page.getByRole('button', { name: 'Assign MFA device' }).textContent()).toBe('Assign MFA device');
  });
  /* eslint-enable playwright/prefer-web-first-assertions */

  for (const [name, role] of [
    ['notice-status', 'status'],
    ['notice-alert', 'alert'],
    ['notice-live', null],
  ] as const) {
    test(`${name}: the success flash is role ${role ?? 'none, aria-live'} instead of group`, async ({ page }) => {
      await consolePage(page, [name], { accessKeys: ['Active'] });
      await deactivateKey(page);
      const flash = page.getByText('Access key deactivated.');
      await expect(flash).toBeVisible();
      await expect(page.getByRole('group', { name: /Access key deactivated/ })).toHaveCount(0);
      if (role) await expect(page.getByRole(role).filter({ hasText: 'Access key deactivated.' })).toHaveCount(1);
      else await expect(page.locator('[aria-live="polite"]').filter({ hasText: 'Access key deactivated.' })).toHaveCount(1);
    });
  }

  test('without a notice variation the flash is a group (so the tests above can fail)', async ({ page }) => {
    await consolePage(page, [], { accessKeys: ['Active'] });
    await deactivateKey(page);
    await expect(page.getByRole('group', { name: /Access key deactivated/ })).toHaveCount(1);
  });

  test('buttons-as-links and links-as-buttons: text buttons are links, navigating links are buttons', async ({ page }) => {
    await consolePage(page, ['buttons-as-links']);
    await expect(page.getByRole('button', { name: 'Assign MFA device' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Assign MFA device' })).toBeVisible();
    await wizardOpens(page);
    await consolePage(page, ['links-as-buttons']);
    await expect(page.getByRole('link', { name: 'IAM', exact: true })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'IAM', exact: true })).toBeVisible();
    await wizardOpens(page);
    await consolePage(page, []);
    await expect(page.getByRole('link', { name: 'IAM', exact: true })).toBeVisible();
  });

  test('radio-other and radio-none: the wizard starts on another device kind, or on none', async ({ page }) => {
    const checked = () => page.getByRole('radiogroup', { name: 'Select MFA device' }).getByRole('radio', { checked: true }).count();
    await consolePage(page, []);
    await wizardOpens(page);
    await expect(page.getByRole('radio', { name: 'Passkey or security key' })).toBeChecked();
    await consolePage(page, ['radio-other']);
    await wizardOpens(page);
    await expect(page.getByRole('radio', { name: 'Passkey or security key' })).not.toBeChecked();
    expect(await checked()).toBe(1);
    await consolePage(page, ['radio-none']);
    await wizardOpens(page);
    expect(await checked()).toBe(0);
    // Still works: choosing one by hand.
    await page.getByRole('radio', { name: 'Authenticator app' }).check();
    await expect(page.getByRole('radio', { name: 'Authenticator app' })).toBeChecked();
  });

  test('label-variants: the §7 variants on the page', async ({ page }) => {
    await consolePage(page, []);
    await expect(page.getByRole('heading', { name: /^Multi-factor authentication \(MFA\)/ })).toBeVisible();
    await consolePage(page, ['label-variants']);
    await expect(page.getByRole('heading', { name: /^Multi-Factor Authentication \(MFA\)/ })).toBeVisible();
    await wizardOpens(page);
    await expect(page.getByRole('radio', { name: 'Security Key' })).toBeVisible();
  });

  test('no-hooks: no data-analytics hooks and fewer ids; labels still name their fields', async ({ page }) => {
    const hooks = () =>
      page.evaluate(() => ({
        analytics: document.querySelectorAll('[data-analytics-funnel-key], [data-analytics-performance-mark]').length,
        ids: document.body.querySelectorAll('[id]').length,
      }));
    await consolePage(page, []);
    await wizardOpens(page);
    const before = await hooks();
    expect(before.analytics).toBeGreaterThan(0);
    await consolePage(page, ['no-hooks']);
    await wizardOpens(page);
    const after = await hooks();
    expect(after.analytics).toBe(0);
    expect(after.ids).toBeLessThan(before.ids);
  });

  test('no-main-landmark: the page has no main landmark', async ({ page }) => {
    await consolePage(page, []);
    await expect(page.getByRole('main')).toHaveCount(1);
    await consolePage(page, ['no-main-landmark']);
    await expect(page.getByRole('main')).toHaveCount(0);
    await wizardOpens(page);
  });

  test('late-content: console API answers come 0.2–3 s late (seeded); the page still fills', async ({ page }) => {
    const timed = async (transforms: MarkupTransform[]) => {
      const s = await signIn(replica.baseUrl, await newAccount(replica.baseUrl, { markup: { transforms, seed: 9 } }));
      const started = Date.now();
      expect((await s.api.get('/iam/api/mfa')).status()).toBe(200);
      return Date.now() - started;
    };
    expect(await timed(['late-content'])).toBeGreaterThanOrEqual(190);
    expect(await timed([])).toBeLessThan(190);
    await consolePage(page, ['late-content']);
    await wizardOpens(page);
  });
});
