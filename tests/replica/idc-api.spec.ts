import { test, expect } from '@playwright/test';
import {
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  CreateUserCommand,
  GetUserIdCommand,
  ListGroupMembershipsForMemberCommand,
  ListUsersCommand,
} from '@aws-sdk/client-identitystore';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import {
  DescribeInstanceCommand,
  DescribePermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
} from '@aws-sdk/client-sso-admin';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { accountState, newAccount, sideDoor, signIn } from './helpers.ts';
import { awsCli, clients, idc, userInput } from './idc-helpers.ts';

// The JSON 1.1 APIs (identitystore, sso-admin, organizations) through the SDK v3 clients and the aws
// CLI, the Identity Center state behind them, and the side door's Identity Center options.

let replica: ReplicaServer;
test.beforeAll(async () => {
  replica = await startReplica();
});
test.afterAll(async () => {
  await replica.close();
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('the call succeeded');
    },
    (e: unknown) => e as Error & Record<string, any>,
  );

test('SDK: a new account has no organization and no instance', async () => {
  const account = await newAccount(replica.baseUrl);
  const { ssoAdmin, organizations } = clients(replica.baseUrl, account);
  expect((await ssoAdmin.send(new ListInstancesCommand({}))).Instances).toEqual([]);
  const err = await failure(organizations.send(new DescribeOrganizationCommand({})));
  expect(err.name).toBe('AWSOrganizationsNotInUseException');
  expect(err.$metadata.httpStatusCode).toBe(400);
});

test('SDK: an instance enabled in one Region is listed there only; users, groups and memberships', async () => {
  const account = await newAccount(replica.baseUrl, { identityCenter: { enabledIn: 'eu-west-1' } });
  const { ssoAdmin, identityStore, organizations } = clients(replica.baseUrl, account, 'eu-west-1');
  const [instance] = (await ssoAdmin.send(new ListInstancesCommand({}))).Instances!;
  expect(instance).toMatchObject({ Status: 'ACTIVE', OwnerAccountId: account.accountId });
  expect(instance!.InstanceArn).toMatch(/^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/);
  expect(instance!.IdentityStoreId).toMatch(/^d-[0-9a-f]{10}$/);
  expect(instance!.CreatedDate).toBeInstanceOf(Date);
  expect(await ssoAdmin.send(new DescribeInstanceCommand({ InstanceArn: instance!.InstanceArn }))).toMatchObject({
    IdentityStoreId: instance!.IdentityStoreId,
  });
  expect((await clients(replica.baseUrl, account, 'us-east-1').ssoAdmin.send(new ListInstancesCommand({}))).Instances).toEqual([]);
  expect((await organizations.send(new DescribeOrganizationCommand({}))).Organization).toMatchObject({
    FeatureSet: 'ALL',
    MasterAccountId: account.accountId,
    MasterAccountEmail: account.rootEmail,
    Id: expect.stringMatching(/^o-[a-z0-9]{10}$/),
  });

  const IdentityStoreId = instance!.IdentityStoreId!;
  const user = {
    IdentityStoreId,
    UserName: 'alice',
    DisplayName: 'Alice Liddell',
    Name: { GivenName: 'Alice', FamilyName: 'Liddell' },
    Emails: [{ Value: 'alice@example.com', Primary: true }],
  };
  const { UserId } = await identityStore.send(new CreateUserCommand(user));
  expect(UserId).toMatch(new RegExp(`^${IdentityStoreId.slice(2)}-[0-9a-f-]{36}$`));
  const listed = (await identityStore.send(new ListUsersCommand({ IdentityStoreId }))).Users!;
  expect(listed).toEqual([
    expect.objectContaining({
      UserId,
      UserName: 'alice',
      DisplayName: 'Alice Liddell',
      Emails: [expect.objectContaining({ Value: 'alice@example.com' })],
    }),
  ]);
  const byName = { IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'alice' } } };
  expect((await identityStore.send(new GetUserIdCommand(byName))).UserId).toBe(UserId);

  const missing = await failure(
    identityStore.send(
      new GetUserIdCommand({ ...byName, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'bob' } } }),
    ),
  );
  expect([missing.name, missing.message]).toEqual(['ResourceNotFoundException', 'USER not found.']);
  const dup = await failure(
    identityStore.send(new CreateUserCommand({ ...user, UserName: 'ALICE', Emails: [{ Value: 'other@example.com' }] })),
  );
  expect([dup.name, dup.Reason]).toEqual(['ConflictException', 'UNIQUENESS_CONSTRAINT_VIOLATION']);
  const dupEmail = await failure(identityStore.send(new CreateUserCommand({ ...user, UserName: 'alice2' })));
  expect(dupEmail.name).toBe('ConflictException');
  const wrongStore = await failure(identityStore.send(new ListUsersCommand({ IdentityStoreId: 'd-0000000000' })));
  expect(wrongStore.name).toBe('ResourceNotFoundException');

  const { GroupId } = await identityStore.send(new CreateGroupCommand({ IdentityStoreId, DisplayName: 'Admins' }));
  await identityStore.send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId, MemberId: { UserId: UserId! } }));
  const memberships = (
    await identityStore.send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId, MemberId: { UserId: UserId! } }))
  ).GroupMemberships!;
  expect(memberships).toEqual([expect.objectContaining({ GroupId, MemberId: { UserId } })]);
});

