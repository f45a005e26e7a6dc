import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { verifyBundle } from '../../lib/evidence/bundle.ts';
import { ManagementApi, type AwsAccess } from '../../lib/org/aws.ts';
import { classificationTable, classifyAccounts, type AccountToClassify } from '../../lib/org/classify.ts';
import { removeRootCredentials, TaskPolicyRefused } from '../../lib/org/root-credentials.ts';
import { parseResultsTable } from '../../lib/run/results-table.ts';
import type { CreatedAccount } from '../../replica/contract.ts';
import { OrgSideDoorClient } from '../../replica/sidedoor/organizations-client.ts';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { SideDoorClient } from '../../replica/sidedoor/client.ts';
import { runbookCli } from '../helpers/spawn.ts';
import { client } from '../replica/helpers.ts';
import { SIGNIN_TEXT } from '../../replica/signin/pages.ts';

// Classification and the root-credentials runbook (API only) against the replica's Organizations, IAM and STS.

let replica: ReplicaServer;
let orgDoor: OrgSideDoorClient;
test.beforeAll(async () => {
  replica = await startReplica({ port: 0 });
  orgDoor = new OrgSideDoorClient(replica.baseUrl);
});
test.afterAll(async () => {
  await replica?.close();
});

const access = (m: CreatedAccount): AwsAccess => ({ region: 'us-east-1', endpoint: replica.baseUrl, credentials: m.apiCredentials });
const entry = (a: CreatedAccount, extra: Partial<AccountToClassify> = {}): AccountToClassify => ({
  key: a.accountId,
  accountId: a.accountId,
  rootEmail: a.rootEmail,
  runbooks: ['root-mfa', 'root-access-keys'],
  ...extra,
});

test('classification: management, member under centralized root access, member keeping its password, member of an organization without it, standalone, and no API at all', async () => {
  const central = await orgDoor.createOrganization({
    members: [{ accessKeys: ['Active'], signingCertificates: ['Inactive'] }, { loginProfile: true }, { loginProfile: false }],
    features: ['RootCredentialsManagement', 'RootSessions'],
  });
  const [member, keeper, empty] = central.members;
  const other = await orgDoor.createOrganization({ members: 1 });
  const standalone = await new SideDoorClient(replica.baseUrl).createAccount({});
  const accounts = [
    entry(central.management),
    entry(member!),
    entry(keeper!, { keepRootPassword: true }),
    entry(empty!, { accountId: undefined, key: 'by-email' }),
    entry(other.members[0]!),
    entry(standalone),
  ];

  const api = new ManagementApi(access(central.management));
  const result = await classifyAccounts(api, accounts);
  api.close();
  expect(result).toMatchObject({
    organizationId: central.organizationId,
    managementAccountId: central.management.accountId,
    features: ['RootCredentialsManagement', 'RootSessions'],
    enabledNow: false,
  });
  const [mgmt, m, keep, byEmail, foreign, alone] = result.accounts;
  expect(mgmt).toMatchObject({ kind: 'management', path: 'console', runbooks: ['root-mfa', 'root-access-keys'] });
  expect(m).toMatchObject({
    kind: 'member',
    path: 'root-credentials',
    runbooks: ['root-credentials'],
    rootCredentials: { password: true, accessKeys: [{ status: 'Active' }], mfaDevices: [], signingCertificates: [{ status: 'Inactive' }] },
  });
  expect(keep).toMatchObject({
    kind: 'member',
    path: 'console',
    keepRootPassword: true,
    runbooks: ['root-mfa', 'root-access-keys'],
    rootCredentials: { password: true },
  });
  // An entry with only an email is found by ListAccounts' Email.
  expect(byEmail).toMatchObject({
    kind: 'member',
    accountId: empty!.accountId,
    path: 'root-credentials',
    rootCredentials: { password: false, accessKeys: [] },
  });
  expect(foreign).toMatchObject({ kind: 'standalone', path: 'console' });
  expect(alone).toMatchObject({ kind: 'standalone', path: 'console' });
  const table = classificationTable(result);
  expect(table).toContain(central.organizationId);
  expect(table.split('\n').find((l) => l.startsWith(member!.accountId))).toMatch(
    /member\s+on\s+password 1k 0mfa 1cert\s+root-credentials \(API\)/,
  );

  // From the other organization, whose centralized root access is off: the member goes to the console, with the two IAM calls named.
  const otherApi = new ManagementApi(access(other.management));
  const off = await classifyAccounts(otherApi, [entry(other.members[0]!)]);
  expect(off.accounts[0]).toMatchObject({
    kind: 'member',
    path: 'console',
    reason: expect.stringContaining('enable-organizations-root-credentials-management'),
  });
  // --enable-central-root-access: the two calls first, then the member takes the API path.
  const on = await classifyAccounts(otherApi, [entry(other.members[0]!)], { enableCentralRootAccess: true });
  otherApi.close();
  expect(on).toMatchObject({ enabledNow: true, features: ['RootCredentialsManagement', 'RootSessions'] });
  expect(on.accounts[0]).toMatchObject({ path: 'root-credentials' });
  expect(otherApi.log.calls.map((c) => c.action)).toEqual(
    expect.arrayContaining(['EnableOrganizationsRootCredentialsManagement', 'EnableOrganizationsRootSessions']),
  );

  // Without management credentials nothing is classified: the manifest's runbooks, as before.
  expect((await classifyAccounts(null, [entry(member!)])).accounts[0]).toMatchObject({
    kind: 'unknown',
    path: 'console',
    runbooks: ['root-mfa', 'root-access-keys'],
  });
});

