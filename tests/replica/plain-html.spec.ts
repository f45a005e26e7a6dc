import { test, expect, request, type APIRequestContext, type APIResponse } from '@playwright/test';
import { load } from 'cheerio/slim';
import type { CreatedAccount } from '../../replica/contract.ts';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { accountState, code, freshStep, newAccount, nextStep, sideDoor } from './helpers.ts';

// The plain-html markup (replica/plain): sign-in and IAM Security credentials, MFA assignment and
// access keys as ordinary posted forms, driven here by plain HTTP with a cookie jar (and once by a
// browser), on the same flow state, model rules and faults as the usual pages.

let replica: ReplicaServer;
test.beforeAll(async () => {
  replica = await startReplica({ markup: { transforms: ['plain-html'] } });
});
test.afterAll(async () => {
  await replica.close();
});

const INVALID_CODE = 'Authentication code for device is not valid.';

/** What marks the Cloudscape app or the usual sign-in pages; none of it may appear on a plain page. */
const FOREIGN_MARKUP = [
  /awsui/i,
  /\/static\/console\.(js|css)/,
  /data-testid/,
  /id="app"/,
  /xsrf-token/,
  /resolving_input/,
  /next_button/,
  /core-container/,
  /<main/,
];

/** A page's visible text with whitespace collapsed, and its parsed document. */
async function pageOf(res: APIResponse): Promise<{ html: string; text: string; $: ReturnType<typeof load>; path: string }> {
  const html = await res.text();
  const $ = load(html);
  for (const foreign of FOREIGN_MARKUP) expect(html, `${res.url()} carries ${foreign}`).not.toMatch(foreign);
  return { html, $, text: $('body').text().replace(/\s+/g, ' ').trim(), path: new URL(res.url()).pathname };
}

/** The cells of each row of the page's n-th table (0: MFA devices, 1: access keys), header row left out. */
const rows = ($: ReturnType<typeof load>, n: number): string[][] =>
  $('table.list')
    .eq(n)
    .find('tr')
    .slice(1)
    .map((_i, tr) => [
      $(tr)
        .find('td')
        .map((_j, td) => $(td).text().replace(/\s+/g, ' ').trim())
        .get(),
    ])
    .get();

/** The text of the page's notices (role alert or status). */
const notices = ($: ReturnType<typeof load>): string[] =>
  $('[role=alert], [role=status]')
    .map((_i, el) => $(el).text().trim())
    .get();

interface Plain {
  api: APIRequestContext;
  csrf: string;
}

/** Signs in through the plain forms; answers the client and the page's CSRF token (from the Sign out form). */
async function signIn(account: CreatedAccount, mfaCode?: string): Promise<Plain> {
  const api = await request.newContext({ baseURL: replica.baseUrl });
  const first = await pageOf(await api.get('/iam/home'));
  expect(first.path).toBe('/signin');
  expect(first.$('h1').text()).toBe('Sign in');
  expect(first.$('input[type=submit]').attr('value')).toBe('Next');
  let res = await api.post('/signin', {
    form: { userType: 'rootUser', email: account.rootEmail, redirect_uri: first.$('input[name=redirect_uri]').val() as string },
  });
  const password = await pageOf(res);
  expect(password.$('h1').text()).toBe('Root user sign in');
  res = await api.post('/signin/password', { form: { password: account.rootPassword } });
  if (new URL(res.url()).pathname === '/signin/mfa') {
    const mfa = await pageOf(res);
    expect(mfa.$('label').text()).toBe('MFA code');
    if (!mfaCode) throw new Error(`Signing in to ${account.accountId} asks for an MFA code and the test gave none`);
    res = await api.post('/signin/mfa', { form: { mfaCode } });
  }
  const home = await pageOf(res);
  expect(home.path).toBe('/iam/home');
  const csrf = home.$('input[name=csrf_token]').first().val();
  expect(typeof csrf).toBe('string');
  return { api, csrf: csrf as string };
}

/** Posts a plain form with the session's CSRF token. */
const post = (s: Plain, path: string, form: Record<string, string>): Promise<APIResponse> =>
  s.api.post(path, { form: { csrf_token: s.csrf, ...form } });

