import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import {
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteSigningCertificateCommand,
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListOrganizationsFeaturesCommand,
  ListSigningCertificatesCommand,
} from '@aws-sdk/client-iam';
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRootCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { CreatedAccount } from '../../replica/contract.ts';
import { OrgSideDoorClient } from '../../replica/sidedoor/organizations-client.ts';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { SideDoorClient } from '../../replica/sidedoor/client.ts';

// Organizations, centralized root access and STS AssumeRoot of the replica, through the real clients:
// the AWS SDK v3 and Debian's aws CLI, unchanged, pointed at the replica.

const run = promisify(execFile);
// Debian 12's awscli (2.9.19, January 2023) predates AssumeRoot (November 2024) and has neither command:
// then the first `aws` on PATH that has them (aws-cli 1.45 / botocore 1.43 here).
async function cliWithAssumeRoot(): Promise<string> {
  const candidates = [...(existsSync('/usr/bin/aws') ? ['/usr/bin/aws'] : []), 'aws'];
  for (const candidate of candidates) {
    const ok = await run(candidate, ['sts', 'assume-root', 'help'], {
      env: { ...process.env, PAGER: 'cat', AWS_PAGER: '' },
      timeout: 60_000,
    }).then(
      () => true,
      () => false,
    );
    if (ok) return candidate;
  }
  throw new Error(`No aws CLI with "sts assume-root" among ${candidates.join(', ')}`);
}
const AUDIT = 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials';
const DELETE = 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials';

let replica: ReplicaServer;
let orgDoor: OrgSideDoorClient;
test.beforeAll(async () => {
  replica = await startReplica({ port: 0 });
  orgDoor = new OrgSideDoorClient(replica.baseUrl);
});
test.afterAll(async () => {
  await replica?.close();
});

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const base = { region: 'us-east-1', maxAttempts: 1 };
const iam = (credentials: Creds) => new IAMClient({ ...base, endpoint: replica.baseUrl, credentials });
const sts = (credentials: Creds) => new STSClient({ ...base, endpoint: replica.baseUrl, credentials });
const orgs = (credentials: Creds) => new OrganizationsClient({ ...base, endpoint: replica.baseUrl, credentials });

async function rootSession(management: CreatedAccount, target: string, policy: string, durationSeconds = 900): Promise<Creds> {
  const out = await sts(management.apiCredentials).send(
    new AssumeRootCommand({ TargetPrincipal: target, TaskPolicyArn: { arn: policy }, DurationSeconds: durationSeconds }),
  );
  expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA/);
  expect(out.Credentials!.Expiration!.getTime()).toBeGreaterThan(Date.now() + (durationSeconds - 60) * 1000);
  return {
    accessKeyId: out.Credentials!.AccessKeyId!,
    secretAccessKey: out.Credentials!.SecretAccessKey!,
    sessionToken: out.Credentials!.SessionToken!,
  };
}

