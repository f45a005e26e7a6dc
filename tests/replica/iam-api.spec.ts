import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { test, expect } from '@playwright/test';
import {
  GetAccountSummaryCommand,
  IAMClient,
  ListMFADevicesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import type { CreatedAccount } from '../../replica/contract.ts';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { code, createDevice, enable, freshStep, newAccount, signIn } from './helpers.ts';

// The IAM Query API through the real clients: @aws-sdk/client-iam and the aws CLI.

// Async on purpose: a sync spawn would block this process, and with it the replica serving the CLI.
const run = promisify(execFile);
// Debian's aws CLI when installed (.ci/run installs it), else whichever `aws` is on PATH.
const AWS_CLI = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';

let replica: ReplicaServer;
test.beforeAll(async () => {
  replica = await startReplica();
});
test.afterAll(async () => {
  await replica.close();
});

function sdk(account: CreatedAccount): IAMClient {
  return new IAMClient({ region: 'us-east-1', endpoint: replica.baseUrl, credentials: account.apiCredentials, maxAttempts: 1 });
}

async function cli(account: CreatedAccount, ...args: string[]): Promise<any> {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: account.apiCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: account.apiCredentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
  };
  const { stdout } = await run(AWS_CLI, [...args, '--endpoint-url', replica.baseUrl, '--output', 'json'], { env, timeout: 60_000 });
  return JSON.parse(stdout);
}

/** Signs in through the forms and enables a virtual device named `name` with previous+current codes. */
async function assignDevice(account: CreatedAccount, name: string): Promise<string> {
  const s = await signIn(replica.baseUrl, account);
  const device = await createDevice(s, name);
  const step = await freshStep(replica.baseUrl, account.accountId);
  const res = await enable(s, device.serialNumber, code(device.base32StringSeed, step - 1), code(device.base32StringSeed, step));
  expect(res.status).toBe(200);
  return device.serialNumber;
}

test('SDK: GetAccountSummary and ListVirtualMFADevices before and after a device is enabled', async () => {
  const account = await newAccount(replica.baseUrl, { accessKeys: ['Active'] });
  const iam = sdk(account);
  const before = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
  expect(before).toMatchObject({
    AccountMFAEnabled: 0,
    AccountAccessKeysPresent: 1,
    AccountPasswordPresent: 1,
    AccountSigningCertificatesPresent: 0,
    MFADevices: 0,
    MFADevicesInUse: 0,
    Users: 0,
  });
  expect((await iam.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices ?? []).toEqual([]);

  const serial = await assignDevice(account, 'root-mfa');
  const after = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
  expect(after).toMatchObject({ AccountMFAEnabled: 1, MFADevices: 1, MFADevicesInUse: 1 });
  const assigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
  expect(assigned.VirtualMFADevices).toHaveLength(1);
  expect(assigned.VirtualMFADevices![0]!.SerialNumber).toBe(serial);
  expect(assigned.VirtualMFADevices![0]!.User?.Arn).toBe(`arn:aws:iam::${account.accountId}:root`);
  expect(assigned.VirtualMFADevices![0]!.EnableDate).toBeInstanceOf(Date);
  expect((await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices ?? []).toEqual([]);
  expect((await iam.send(new ListMFADevicesCommand({}))).MFADevices?.map((d) => d.SerialNumber)).toEqual([serial]);
});

test('SDK: a created but never enabled device is Unassigned; paging works', async () => {
  const account = await newAccount(replica.baseUrl);
  const s = await signIn(replica.baseUrl, account);
  const stale = await createDevice(s, 'stale');
  const iam = sdk(account);
  expect((await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }))).VirtualMFADevices ?? []).toEqual([]);
  const unassigned = (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices!;
  expect(unassigned.map((d) => [d.SerialNumber, d.User])).toEqual([[stale.serialNumber, undefined]]);
  expect((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap).toMatchObject({
    AccountMFAEnabled: 0,
    MFADevices: 1,
    MFADevicesInUse: 0,
  });

  const many = sdk(await newAccount(replica.baseUrl, { mfaDevices: ['a', 'b', 'c'] }));
  const first = await many.send(new ListVirtualMFADevicesCommand({ MaxItems: 2 }));
  expect(first.IsTruncated).toBe(true);
  const second = await many.send(new ListVirtualMFADevicesCommand({ MaxItems: 2, Marker: first.Marker }));
  expect([...first.VirtualMFADevices!, ...second.VirtualMFADevices!].map((d) => d.SerialNumber!.split('/')[1])).toEqual(['a', 'b', 'c']);
  expect(second.IsTruncated).toBe(false);
});

test('SDK: unknown key id → InvalidClientTokenId; unreplicated action → 501 NotImplemented', async () => {
  const account = await newAccount(replica.baseUrl);
  const stranger = new IAMClient({
    region: 'us-east-1',
    endpoint: replica.baseUrl,
    credentials: { accessKeyId: 'AKIANOTAREPLICAKEY00', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  const denied = await stranger
    .send(new GetAccountSummaryCommand({}))
    .catch((e: unknown) => e as { name: string; $metadata: { httpStatusCode: number } });
  expect(denied).toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
  const unknown = await sdk(account)
    .send(new ListUsersCommand({}))
    .catch((e: unknown) => e as Error & { $metadata: { httpStatusCode: number } });
  expect(unknown).toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
  expect((unknown as Error).message).toContain('ListUsers');
});

test('aws CLI: get-account-summary and list-virtual-mfa-devices before and after; sts get-caller-identity', async () => {
  const account = await newAccount(replica.baseUrl);
  expect((await cli(account, 'iam', 'get-account-summary')).SummaryMap.AccountMFAEnabled).toBe(0);
  expect((await cli(account, 'iam', 'list-virtual-mfa-devices')).VirtualMFADevices).toEqual([]);

  const serial = await assignDevice(account, 'cli-checked');
  expect((await cli(account, 'iam', 'get-account-summary')).SummaryMap).toMatchObject({ AccountMFAEnabled: 1, MFADevicesInUse: 1 });
  const listed = await cli(account, 'iam', 'list-virtual-mfa-devices', '--assignment-status', 'Assigned');
  expect(listed.VirtualMFADevices).toEqual([
    expect.objectContaining({
      SerialNumber: serial,
      User: expect.objectContaining({ Arn: `arn:aws:iam::${account.accountId}:root` }),
    }),
  ]);
  expect(await cli(account, 'sts', 'get-caller-identity')).toMatchObject({
    Account: account.accountId,
    Arn: `arn:aws:iam::${account.accountId}:user/replica-verifier`,
  });
});