test('sign-in and Security credentials are plain HTML: headings, fields, the devices and keys tables', async () => {
  const account = await newAccount(replica.baseUrl, { accessKeys: ['Active'], mfaDevices: [] });
  const s = await signIn(account);
  const home = await pageOf(await s.api.get('/iam/home'));
  expect(home.$('h1').text()).toBe('My security credentials');
  expect(
    home
      .$('h2')
      .map((_i, el) => home.$(el).text())
      .get(),
  ).toEqual(['Multi-factor authentication (MFA)', 'Access keys']);
  expect(rows(home.$, 0)).toEqual([['No MFA devices assigned.']]);
  expect(home.$('input[type=submit][value="Assign MFA device"]')).toHaveLength(1);
  const headers = home
    .$('table.list')
    .eq(1)
    .find('th')
    .map((_i, el) => home.$(el).text())
    .get();
  expect(headers).toEqual(['Access key ID', 'Status', 'Created', 'Last used', 'Actions']);
  const keyId = ((await accountState(replica.baseUrl, account.accountId)) as unknown as { accessKeys: Array<{ id: string }> })
    .accessKeys[0]!.id;
  expect(rows(home.$, 1)).toEqual([[keyId, 'Active', expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/), 'Never', '']]);
  expect(
    home
      .$('input[type=submit]')
      .map((_i, el) => home.$(el).attr('value'))
      .get(),
  ).toEqual(['Sign out', 'Assign MFA device', 'Deactivate', 'Delete']);
  // The plain IAM pages exist only under plain-html.
  await sideDoor(replica.baseUrl).setMarkup(account.accountId, { transforms: [] });
  expect((await s.api.get('/iam/mfa/assign')).status()).toBe(501);
  expect(await (await s.api.get('/iam/home')).text()).toContain('/static/console.js');
});

test('assign an authenticator app: name, type, secret key, two real TOTP codes; listed and enabled; sign-in asks for the code', async () => {
  const account = await newAccount(replica.baseUrl);
  const s = await signIn(account);
  const first = await pageOf(await s.api.get('/iam/mfa/assign'));
  expect(first.$('h1').text()).toBe('Assign MFA device');
  expect(
    first
      .$('label')
      .map((_i, el) => first.$(el).text())
      .get(),
  ).toEqual(['Device name', 'Passkey or security key', 'Authenticator app', 'Hardware TOTP token']);
  expect(first.$('input[type=radio]:checked')).toHaveLength(0);
  expect(first.$('fieldset legend').text()).toBe('Select MFA device');

  // No type chosen, then a type that is not replicated: refused on the same page.
  let page = await pageOf(await post(s, '/iam/mfa/assign', { deviceName: 'plain-phone' }));
  expect(notices(page.$)).toEqual(['Choose the type of MFA device.']);
  page = await pageOf(await post(s, '/iam/mfa/assign', { deviceName: 'bad name', deviceType: 'authenticator' }));
  expect(notices(page.$)[0]).toMatch(/letters, digits/);
  page = await pageOf(await post(s, '/iam/mfa/assign', { deviceName: 'plain-phone', deviceType: 'authenticator' }));
  expect(page.path).toBe('/iam/mfa/setup');
  expect(page.$('h1').text()).toBe('Set up device');
  expect(
    page
      .$('button')
      .map((_i, el) => page.$(el).text())
      .get(),
  ).toEqual(['Show QR code', 'Show secret key']);
  expect(page.$('code')).toHaveLength(0);

  const qr = await pageOf(await s.api.get('/iam/mfa/setup?device=plain-phone&show=qr'));
  expect(qr.$('img[alt="QR code"]').attr('src')).toMatch(/^data:image\/png;base64,/);
  const secret = await pageOf(await s.api.get('/iam/mfa/setup?device=plain-phone&show=secret'));
  const seed = secret.$('code').text();
  const device = (await accountState(replica.baseUrl, account.accountId)).mfaDevices.find((d) => d.name === 'plain-phone')!;
  expect(seed).toBe(device.seed);
  expect(device.enableDate).toBeNull();

  // Wrong codes are refused as the console does; the device stays unassigned.
  const step = await freshStep(replica.baseUrl, account.accountId);
  const wrong = code(seed, step - 5);
  page = await pageOf(await post(s, '/iam/mfa/setup', { device: 'plain-phone', code1: wrong, code2: code(seed, step) }));
  expect(page.path).toBe('/iam/mfa/setup');
  expect(notices(page.$)).toEqual([INVALID_CODE]);
  expect(
    page
      .$('label')
      .map((_i, el) => page.$(el).text())
      .get(),
  ).toEqual(['MFA code 1', 'MFA code 2']);

  const home = await pageOf(
    await post(s, '/iam/mfa/setup', { device: 'plain-phone', code1: code(seed, step - 1), code2: code(seed, step) }),
  );
  expect(home.path).toBe('/iam/home');
  expect(notices(home.$)).toEqual(['MFA device assigned.']);
  expect(rows(home.$, 0)).toEqual([
    ['plain-phone', `arn:aws:iam::${account.accountId}:mfa/plain-phone`, 'Virtual', expect.stringMatching(/UTC$/)],
  ]);
  const after = (await accountState(replica.baseUrl, account.accountId)).mfaDevices;
  expect(after.map((d) => [d.name, Boolean(d.enableDate), d.lastUsedStep])).toEqual([['plain-phone', true, step]]);
  // The notice is shown once; the name is now taken.
  expect(notices((await pageOf(await s.api.get('/iam/home'))).$)).toEqual([]);
  page = await pageOf(await post(s, '/iam/mfa/assign', { deviceName: 'plain-phone', deviceType: 'authenticator' }));
  expect(notices(page.$)).toEqual(['MFA device with the name plain-phone already exists.']);

  // Sign out (the form in the top bar), then sign in again with a code from a later step.
  const out = await pageOf(await post(s, '/signout', {}));
  expect(out.path).toBe('/signin');
  const later = await nextStep(replica.baseUrl, account.accountId);
  await signIn(account, code(seed, later));
});