const failure = async (p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> => {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('the call succeeded');
};

test('SDK: an organization of N members, its features, ListAccounts/DescribeAccount; AssumeRoot refused until the feature is on', async () => {
  const org = await orgDoor.createOrganization({ members: 3 });
  const { management, members } = org;
  expect(members).toHaveLength(3);
  const mgmtIam = iam(management.apiCredentials);
  expect(await mgmtIam.send(new ListOrganizationsFeaturesCommand({}))).toMatchObject({
    OrganizationId: org.organizationId,
    EnabledFeatures: [],
  });
  expect(await failure(rootSession(management, members[0]!.accountId, AUDIT))).toMatchObject({
    name: 'AccessDenied',
    status: 403,
    message: expect.stringContaining('RootCredentialsManagement is not enabled'),
  });

  // A member cannot list or change the organization's features, nor list its accounts.
  const memberCreds = members[0]!.apiCredentials;
  expect(await failure(iam(memberCreds).send(new EnableOrganizationsRootCredentialsManagementCommand({})))).toMatchObject({
    name: 'CallerIsNotManagementAccountException',
    status: 400,
  });
  expect(await failure(iam(memberCreds).send(new ListOrganizationsFeaturesCommand({})))).toMatchObject({
    name: 'AccountNotManagementOrDelegatedAdministratorException',
  });
  expect(await failure(orgs(memberCreds).send(new ListAccountsCommand({})))).toMatchObject({ name: 'AccessDeniedException' });
  expect((await orgs(memberCreds).send(new DescribeOrganizationCommand({}))).Organization).toMatchObject({
    Id: org.organizationId,
    MasterAccountId: management.accountId,
  });

  // A standalone account is in no organization.
  const standalone = await new SideDoorClient(replica.baseUrl).createAccount({});
  expect(await failure(iam(standalone.apiCredentials).send(new ListOrganizationsFeaturesCommand({})))).toMatchObject({
    name: 'OrganizationNotFoundException',
  });
  expect(await failure(orgs(standalone.apiCredentials).send(new DescribeOrganizationCommand({})))).toMatchObject({
    name: 'AWSOrganizationsNotInUseException',
  });

  expect((await mgmtIam.send(new EnableOrganizationsRootCredentialsManagementCommand({}))).EnabledFeatures).toEqual([
    'RootCredentialsManagement',
  ]);
  expect((await mgmtIam.send(new EnableOrganizationsRootSessionsCommand({}))).EnabledFeatures).toEqual([
    'RootCredentialsManagement',
    'RootSessions',
  ]);

  const listed = [];
  let NextToken: string | undefined;
  do {
    const page = await orgs(management.apiCredentials).send(new ListAccountsCommand({ MaxResults: 2, NextToken }));
    listed.push(...page.Accounts!);
    NextToken = page.NextToken;
  } while (NextToken);
  expect(listed.map((a) => a.Id)).toEqual([management.accountId, ...members.map((m) => m.accountId)]);
  expect(listed[1]).toMatchObject({
    Email: members[0]!.rootEmail,
    Status: 'ACTIVE',
    JoinedMethod: 'CREATED',
    Arn: `arn:aws:organizations::${management.accountId}:account/${org.organizationId}/${members[0]!.accountId}`,
  });
  expect((await orgs(management.apiCredentials).send(new DescribeAccountCommand({ AccountId: members[2]!.accountId }))).Account?.Id).toBe(
    members[2]!.accountId,
  );
  expect(
    await failure(orgs(management.apiCredentials).send(new DescribeAccountCommand({ AccountId: standalone.accountId }))),
  ).toMatchObject({ name: 'AccountNotFoundException' });
  // AssumeRoot targets members of the caller's organization only.
  expect(await failure(rootSession(management, standalone.accountId, AUDIT))).toMatchObject({ name: 'AccessDenied' });
  expect(await failure(rootSession(management, management.accountId, AUDIT))).toMatchObject({ name: 'AccessDenied' });
});

test('SDK: AssumeRoot audit session reads but cannot delete; the delete session removes password, keys, certificates and MFA; 900 s at most; expired and forged tokens refused', async () => {
  const {
    management,
    members: [member],
  } = await orgDoor.createOrganization({
    members: [{ accessKeys: ['Active', 'Inactive'], mfaDevices: ['root-mfa'], signingCertificates: ['Active'] }],
    features: ['RootCredentialsManagement'],
  });
  const id = member!.accountId;
  expect(await failure(rootSession(management, id, AUDIT, 901))).toMatchObject({
    name: 'ValidationError',
    status: 400,
    message: expect.stringContaining('900'),
  });
  expect(await failure(rootSession(management, id, 'arn:aws:iam::aws:policy/AdministratorAccess'))).toMatchObject({
    name: 'ValidationError',
  });

  const audit = iam(await rootSession(management, id, AUDIT));
  const auditCreds = await rootSession(management, id, AUDIT);
  expect(await sts(auditCreds).send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: id, Arn: `arn:aws:iam::${id}:root` });
  expect((await audit.send(new GetLoginProfileCommand({}))).LoginProfile?.CreateDate).toBeInstanceOf(Date);
  const keys = (await audit.send(new ListAccessKeysCommand({}))).AccessKeyMetadata!;
  expect(keys.map((k) => k.Status)).toEqual(['Active', 'Inactive']);
  const mfa = (await audit.send(new ListMFADevicesCommand({}))).MFADevices!;
  expect(mfa.map((d) => d.SerialNumber)).toEqual([`arn:aws:iam::${id}:mfa/root-mfa`]);
  const certs = (await audit.send(new ListSigningCertificatesCommand({}))).Certificates!;
  expect(certs).toEqual([expect.objectContaining({ Status: 'Active', CertificateBody: expect.stringContaining('BEGIN CERTIFICATE') })]);
  expect((await audit.send(new GetAccountSummaryCommand({}))).SummaryMap).toMatchObject({
    AccountPasswordPresent: 1,
    AccountSigningCertificatesPresent: 1,
    AccountAccessKeysPresent: 1,
    AccountMFAEnabled: 1,
  });
  // The audit task policy allows no delete.
  expect(await failure(audit.send(new DeleteLoginProfileCommand({})))).toMatchObject({
    name: 'AccessDenied',
    status: 403,
    message: expect.stringContaining('iam:DeleteLoginProfile'),
  });
  expect(await failure(audit.send(new DeleteAccessKeyCommand({ AccessKeyId: keys[0]!.AccessKeyId! })))).toMatchObject({
    name: 'AccessDenied',
  });
  // Root credentials cannot call AssumeRoot.
  expect(await failure(sts(auditCreds).send(new AssumeRootCommand({ TargetPrincipal: id, TaskPolicyArn: { arn: DELETE } })))).toMatchObject(
    { name: 'AccessDenied' },
  );
  // A forged token with a real key id is refused.
  expect(await failure(iam({ ...auditCreds, sessionToken: 'forged' }).send(new ListAccessKeysCommand({})))).toMatchObject({
    name: 'InvalidClientTokenId',
    status: 403,
  });

  const del = iam(await rootSession(management, id, DELETE, 300));
  await del.send(new DeleteLoginProfileCommand({}));
  for (const k of keys) await del.send(new DeleteAccessKeyCommand({ AccessKeyId: k.AccessKeyId! }));
  for (const c of certs) await del.send(new DeleteSigningCertificateCommand({ CertificateId: c.CertificateId! }));
  expect(await failure(del.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: mfa[0]!.SerialNumber! })))).toMatchObject({
    name: 'DeleteConflictException',
    status: 409,
  });
  await del.send(new DeactivateMFADeviceCommand({ SerialNumber: mfa[0]!.SerialNumber! }));
  await del.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: mfa[0]!.SerialNumber! }));
  expect(await failure(del.send(new DeleteLoginProfileCommand({})))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });

  expect(await failure(audit.send(new GetLoginProfileCommand({})))).toMatchObject({ name: 'NoSuchEntityException' });
  expect((await audit.send(new ListAccessKeysCommand({}))).AccessKeyMetadata ?? []).toEqual([]);
  expect((await audit.send(new ListMFADevicesCommand({}))).MFADevices ?? []).toEqual([]);
  expect((await audit.send(new ListSigningCertificatesCommand({}))).Certificates ?? []).toEqual([]);
  expect(await orgDoor.rootCredentials(id)).toMatchObject({
    role: 'member',
    loginProfile: false,
    accessKeys: [],
    mfaDevices: [],
    signingCertificates: [],
  });

  // 301 s later on the member's clock, the 300 s session has ended; the 900 s audit session has not.
  await new SideDoorClient(replica.baseUrl).advanceClock(id, 301);
  expect(await failure(del.send(new ListAccessKeysCommand({})))).toMatchObject({ name: 'ExpiredToken', status: 403 });
  expect((await audit.send(new ListAccessKeysCommand({}))).AccessKeyMetadata ?? []).toEqual([]);
});

