import { test, expect } from '@playwright/test';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { accountState, json, newAccount, sideDoor, signIn } from './helpers.ts';

// The route table's edges: loud 501s, the side door, sessions and CSRF, access keys, static files.

let replica: ReplicaServer;
test.beforeAll(async () => {
  replica = await startReplica();
});
test.afterAll(async () => {
  await replica.close();
});

const url = (path: string): string => `${replica.baseUrl}${path}`;

test('anything not replicated answers 501, in the caller’s format', async () => {
  const page = await fetch(url('/billing/home'));
  expect(page.status).toBe(501);
  expect(await page.text()).toContain('Not replicated: GET /billing/home is not part of the aws-console-runbooks replica');

  const json = await fetch(url('/iam/api/mfa/deactivateMfaDevice'), { method: 'POST' });
  expect(json.status).toBe(501);
  expect(await json.json()).toEqual({
    error: {
      code: 'NotImplemented',
      message: 'Not replicated: POST /iam/api/mfa/deactivateMfaDevice is not part of the aws-console-runbooks replica',
    },
  });

  const account = await newAccount(replica.baseUrl);
  const xml = await fetch(url('/'), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: `AWS4-HMAC-SHA256 Credential=${account.apiCredentials.accessKeyId}/20261123/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: 'Action=CreateUser&Version=2010-05-08&UserName=bob',
  });
  expect(xml.status).toBe(501);
  const text = await xml.text();
  expect(text).toContain('<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">');
  expect(text).toContain('<Code>NotImplemented</Code>');
  expect(text).toContain('CreateUser');

  const wrongMethod = await fetch(url('/signin'), { method: 'DELETE' });
  expect(wrongMethod.status).toBe(501);
  expect((await fetch(url('/signin/forgot-password'))).status).toBe(501);
});

test('side door: bad bodies name the bad field; clock, faults, state and reset work', async () => {
  const door = sideDoor(replica.baseUrl);
  for (const [body, field] of [
    [{ accountId: '123' }, 'accountId'],
    [{ accessKeys: ['Active', 'Active', 'Active'] }, 'accessKeys'],
    [{ faults: { securityCheck: 'sometimes' } }, 'faults.securityCheck'],
    [{ colour: 'blue' }, 'colour'],
  ] as const) {
    const res = await fetch(url('/__replica/accounts'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect((await res.json()).error.field).toBe(field);
  }
  const account = await door.createAccount({ accountId: '111122223333', alias: 'my-team' });
  const dup = await fetch(url('/__replica/accounts'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"accountId":"111122223333"}',
  });
  expect(dup.status).toBe(400);

  const before = await door.clock(account.accountId);
  const moved = await door.advanceClock(account.accountId, 90);
  expect(moved.offsetSeconds).toBe(before.offsetSeconds + 90);
  expect(moved.now - Date.now() / 1000).toBeGreaterThan(89);
  const badClock = await fetch(url(`/__replica/accounts/${account.accountId}/clock`), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"advanceSeconds":"soon"}',
  });
  expect((await badClock.json()).error.field).toBe('advanceSeconds');

  expect(await door.setFaults(account.accountId, { slowMs: 5, rejectCodes: 2 })).toEqual({ slowMs: 5, rejectCodes: 2 });
  expect(await door.setFaults(account.accountId, { rejectCodes: null } as never)).toEqual({ slowMs: 5 });
  expect((await fetch(url('/__replica/accounts/999999999999'))).status).toBe(404);

  expect((await fetch(url('/__replica/routes')).then((r) => r.json())).length).toBeGreaterThan(20);
});

test('side door: reset forgets every account', async () => {
  // Its own replica: a reset must not pull accounts from under tests running beside it.
  const own = await startReplica();
  try {
    const account = await sideDoor(own.baseUrl).createAccount();
    expect((await fetch(`${own.baseUrl}/__replica/reset`, { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${own.baseUrl}/__replica/accounts/${account.accountId}`)).status).toBe(404);
    expect(await fetch(`${own.baseUrl}/__replica/health`).then((r) => r.json())).toMatchObject({ ok: true, accounts: 0 });
  } finally {
    await own.close();
  }
});