test('root-credentials removes password, keys, certificates and MFA of a member; a second run changes nothing; an audit-only session is refused the delete and the runbook says so', async () => {
  const {
    management,
    members: [member, other],
  } = await orgDoor.createOrganization({
    members: [
      { accessKeys: ['Active', 'Inactive'], mfaDevices: ['root-mfa'], signingCertificates: ['Active', 'Inactive'] },
      { accessKeys: ['Active'] },
    ],
    features: ['RootCredentialsManagement'],
  });
  const api = new ManagementApi(access(management));
  const first = await removeRootCredentials(api, member!.accountId);
  expect(first).toMatchObject({
    result: 'removed',
    removed: {
      password: true,
      accessKeys: expect.arrayContaining([expect.stringMatching(/^AKIA/)]),
      mfaDevices: [`arn:aws:iam::${member!.accountId}:mfa/root-mfa`],
    },
    after: { password: false, accessKeys: [], mfaDevices: [], signingCertificates: [] },
  });
  expect(first.removed.accessKeys).toHaveLength(2);
  expect(first.removed.signingCertificates).toHaveLength(2);
  expect(await orgDoor.rootCredentials(member!.accountId)).toMatchObject({
    loginProfile: false,
    accessKeys: [],
    mfaDevices: [],
    signingCertificates: [],
  });

  const callsBefore = api.log.calls.length;
  const second = await removeRootCredentials(api, member!.accountId);
  expect(second.result).toBe('already-compliant');
  // Only the audit: one AssumeRoot with the audit policy and its four reads.
  const secondCalls = api.log.calls.slice(callsBefore);
  expect(secondCalls.map((c) => c.action)).toEqual([
    'AssumeRoot',
    'GetLoginProfile',
    'ListAccessKeys',
    'ListMFADevices',
    'ListSigningCertificates',
  ]);
  expect(secondCalls.every((c) => c.taskPolicy === 'IAMAuditRootUserCredentials' && c.requestId)).toBe(true);

  const refused = await removeRootCredentials(api, other!.accountId, { deletePolicy: 'IAMAuditRootUserCredentials' }).catch(
    (e: unknown) => e,
  );
  expect(refused).toBeInstanceOf(TaskPolicyRefused);
  expect((refused as Error).message).toMatch(
    /task policy IAMAuditRootUserCredentials was refused iam:DeleteLoginProfile \(AccessDenied\).*needs IAMDeleteRootUserCredentials/,
  );
  expect(api.log.calls.at(-1)).toMatchObject({ action: 'DeleteLoginProfile', error: 'AccessDenied', httpStatus: 403 });
  expect(await orgDoor.rootCredentials(other!.accountId)).toMatchObject({ loginProfile: true, accessKeys: [{ status: 'Active' }] });

  // Check mode audits and changes nothing.
  expect((await removeRootCredentials(api, other!.accountId, { check: true })).result).toBe('checked');
  expect(await orgDoor.rootCredentials(other!.accountId)).toMatchObject({ loginProfile: true });
  api.close();
});

