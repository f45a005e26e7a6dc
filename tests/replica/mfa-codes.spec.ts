import { test, expect } from '@playwright/test';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { accountState, code, createDevice, enable, freshStep, json, newAccount, nextStep, sideDoor, signIn } from './helpers.ts';

// How the replica checks MFA codes through the console JSON API (aws-apis.md §2): like AWS.

let replica: ReplicaServer;
test.beforeAll(async () => {
  replica = await startReplica();
});
test.afterAll(async () => {
  await replica.close();
});

const INVALID = { code: 'InvalidAuthenticationCode', message: 'Authentication code for device is not valid.' };

test('previous and current codes enable the device; it is then listed and its step is used', async () => {
  const account = await newAccount(replica.baseUrl);
  const s = await signIn(replica.baseUrl, account);
  const device = await createDevice(s, 'root-mfa');
  expect(device.serialNumber).toBe(`arn:aws:iam::${account.accountId}:mfa/root-mfa`);
  expect(device.base32StringSeed).toMatch(/^[A-Z2-7]{64}$/);
  const step = await freshStep(replica.baseUrl, account.accountId);

  const res = await enable(s, device.serialNumber, code(device.base32StringSeed, step - 1), code(device.base32StringSeed, step));
  expect(res.status).toBe(200);
  const list = await (await s.api.get('/iam/api/mfa')).json();
  expect(list).toEqual([expect.objectContaining({ serialNumber: device.serialNumber, deviceName: 'root-mfa', type: 'Virtual' })]);
  expect((await accountState(replica.baseUrl, account.accountId)).mfaDevices[0]!.lastUsedStep).toBe(step);
});

test('current and next codes are accepted too (one step of skew)', async () => {
  const account = await newAccount(replica.baseUrl);
  const s = await signIn(replica.baseUrl, account);
  const device = await createDevice(s, 'skew');
  const step = await freshStep(replica.baseUrl, account.accountId);
  expect((await enable(s, device.serialNumber, code(device.base32StringSeed, step), code(device.base32StringSeed, step + 1))).status).toBe(
    200,
  );
});

test('non-adjacent, out-of-order, too old and malformed codes are refused', async () => {
  const account = await newAccount(replica.baseUrl);
  const s = await signIn(replica.baseUrl, account);
  const { serialNumber, base32StringSeed: seed } = await createDevice(s, 'picky');
  const step = await freshStep(replica.baseUrl, account.accountId);

  const nonAdjacent = await enable(s, serialNumber, code(seed, step - 2), code(seed, step));
  expect(nonAdjacent).toEqual({ status: 403, body: { error: INVALID } });
  const outOfOrder = await enable(s, serialNumber, code(seed, step), code(seed, step - 1));
  expect(outOfOrder).toEqual({ status: 403, body: { error: INVALID } });
  const tooOld = await enable(s, serialNumber, code(seed, step - 3), code(seed, step - 2));
  expect(tooOld).toEqual({ status: 403, body: { error: INVALID } });
  const fiveDigits = await enable(s, serialNumber, '12345', code(seed, step));
  expect(fiveDigits.status).toBe(400);
  expect(fiveDigits.body.error.code).toBe('ValidationError');
  // None of the refusals used the device up: the right pair still works.
  expect((await enable(s, serialNumber, code(seed, step - 1), code(seed, step))).status).toBe(200);
});

test('an enrolment code cannot be reused to sign in; a code from a later step can', async () => {
  const account = await newAccount(replica.baseUrl);
  const s = await signIn(replica.baseUrl, account);
  const { serialNumber, base32StringSeed: seed } = await createDevice(s, 'once');
  const step = await freshStep(replica.baseUrl, account.accountId);
  expect((await enable(s, serialNumber, code(seed, step - 1), code(seed, step))).status).toBe(200);

  await expect(signIn(replica.baseUrl, account, code(seed, step))).rejects.toThrow(/stopped at .*\/signin\/mfa/);
  await expect(signIn(replica.baseUrl, account, code(seed, step - 1))).rejects.toThrow(/stopped at .*\/signin\/mfa/);
  const later = await nextStep(replica.baseUrl, account.accountId);
  const again = await signIn(replica.baseUrl, account, code(seed, later));
  expect((await again.api.get('/iam/api/console-context')).status()).toBe(200);
  // …and that sign-in code is spent as well.
  await expect(signIn(replica.baseUrl, account, code(seed, later))).rejects.toThrow(/stopped at .*\/signin\/mfa/);
});