test('faults apply to the plain pages: rejectCodes, addMfaServerError after enabling, an expired session, CSRF', async () => {
  const account = await newAccount(replica.baseUrl, { faults: { rejectCodes: 1, addMfaServerError: { count: 1, afterEnable: true } } });
  const s = await signIn(account);
  await post(s, '/iam/mfa/assign', { deviceName: 'faulty', deviceType: 'authenticator' });
  const seed = (await accountState(replica.baseUrl, account.accountId)).mfaDevices[0]!.seed;
  let step = await freshStep(replica.baseUrl, account.accountId);
  let page = await pageOf(await post(s, '/iam/mfa/setup', { device: 'faulty', code1: code(seed, step - 1), code2: code(seed, step) }));
  expect(notices(page.$)).toEqual([INVALID_CODE]);
  step = await nextStep(replica.baseUrl, account.accountId);
  page = await pageOf(await post(s, '/iam/mfa/setup', { device: 'faulty', code1: code(seed, step - 1), code2: code(seed, step) }));
  // Enabled, yet the answer is a failure: the list shows the error and the device.
  expect(page.path).toBe('/iam/home');
  expect(notices(page.$)).toEqual(['We encountered an internal error. Please try again.']);
  expect(rows(page.$, 0).map((r) => r[0])).toEqual(['faulty']);
  expect((await accountState(replica.baseUrl, account.accountId)).faults).toEqual({});

  expect(
    (await s.api.post('/iam/mfa/assign', { form: { csrf_token: 'forged', deviceName: 'x', deviceType: 'authenticator' } })).status(),
  ).toBe(403);

  await sideDoor(replica.baseUrl).setFaults(account.accountId, { sessionExpiresAfterRequests: 1 });
  expect((await pageOf(await s.api.get('/iam/home'))).path).toBe('/iam/home');
  const expired = await pageOf(await s.api.get('/iam/mfa/assign'));
  expect(expired.path).toBe('/signin');
  expect((await accountState(replica.baseUrl, account.accountId)).sessions).toHaveLength(0);
});