test('console API + SDK: enable, add users, group, permission set, assignment IN_PROGRESS then SUCCEEDED', async () => {
  const account = await newAccount(replica.baseUrl);
  const s = await signIn(replica.baseUrl, account);
  const region = 'us-east-2';
  expect((await idc(s, 'GET', 'users', region)).body.error.code).toBe('InstanceNotFound');
  const enabled = await idc(s, 'POST', 'enable', region);
  expect(enabled.status).toBe(200);
  expect(enabled.body).toMatchObject({ organizationCreated: true, instance: { region } });
  expect((await idc(s, 'POST', 'enable', region)).body.error.code).toBe('ConflictException');
  expect((await idc(s, 'GET', 'state', 'us-east-1')).body).toMatchObject({ instance: null, otherRegion: region });

  const invited = await idc(s, 'POST', 'users', region, userInput('ada', 'email'));
  expect(invited.status).toBe(200);
  expect(invited.body.oneTimePassword).toBeNull();
  expect(invited.body.user.displayName).toBe('Ada Lovelace');
  const otp = await idc(s, 'POST', 'users', region, userInput('grace', 'otp'));
  expect(otp.body.oneTimePassword).toMatch(/^\S{12,}$/);
  expect(otp.body.portalUrl).toBe(`${replica.baseUrl}/start/${enabled.body.instance.identityStoreId}`);
  expect(
    (await idc(s, 'POST', 'users', region, userInput('ADA', 'email', { email: 'x@example.com', confirmEmail: 'x@example.com' }))).body
      .error,
  ).toMatchObject({ code: 'ConflictException', field: 'userName' });
  expect(
    (await idc(s, 'POST', 'users', region, userInput('bob', 'email', { confirmEmail: 'other@example.com' }))).body.error,
  ).toMatchObject({ field: 'confirmEmail' });
  expect((await idc(s, 'POST', 'users', region, userInput('b'.repeat(101), 'email'))).body.error).toMatchObject({
    code: 'ValidationException',
    field: 'userName',
  });

  const outbox = await sideDoor(replica.baseUrl).outbox(account.accountId);
  expect(outbox).toEqual([
    expect.objectContaining({ to: 'ada@example.com', userName: 'ada', subject: 'Invitation to join IAM Identity Center' }),
  ]);
  expect(outbox[0]!.link).toMatch(new RegExp(`/start/${enabled.body.instance.identityStoreId}/accept\\?token=[\\w-]+$`));

  const group = await idc(s, 'POST', 'groups', region, { displayName: 'Admins', description: '', userIds: [invited.body.user.userId] });
  expect(group.body.memberCount).toBe(1);
  const set = await idc(s, 'POST', 'permission-sets', region, {
    policy: 'AdministratorAccess',
    name: 'AdministratorAccess',
    description: '',
    sessionDuration: 'PT1H',
    relayState: '',
  });
  expect(set.body).toMatchObject({
    name: 'AdministratorAccess',
    sessionDuration: 'PT1H',
    managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
  });
  const made = await idc(s, 'POST', `accounts/${account.accountId}/assignments`, region, {
    principals: [{ type: 'GROUP', id: group.body.groupId }],
    permissionSetArns: [set.body.arn],
  });
  expect(made.body).toEqual([
    expect.objectContaining({ principalName: 'Admins', permissionSetName: 'AdministratorAccess', status: 'IN_PROGRESS' }),
  ]);

  const { ssoAdmin } = clients(replica.baseUrl, account, region);
  const InstanceArn = enabled.body.instance.arn;
  expect((await ssoAdmin.send(new ListPermissionSetsCommand({ InstanceArn }))).PermissionSets).toEqual([set.body.arn]);
  expect(
    (await ssoAdmin.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn: set.body.arn }))).PermissionSet,
  ).toMatchObject({ Name: 'AdministratorAccess', SessionDuration: 'PT1H' });
  expect(
    (await ssoAdmin.send(new ListManagedPoliciesInPermissionSetCommand({ InstanceArn, PermissionSetArn: set.body.arn })))
      .AttachedManagedPolicies,
  ).toEqual([{ Name: 'AdministratorAccess', Arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }]);
  const assignments = (
    await ssoAdmin.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId: account.accountId, PermissionSetArn: set.body.arn }))
  ).AccountAssignments;
  expect(assignments).toEqual([
    { AccountId: account.accountId, PermissionSetArn: set.body.arn, PrincipalType: 'GROUP', PrincipalId: group.body.groupId },
  ]);
  expect((await idc(s, 'GET', `accounts/${account.accountId}/assignments`, region)).body[0].status).toBe('SUCCEEDED');

  const state = (await accountState(replica.baseUrl, account.accountId)) as unknown as { identityCenter: any };
  expect(state.identityCenter.users.find((u: any) => u.userName === 'grace').password).toEqual({
    kind: 'one-time',
    secret: otp.body.oneTimePassword,
  });
  expect(state.identityCenter.users.find((u: any) => u.userName === 'ada').password.kind).toBe('invited');
});