test('a ninth MFA device is refused with LimitExceeded', async () => {
  const names = Array.from({ length: 7 }, (_, i) => `pre-${i + 1}`);
  const account = await newAccount(replica.baseUrl, { mfaDevices: names });
  const first = await accountState(replica.baseUrl, account.accountId);
  const s = await signIn(replica.baseUrl, account, code(first.mfaDevices[0]!.seed, first.currentStep));
  const eighth = await createDevice(s, 'eighth');
  const step = await freshStep(replica.baseUrl, account.accountId);
  expect((await enable(s, eighth.serialNumber, code(eighth.base32StringSeed, step - 1), code(eighth.base32StringSeed, step))).status).toBe(
    200,
  );

  const ninth = await s.post('/iam/api/mfa/createVirtualMfa', { virtualMFADeviceName: 'ninth', path: '/' });
  expect(ninth.status()).toBe(409);
  expect((await json(ninth)).error.code).toBe('LimitExceeded');
  expect(await (await s.api.get('/iam/api/mfa')).json()).toHaveLength(8);
});

test('device names: rules, and names of abandoned (never enabled) devices stay taken', async () => {
  const account = await newAccount(replica.baseUrl);
  const s = await signIn(replica.baseUrl, account);
  await createDevice(s, 'abandoned');
  const again = await s.post('/iam/api/mfa/createVirtualMfa', { virtualMFADeviceName: 'abandoned', path: '/' });
  expect(again.status()).toBe(409);
  expect(await again.json()).toEqual({
    error: { code: 'EntityAlreadyExists', message: 'MFA device with the name abandoned already exists.' },
  });
  for (const bad of ['', 'has space', 'x'.repeat(129), 'slash/inside']) {
    const res = await s.post('/iam/api/mfa/createVirtualMfa', { virtualMFADeviceName: bad, path: '/' });
    expect(res.status(), `name "${bad.slice(0, 20)}"`).toBe(400);
  }
  expect((await s.post('/iam/api/mfa/createVirtualMfa', { virtualMFADeviceName: 'Ok_+=,.@-1', path: '/' })).status()).toBe(200);
});

test('faults: rejectCodes refuses right codes N times; addMfaServerError afterEnable enables then fails', async () => {
  const account = await newAccount(replica.baseUrl, { faults: { rejectCodes: 1 } });
  const s = await signIn(replica.baseUrl, account);
  const { serialNumber, base32StringSeed: seed } = await createDevice(s, 'faulty');
  const step = await freshStep(replica.baseUrl, account.accountId);
  expect(await enable(s, serialNumber, code(seed, step - 1), code(seed, step))).toEqual({ status: 403, body: { error: INVALID } });
  expect((await accountState(replica.baseUrl, account.accountId)).faults).toEqual({});

  await sideDoor(replica.baseUrl).setFaults(account.accountId, { addMfaServerError: { count: 1, afterEnable: true } });
  const failed = await enable(s, serialNumber, code(seed, step - 1), code(seed, step));
  expect(failed).toEqual({
    status: 500,
    body: { error: { code: 'ServiceFailure', message: 'We encountered an internal error. Please try again.' } },
  });
  expect(await (await s.api.get('/iam/api/mfa')).json()).toHaveLength(1);
});

test('addMfaServerError without afterEnable leaves the device unassigned', async () => {
  const account = await newAccount(replica.baseUrl, { faults: { addMfaServerError: { count: 1, afterEnable: false } } });
  const s = await signIn(replica.baseUrl, account);
  const { serialNumber, base32StringSeed: seed } = await createDevice(s, 'flaky');
  const step = await freshStep(replica.baseUrl, account.accountId);
  expect((await enable(s, serialNumber, code(seed, step - 1), code(seed, step))).status).toBe(500);
  expect(await (await s.api.get('/iam/api/mfa')).json()).toHaveLength(0);
  expect((await enable(s, serialNumber, code(seed, step - 1), code(seed, step))).status).toBe(200);
});