test('access keys: deactivate, the Delete <key id> page asks for the typed ID, deletion fault, activate', async () => {
  const account = await newAccount(replica.baseUrl, { accessKeys: ['Active', 'Inactive'], faults: { deleteAccessKeyFails: 1 } });
  const keys = (): Promise<Array<{ id: string; status: string }>> =>
    accountState(replica.baseUrl, account.accountId).then(
      (st) => (st as unknown as { accessKeys: Array<{ id: string; status: string }> }).accessKeys,
    );
  const [active, inactive] = await keys();
  const s = await signIn(account);

  let page = await pageOf(await s.api.get(`/iam/access-keys/delete?id=${active!.id}`));
  expect(page.$('h1').text()).toBe(`Delete ${active!.id}`);
  expect(page.text).toContain('You must first deactivate the access key before you can delete it.');
  // The deletion fault fires first (the key stays); then deleting an active key is refused by the model, whatever was typed.
  page = await pageOf(await post(s, '/iam/access-keys/delete', { id: active!.id, confirm: active!.id }));
  expect(notices(page.$)).toEqual(['We encountered an internal error. Please try again.']);
  page = await pageOf(await post(s, '/iam/access-keys/delete', { id: active!.id, confirm: active!.id }));
  expect(notices(page.$)).toEqual([expect.stringContaining('Deactivate the access key before you delete it')]);
  page = await pageOf(await post(s, '/iam/access-keys/status', { id: active!.id, status: 'Inactive', next: 'delete' }));
  expect(page.path).toBe('/iam/access-keys/delete');
  expect(notices(page.$)).toEqual(['Access key deactivated.']);
  expect(page.$('input[type=submit][value=Deactivate]')).toHaveLength(0);
  expect(page.$('label').text()).toBe('To confirm deletion, enter the access key ID in the text input field.');

  page = await pageOf(await post(s, '/iam/access-keys/delete', { id: active!.id, confirm: 'AKIA-not-it' }));
  expect(notices(page.$)).toEqual(['The text you entered does not match the access key ID.']);
  expect((await keys()).map((k) => k.id)).toContain(active!.id);
  page = await pageOf(await post(s, '/iam/access-keys/delete', { id: active!.id, confirm: active!.id }));
  expect(page.path).toBe('/iam/home');
  expect(notices(page.$)).toEqual(['Access key deleted.']);
  expect(page.text).not.toContain(active!.id);
  expect(await keys()).toEqual([expect.objectContaining({ id: inactive!.id, status: 'Inactive' })]);

  page = await pageOf(await post(s, '/iam/access-keys/status', { id: inactive!.id, status: 'Active' }));
  expect(notices(page.$)).toEqual(['Access key activated.']);
  expect(rows(page.$, 1).map((r) => r.slice(0, 2))).toEqual([[inactive!.id, 'Active']]);
  expect(await keys()).toEqual([expect.objectContaining({ id: inactive!.id, status: 'Active' })]);
});

test('drift applies to the plain pages: renamed labels and buttons, a dropped column, an added required field', async () => {
  const account = await newAccount(replica.baseUrl, {
    accessKeys: ['Inactive'],
    drift: {
      renameLabel: [
        { from: 'Add MFA', to: 'Attach MFA' },
        { from: 'Password', to: 'Passphrase' },
        { from: 'Access keys', to: 'Keys' },
      ],
      dropField: 'Status',
      addRequiredField: 'Reason',
    },
  });
  const api = await request.newContext({ baseURL: replica.baseUrl });
  await api.post('/signin', { form: { userType: 'rootUser', email: account.rootEmail, redirect_uri: '/iam/home' } });
  expect((await pageOf(await api.get('/signin/password'))).$('label').text().trim()).toBe('Passphrase');
  const home = await pageOf(await api.post('/signin/password', { form: { password: account.rootPassword } }));
  expect(home.$('h2').eq(1).text()).toBe('Keys');
  expect(
    home
      .$('table.list')
      .eq(1)
      .find('th')
      .map((_i, el) => home.$(el).text())
      .get(),
  ).toEqual(['Access key ID', 'Created', 'Last used', 'Actions']);
  const s = { api, csrf: home.$('input[name=csrf_token]').first().val() as string };
  const first = await pageOf(await post(s, '/iam/mfa/assign', { deviceName: 'drifted', deviceType: 'authenticator' }));
  expect(notices(first.$)).toEqual(['Enter a value for Reason.']);
  const setup = await pageOf(await post(s, '/iam/mfa/assign', { deviceName: 'drifted', deviceType: 'authenticator', extraField: 'audit' }));
  expect(setup.$('input[type=submit]').last().attr('value')).toBe('Attach MFA');
});