let awsCli: Promise<string> | undefined;
async function cli(creds: Creds, ...args: string[]): Promise<any> {
  awsCli ??= cliWithAssumeRoot();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    ...(creds.sessionToken ? { AWS_SESSION_TOKEN: creds.sessionToken } : {}),
    AWS_DEFAULT_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
  };
  const { stdout } = await run(await awsCli, [...args, '--endpoint-url', replica.baseUrl, '--output', 'json'], { env, timeout: 60_000 });
  return stdout.trim() ? JSON.parse(stdout) : {};
}

test('aws CLI: iam list-organizations-features, enable-organizations-root-credentials-management, sts assume-root, then the root session', async () => {
  const {
    organizationId,
    management,
    members: [member],
  } = await orgDoor.createOrganization({ members: [{ accessKeys: ['Active'] }] });
  expect(await cli(management.apiCredentials, 'iam', 'list-organizations-features')).toEqual({
    OrganizationId: organizationId,
    EnabledFeatures: [],
  });
  expect(await cli(management.apiCredentials, 'iam', 'enable-organizations-root-credentials-management')).toEqual({
    OrganizationId: organizationId,
    EnabledFeatures: ['RootCredentialsManagement'],
  });
  const assumed = await cli(
    management.apiCredentials,
    'sts',
    'assume-root',
    '--target-principal',
    member!.accountId,
    '--task-policy-arn',
    'arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials',
    '--duration-seconds',
    '900',
  );
  expect(assumed.Credentials).toMatchObject({ AccessKeyId: expect.stringMatching(/^ASIA/), Expiration: expect.any(String) });
  const session = {
    accessKeyId: assumed.Credentials.AccessKeyId,
    secretAccessKey: assumed.Credentials.SecretAccessKey,
    sessionToken: assumed.Credentials.SessionToken,
  };
  expect(await cli(session, 'sts', 'get-caller-identity')).toMatchObject({
    Account: member!.accountId,
    Arn: `arn:aws:iam::${member!.accountId}:root`,
  });
  expect((await cli(session, 'iam', 'get-login-profile')).LoginProfile).toMatchObject({ PasswordResetRequired: false });
  const [key] = (await cli(session, 'iam', 'list-access-keys')).AccessKeyMetadata;
  await cli(session, 'iam', 'delete-access-key', '--access-key-id', key.AccessKeyId);
  await cli(session, 'iam', 'delete-login-profile');
  expect((await cli(session, 'iam', 'list-access-keys')).AccessKeyMetadata).toEqual([]);
  await expect(cli(session, 'iam', 'get-login-profile')).rejects.toThrow(/NoSuchEntity/);
});