test('after root-credentials the member cannot sign in as root with its old password', async () => {
  const {
    management,
    members: [member],
  } = await orgDoor.createOrganization({ members: [{ accessKeys: ['Active'] }], features: ['RootCredentialsManagement'] });
  /** Posts the email and password forms as a browser would; where the password form leads, and what the page says. */
  const tryPassword = async () => {
    const http = await client(replica.baseUrl);
    await http.post('/signin', { form: { userType: 'rootUser', email: member!.rootEmail, redirect_uri: '/iam/home' } });
    const res = await http.post('/signin/password', { form: { password: member!.rootPassword } });
    const answer = { path: new URL(res.url()).pathname, text: await res.text() };
    await http.dispose();
    return answer;
  };
  const before = await tryPassword();
  expect(before.path).not.toBe('/signin/password');
  const api = new ManagementApi(access(management));
  expect((await removeRootCredentials(api, member!.accountId)).result).toBe('removed');
  api.close();
  const after = await tryPassword();
  expect(after.path).toBe('/signin/password');
  expect(after.text).toContain(SIGNIN_TEXT.authError);
});

test('npm run runbook -- root-credentials: no browser, a signed evidence bundle with the API calls and their request ids, no credentials; a re-run is already-compliant', async () => {
  test.setTimeout(180_000);
  const {
    management,
    members: [member],
  } = await orgDoor.createOrganization({
    members: [{ accessKeys: ['Active'], mfaDevices: ['root-mfa'] }],
    features: ['RootCredentialsManagement'],
  });
  const work = await mkdtemp(path.join(os.tmpdir(), 'root-credentials-'));
  const env = {
    REPLICA_URL: replica.baseUrl,
    REPLICA_ACCOUNT_ID: member!.accountId,
    EVIDENCE_DIR: path.join(work, 'evidence'),
    VAULT_DIR: path.join(work, 'vault'),
    LOG_LEVEL: 'warn',
  };
  const run = await runbookCli(['root-credentials'], env, 150_000);
  const terminal = run.stdout + run.stderr;
  expect(run.code, terminal).toBe(0);
  const [row] = parseResultsTable(run.stdout);
  expect(row).toMatchObject({ runbook: 'root-credentials', result: 'removed' });
  const bundle = path.resolve(row!.evidenceFolder!);
  const record = JSON.parse(await readFile(path.join(bundle, 'evidence.json'), 'utf8'));
  expect(record).toMatchObject({
    runbook: 'root-credentials',
    account: member!.accountId,
    result: 'removed',
    verification: { audit: { password: false, accessKeys: 0, mfaDevices: 0 } },
  });
  const actions = record.details.apiCalls.map((c: { action: string }) => c.action);
  expect(actions).toEqual(
    expect.arrayContaining(['AssumeRoot', 'DeleteLoginProfile', 'DeleteAccessKey', 'DeactivateMFADevice', 'DeleteVirtualMFADevice']),
  );
  expect(record.details.apiCalls.every((c: { requestId?: string }) => /^[0-9a-f-]{36}$/.test(c.requestId ?? ''))).toBe(true);
  expect(record.steps.map((s: { title: string }) => s.title)).toEqual([
    'Audit the root credentials (AssumeRoot IAMAuditRootUserCredentials)',
    'Delete the root credentials (AssumeRoot IAMDeleteRootUserCredentials)',
    'Verify: audit again (AssumeRoot IAMAuditRootUserCredentials)',
  ]);
  // No trace (no browser), and nothing secret: neither the management keys nor the root password.
  const text = JSON.stringify(record) + (await readFile(path.join(bundle, 'runbook.log'), 'utf8').catch(() => ''));
  expect(text).not.toContain(management.apiCredentials.secretAccessKey);
  expect(text).not.toContain(member!.rootPassword);
  expect(text).not.toMatch(/ASIA[A-Z2-7]{16}/);
  expect(record.trace).toBeUndefined();
  const verdict = await verifyBundle(bundle);
  expect(verdict.ok, JSON.stringify(verdict)).toBe(true);

  const again = await runbookCli(['root-credentials'], env, 150_000);
  expect(again.code, again.stdout + again.stderr).toBe(0);
  expect(parseResultsTable(again.stdout)[0]).toMatchObject({ result: 'already-compliant' });
});