test('in a browser: the security check inline on the page, a wrong answer, then the password and the console page', async ({ page }) => {
  const account = await newAccount(replica.baseUrl, { faults: { securityCheck: 'after-email' } });
  await page.goto(`${replica.baseUrl}/iam/home`);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Root user' })).toBeChecked();
  await page.getByRole('textbox', { name: 'Root user email address' }).fill(account.rootEmail);
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByRole('heading', { name: 'Security check' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'captcha' })).toBeVisible();
  expect(page.frames()).toHaveLength(1);
  const answer = (await accountState(replica.baseUrl, account.accountId)).securityCheckAnswer!;
  await page.getByRole('textbox', { name: 'Type the characters seen in the image below' }).fill(answer === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('alert')).toHaveText('That answer was not correct. Type the characters in the new image.');
  const fresh = (await accountState(replica.baseUrl, account.accountId)).securityCheckAnswer!;
  await page.getByRole('textbox', { name: 'Type the characters seen in the image below' }).fill(fresh);
  await page.getByRole('button', { name: 'Submit' }).click();

  await expect(page.getByRole('heading', { name: 'Root user sign in' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Password' }).fill(account.rootPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'My security credentials' })).toBeVisible();
  await expect(page).toHaveURL(`${replica.baseUrl}/iam/home`);
  await expect(page.getByRole('button', { name: 'Assign MFA device' })).toBeVisible();
  await expect(page.locator('[class*="awsui"]')).toHaveCount(0); // the Cloudscape classes are what must be absent
});

test('the forced-MFA prompt: "Register MFA device" opens the plain assignment; a session ended at Add MFA leaves the device unassigned', async () => {
  const account = await newAccount(replica.baseUrl, { forcedMfaPrompt: true, forcedMfaDaysLeft: 0 });
  const api = await request.newContext({ baseURL: replica.baseUrl });
  await api.post('/signin', { form: { userType: 'rootUser', email: account.rootEmail, redirect_uri: '/iam/home' } });
  const prompt = await pageOf(await api.post('/signin/password', { form: { password: account.rootPassword } }));
  expect(prompt.$('h1').text()).toBe('Multi-factor authentication (MFA) is required');
  expect(
    prompt
      .$('input[type=submit]')
      .map((_i, el) => prompt.$(el).attr('value'))
      .get(),
  ).toEqual(['Register MFA device']);
  const first = await pageOf(await api.post('/signin/mfa-required', { form: { action: 'register' } }));
  expect(first.path).toBe('/iam/mfa/assign');
  expect(first.$('h1').text()).toBe('Assign MFA device');

  const s = { api, csrf: first.$('input[name=csrf_token]').val() as string };
  const setup = await pageOf(await post(s, '/iam/mfa/assign', { deviceName: 'cut-short', deviceType: 'authenticator' }));
  expect(setup.path).toBe('/iam/mfa/setup');
  await sideDoor(replica.baseUrl).setFaults(account.accountId, { sessionExpiresAfterRequests: 0 });
  const seed = (await accountState(replica.baseUrl, account.accountId)).mfaDevices[0]!.seed;
  const step = await freshStep(replica.baseUrl, account.accountId);
  const ended = await pageOf(
    await post(s, '/iam/mfa/setup', { device: 'cut-short', code1: code(seed, step - 1), code2: code(seed, step) }),
  );
  expect(ended.path).toBe('/signin');
  expect((await accountState(replica.baseUrl, account.accountId)).mfaDevices.map((d) => [d.name, d.enableDate])).toEqual([
    ['cut-short', null],
  ]);
});
