import { ListAccountAssignmentsCommand } from '@aws-sdk/client-sso-admin';
import { GetUserIdCommand, ListGroupMembershipsForMemberCommand } from '@aws-sdk/client-identitystore';
import { test, expect } from '@playwright/test';
import type { IdentityCenterOptions } from '../../replica/identity-center/contract.ts';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { accountState, newAccount, sideDoor } from './helpers.ts';
import { clients } from './idc-helpers.ts';

// Side-door seeding of Identity Center: an account can start where the identity-center runbook
// leaves it (users with a first password on its way, a group, a permission set, a provisioned assignment).

let replica: ReplicaServer;
test.beforeAll(async () => {
  replica = await startReplica();
});
test.afterAll(async () => {
  await replica.close();
});

const user = (userName: string, password: 'one-time' | 'invited' | 'none', groups?: string[]) => ({
  userName,
  email: `${userName}@example.com`,
  givenName: 'Ada',
  familyName: 'Lovelace',
  password,
  ...(groups ? { groups } : {}),
});

const SEEDED: IdentityCenterOptions = {
  enabledIn: 'us-east-1',
  users: [user('otp-user', 'one-time', ['Admins']), user('invited-user', 'invited'), user('bare-user', 'none')],
  groups: [{ displayName: 'Admins', description: 'Administrators' }],
  permissionSets: [{ name: 'AdministratorAccess' }],
  assignments: [{ principal: { type: 'GROUP', name: 'Admins' }, permissionSet: 'AdministratorAccess' }],
};

async function idcOf(accountId: string): Promise<any> {
  return ((await accountState(replica.baseUrl, accountId)) as unknown as { identityCenter: any }).identityCenter;
}

test('seeds users (one-time password, invitation, none), a group with its member, a permission set and a provisioned assignment', async () => {
  const account = await newAccount(replica.baseUrl, { identityCenter: SEEDED });
  const ic = await idcOf(account.accountId);
  const byName = Object.fromEntries(ic.users.map((u: any) => [u.userName, u]));
  expect(byName['otp-user'].password).toEqual({ kind: 'one-time', secret: expect.stringMatching(/^.{8,64}$/) });
  expect(byName['invited-user'].password).toMatchObject({ kind: 'invited', token: expect.any(String) });
  expect(byName['bare-user'].password).toEqual({ kind: 'none' });
  expect(ic.users.every((u: any) => u.mfaDevices.length === 0)).toBe(true);

  // The invitation is in the outbox, its link on this replica's portal.
  const mails = await sideDoor(replica.baseUrl).outbox(account.accountId);
  expect(mails.map((m) => m.userName)).toEqual(['invited-user']);
  expect(mails[0]!.link).toBe(
    `${replica.baseUrl}/start/${ic.instance.identityStoreId}/accept?token=${byName['invited-user'].password.token}`,
  );

  // The APIs the runbooks verify with see the same directory and a provisioned assignment.
  const { identityStore, ssoAdmin } = clients(replica.baseUrl, account);
  const { UserId } = await identityStore.send(
    new GetUserIdCommand({
      IdentityStoreId: ic.instance.identityStoreId,
      AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'otp-user' } },
    }),
  );
  const { GroupMemberships = [] } = await identityStore.send(
    new ListGroupMembershipsForMemberCommand({ IdentityStoreId: ic.instance.identityStoreId, MemberId: { UserId: UserId! } }),
  );
  expect(GroupMemberships.map((m) => m.GroupId)).toEqual([ic.groups[0].groupId]);
  expect(ic.permissionSets).toEqual([
    expect.objectContaining({
      name: 'AdministratorAccess',
      sessionDuration: 'PT1H',
      managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    }),
  ]);
  const { AccountAssignments = [] } = await ssoAdmin.send(
    new ListAccountAssignmentsCommand({
      InstanceArn: ic.instance.arn,
      AccountId: account.accountId,
      PermissionSetArn: ic.permissionSets[0].arn,
    }),
  );
  expect(AccountAssignments).toEqual([expect.objectContaining({ PrincipalType: 'GROUP', PrincipalId: ic.groups[0].groupId })]);
  expect(ic.assignments[0].status).toBe('SUCCEEDED');
});

test('a seeded one-time password and invitation work in the access portal', async ({ page }) => {
  const account = await newAccount(replica.baseUrl, { identityCenter: SEEDED });
  const ic = await idcOf(account.accountId);
  const portal = `${replica.baseUrl}/start/${ic.instance.identityStoreId}`;
  await page.goto(portal);
  await page.getByLabel('Username').fill('otp-user');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Password', { exact: true }).fill(ic.users[0].password.secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Set new password' })).toBeVisible();

  const [mail] = await sideDoor(replica.baseUrl).outbox(account.accountId);
  await page.goto(mail!.link);
  await expect(page.getByRole('heading', { name: 'New user sign up' })).toBeVisible();
});

test('bad seeds answer 400 naming the field', async () => {
  const bad = async (identityCenter: unknown) => {
    const res = await fetch(`${replica.baseUrl}/__replica/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identityCenter }),
    });
    expect(res.status).toBe(400);
    return (await res.json()).error as { field: string; message: string };
  };
  expect((await bad({ users: [user('a', 'none')] })).field).toBe('identityCenter.users');
  expect((await bad({ enabledIn: 'us-east-1', users: [user('a', 'none', ['Nobody'])] })).field).toBe('identityCenter.users.0.groups.0');
  expect(
    (await bad({ enabledIn: 'us-east-1', users: [user('a', 'none'), { ...user('A', 'none'), email: 'other@example.com' }] })).field,
  ).toBe('identityCenter.users.1');
  expect((await bad({ enabledIn: 'us-east-1', users: [{ ...user('a', 'none'), password: 'set' }] })).field).toBe(
    'identityCenter.users.0.password',
  );
  expect(
    (
      await bad({
        enabledIn: 'us-east-1',
        permissionSets: [{ name: 'AdministratorAccess' }],
        assignments: [{ principal: { type: 'USER', name: 'ghost' }, permissionSet: 'AdministratorAccess' }],
      })
    ).field,
  ).toBe('identityCenter.assignments.0.principal');
  expect(
    (
      await bad({
        enabledIn: 'us-east-1',
        groups: [{ displayName: 'Admins' }],
        assignments: [{ principal: { type: 'GROUP', name: 'Admins' }, permissionSet: 'Nope' }],
      })
    ).message,
  ).toContain('no permission set "Nope"');
  expect((await bad({ enabledIn: 'us-east-1', permissionSets: [{ name: 'X', policy: 'NotAPolicy' }] })).field).toBe(
    'identityCenter.permissionSets.0',
  );
});