test('aws CLI: lists the instance, the user, the organization and the assignment', async () => {
  const account = await newAccount(replica.baseUrl, { identityCenter: { enabledIn: 'us-east-1' } });
  const [instance] = (await awsCli(replica.baseUrl, account, ['sso-admin', 'list-instances'])).Instances;
  expect(instance.InstanceArn).toMatch(/^arn:aws:sso:::instance\/ssoins-/);
  const storeId = instance.IdentityStoreId;
  expect((await awsCli(replica.baseUrl, account, ['identitystore', 'list-users', '--identity-store-id', storeId])).Users).toEqual([]);

  const s = await signIn(replica.baseUrl, account);
  const added = await idc(s, 'POST', 'users', 'us-east-1', userInput('operator', 'email'));
  const users = (await awsCli(replica.baseUrl, account, ['identitystore', 'list-users', '--identity-store-id', storeId])).Users;
  expect(users).toEqual([expect.objectContaining({ UserName: 'operator', UserId: added.body.user.userId })]);
  const id = await awsCli(replica.baseUrl, account, [
    'identitystore',
    'get-user-id',
    '--identity-store-id',
    storeId,
    '--alternate-identifier',
    JSON.stringify({ UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'operator' } }),
  ]);
  expect(id.UserId).toBe(added.body.user.userId);
  await expect(
    awsCli(replica.baseUrl, account, [
      'identitystore',
      'get-user-id',
      '--identity-store-id',
      storeId,
      '--alternate-identifier',
      JSON.stringify({ UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'nobody' } }),
    ]),
  ).rejects.toThrow(/ResourceNotFoundException/);
  expect((await awsCli(replica.baseUrl, account, ['organizations', 'describe-organization'])).Organization.MasterAccountId).toBe(
    account.accountId,
  );

  const set = await idc(s, 'POST', 'permission-sets', 'us-east-1', {
    policy: 'AdministratorAccess',
    name: 'AdministratorAccess',
    description: '',
    sessionDuration: 'PT1H',
    relayState: '',
  });
  await idc(s, 'POST', `accounts/${account.accountId}/assignments`, 'us-east-1', {
    principals: [{ type: 'USER', id: added.body.user.userId }],
    permissionSetArns: [set.body.arn],
  });
  const listed = await awsCli(replica.baseUrl, account, [
    'sso-admin',
    'list-account-assignments',
    '--instance-arn',
    instance.InstanceArn,
    '--account-id',
    account.accountId,
    '--permission-set-arn',
    set.body.arn,
  ]);
  expect(listed.AccountAssignments).toEqual([expect.objectContaining({ PrincipalType: 'USER', PrincipalId: added.body.user.userId })]);
});

test('side door options, outbox, reset; unknown keys and unreplicated operations', async () => {
  const door = sideDoor(replica.baseUrl);
  const orgOnly = await door.createAccount({ identityCenter: { organization: true } });
  const { ssoAdmin, organizations } = clients(replica.baseUrl, orgOnly);
  expect((await organizations.send(new DescribeOrganizationCommand({}))).Organization?.MasterAccountId).toBe(orgOnly.accountId);
  expect((await ssoAdmin.send(new ListInstancesCommand({}))).Instances).toEqual([]);
  expect(await door.outbox(orgOnly.accountId)).toEqual([]);

  const bad = await fetch(`${replica.baseUrl}/__replica/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identityCenter: { enabledIn: 'Ohio' } }),
  });
  expect(bad.status).toBe(400);
  expect((await bad.json()).error.field).toBe('identityCenter.enabledIn');

  const reset = await fetch(`${replica.baseUrl}/__replica/accounts/${orgOnly.accountId}/identity-center/reset`, { method: 'POST' });
  expect(reset.status).toBe(200);
  expect((await failure(organizations.send(new DescribeOrganizationCommand({})))).name).toBe('AWSOrganizationsNotInUseException');

  const stranger = clients(replica.baseUrl, { ...orgOnly, apiCredentials: { accessKeyId: 'AKIANOTAREPLICAKEY00', secretAccessKey: 'x' } });
  expect((await failure(stranger.ssoAdmin.send(new ListInstancesCommand({})))).name).toBe('UnrecognizedClientException');
  const res = await fetch(`${replica.baseUrl}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'SWBExternalService.CreateInstance',
      authorization: `AWS4-HMAC-SHA256 Credential=${orgOnly.apiCredentials.accessKeyId}/20261123/us-east-1/sso/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: '{}',
  });
  expect(res.status).toBe(501);
  expect(await res.json()).toMatchObject({
    __type: 'NotImplemented',
    Message: expect.stringContaining('SWBExternalService.CreateInstance'),
  });
});