test('console API: 401 without a session, 403 without the CSRF token', async () => {
  const anonymous = await fetch(url('/iam/api/mfa'));
  expect(anonymous.status).toBe(401);
  expect(await anonymous.json()).toEqual({ error: { code: 'SessionExpired', message: 'Your session has expired. Sign in again.' } });

  const account = await newAccount(replica.baseUrl, { alias: 'ctx-test' });
  const s = await signIn(replica.baseUrl, account);
  expect(await (await s.api.get('/iam/api/console-context')).json()).toEqual({
    accountId: account.accountId,
    accountAlias: 'ctx-test',
    displayName: 'ctx-test',
    userArn: `arn:aws:iam::${account.accountId}:root`,
    generation: 'current',
    drift: {},
  });
  const noToken = await s.api.post('/iam/api/mfa/createVirtualMfa', { data: { virtualMFADeviceName: 'x', path: '/' } });
  expect(noToken.status()).toBe(403);
  expect((await accountState(replica.baseUrl, account.accountId)).mfaDevices).toEqual([]);
});

test('root access keys: list, deactivate, delete only when inactive, activate', async () => {
  const account = await newAccount(replica.baseUrl, { accessKeys: ['Active', 'Inactive'] });
  const s = await signIn(replica.baseUrl, account);
  const keys = await (await s.api.get('/iam/service/root/keys')).json();
  expect(keys.map((k: { status: string }) => k.status)).toEqual(['Active', 'Inactive']);
  expect(keys[0].id).toMatch(/^AKIA[A-Z2-7]{16}$/);
  expect(JSON.stringify(keys)).not.toMatch(/secret/i);

  const refused = await s.api.delete(`/iam/service/root/keys/${keys[0].id}`, { headers: { 'X-CSRF-Token': s.xsrf } });
  expect(refused.status()).toBe(409);
  expect((await json(refused)).error.message).toMatch(/Deactivate/);
  expect((await json(await s.post('/iam/service/deactivate', { id: keys[0].id }))).status).toBe('Inactive');
  expect((await s.api.delete(`/iam/service/root/keys/${keys[0].id}`, { headers: { 'X-CSRF-Token': s.xsrf } })).status()).toBe(200);
  expect((await json(await s.post('/iam/service/activate', { id: keys[1].id }))).status).toBe('Active');
  expect((await (await s.api.get('/iam/service/root/keys')).json()).map((k: { id: string }) => k.id)).toEqual([keys[1].id]);
  expect((await s.post('/iam/service/activate', { id: 'AKIANOSUCHKEY0000000' })).status()).toBe(404);
});

test('faults: session expiry after N API requests (once), slowMs delays answers', async () => {
  const account = await newAccount(replica.baseUrl, { faults: { sessionExpiresAfterRequests: 2 } });
  const s = await signIn(replica.baseUrl, account);
  expect((await s.api.get('/iam/api/mfa')).status()).toBe(200);
  expect((await s.api.get('/iam/api/mfa')).status()).toBe(200);
  expect((await s.api.get('/iam/api/mfa')).status()).toBe(401);
  expect(new URL((await s.api.get('/iam/home')).url()).pathname).toBe('/signin');
  const again = await signIn(replica.baseUrl, account);
  expect((await again.api.get('/iam/api/mfa')).status()).toBe(200);

  await sideDoor(replica.baseUrl).setFaults(account.accountId, { slowMs: 400 });
  const started = Date.now();
  expect((await again.api.get('/iam/api/console-context')).status()).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(390);
});

test('console shell and static files', async () => {
  const account = await newAccount(replica.baseUrl);
  const s = await signIn(replica.baseUrl, account);
  const shell = await (await s.api.get('/console/home')).text();
  expect(shell).toContain('<div id="app"></div>');
  expect(shell).toContain('<script type="module" src="/static/console.js"></script>');
  expect(shell).toContain(`content="${s.xsrf}"`);
  const js = await fetch(url('/static/console.js'));
  expect(js.status).toBe(200);
  expect(js.headers.get('content-type')).toMatch(/javascript/);
  expect(js.headers.get('cache-control')).toBe('public, max-age=3600');
  expect((await fetch(url('/static/console.css'))).headers.get('content-type')).toMatch(/^text\/css/);
  expect((await fetch(url('/static/..%2f..%2fstate.ts'))).status).toBe(404);
  expect((await fetch(url('/static/nothing.js'))).status).toBe(404);
});
