import { epoch, page, required, type JsonAction, type JsonCall } from './json-protocol.ts';
import { addMembership, addUser, createGroup, requireGroup, requireUser, USERNAME_MAX_API } from './directory.ts';
import { notFound, validation } from './errors.ts';
import type { IdcGroup, IdcInstance, IdcMembership, IdcUser } from './model.ts';
import { instanceIn } from './organization.ts';

/**
 * identitystore (awsJson1_1, `AWSIdentityStore.*`): users, groups and memberships of the
 * instance's directory, for the `IdentityStoreId` of the instance in the caller's Region.
 */

function store({ account, region, input }: JsonCall): IdcInstance {
  const id = required(input, 'IdentityStoreId');
  const instance = instanceIn(account, region);
  if (!instance || instance.identityStoreId !== id) throw notFound('IDENTITY_STORE not found.', 'IDENTITY_STORE', id);
  return instance;
}

const userView = (u: IdcUser, storeId: string): Record<string, unknown> => ({
  IdentityStoreId: storeId,
  UserId: u.userId,
  UserName: u.userName,
  Name: { Formatted: `${u.givenName} ${u.familyName}`, GivenName: u.givenName, FamilyName: u.familyName },
  DisplayName: u.displayName,
  Emails: [{ Value: u.email, Type: 'work', Primary: true }],
  UserStatus: 'ENABLED',
  CreatedAt: epoch(u.createdAt),
});

const groupView = (g: IdcGroup, storeId: string): Record<string, unknown> => ({
  IdentityStoreId: storeId,
  GroupId: g.groupId,
  DisplayName: g.displayName,
  ...(g.description ? { Description: g.description } : {}),
  CreatedAt: epoch(g.createdAt),
});

const membershipView = (m: IdcMembership, storeId: string): Record<string, unknown> => ({
  IdentityStoreId: storeId,
  MembershipId: m.membershipId,
  GroupId: m.groupId,
  MemberId: { UserId: m.userId },
  CreatedAt: epoch(m.createdAt),
});

/** `AlternateIdentifier.UniqueAttribute` → [path (lower-case), value]. External ids are not replicated. */
function uniqueAttribute(input: Record<string, unknown>): [string, string] {
  const alt = input.AlternateIdentifier as { UniqueAttribute?: { AttributePath?: unknown; AttributeValue?: unknown } } | undefined;
  const attr = alt?.UniqueAttribute;
  if (!attr || typeof attr.AttributePath !== 'string' || typeof attr.AttributeValue !== 'string') {
    throw validation('AlternateIdentifier must hold a UniqueAttribute with a string AttributePath and AttributeValue.');
  }
  return [attr.AttributePath.toLowerCase(), attr.AttributeValue];
}

/** The deprecated `Filters` of ListUsers/ListGroups: exact, case-insensitive match on one attribute. */
function filtered<T>(items: T[], input: Record<string, unknown>, attributes: Record<string, (item: T) => string>): T[] {
  const filters = (input.Filters ?? []) as Array<{ AttributePath?: string; AttributeValue?: string }>;
  return items.filter((item) =>
    filters.every((f) => {
      const read = attributes[(f.AttributePath ?? '').toLowerCase()];
      if (!read) throw validation(`Filtering on ${String(f.AttributePath)} is not supported.`);
      return read(item).toLowerCase() === String(f.AttributeValue ?? '').toLowerCase();
    }),
  );
}

function memberUserId(input: Record<string, unknown>): string {
  const member = input.MemberId as { UserId?: unknown } | undefined;
  if (typeof member?.UserId !== 'string') throw validation('MemberId must hold a UserId.');
  return member.UserId;
}

function names(input: Record<string, unknown>): { givenName: string; familyName: string } {
  const name = (input.Name ?? {}) as { GivenName?: unknown; FamilyName?: unknown };
  return { givenName: String(name.GivenName ?? ''), familyName: String(name.FamilyName ?? '') };
}

export const IDENTITYSTORE_ACTIONS: Record<string, JsonAction> = {
  ListUsers: (call) => {
    const id = store(call).identityStoreId;
    const users = filtered(call.account.identityCenter.users, call.input, { username: (u) => u.userName });
    const { items, NextToken } = page(users, call.input);
    return { Users: items.map((u) => userView(u, id)), ...(NextToken ? { NextToken } : {}) };
  },
  DescribeUser: (call) => userView(requireUser(call.account, required(call.input, 'UserId')), store(call).identityStoreId),
  GetUserId: (call) => {
    const id = store(call).identityStoreId;
    const [path, value] = uniqueAttribute(call.input);
    const read: Record<string, (u: IdcUser) => string> = { username: (u) => u.userName, 'emails.value': (u) => u.email };
    if (!read[path]) throw validation(`${path} is not a unique attribute of users.`);
    const user = call.account.identityCenter.users.find((u) => read[path]!(u).toLowerCase() === value.toLowerCase());
    if (!user) throw notFound('USER not found.', 'USER');
    return { IdentityStoreId: id, UserId: user.userId };
  },
  ListGroups: (call) => {
    const id = store(call).identityStoreId;
    const groups = filtered(call.account.identityCenter.groups, call.input, { displayname: (g) => g.displayName });
    const { items, NextToken } = page(groups, call.input);
    return { Groups: items.map((g) => groupView(g, id)), ...(NextToken ? { NextToken } : {}) };
  },
  DescribeGroup: (call) => groupView(requireGroup(call.account, required(call.input, 'GroupId')), store(call).identityStoreId),
  GetGroupId: (call) => {
    const id = store(call).identityStoreId;
    const [path, value] = uniqueAttribute(call.input);
    if (path !== 'displayname') throw validation(`${path} is not a unique attribute of groups.`);
    const group = call.account.identityCenter.groups.find((g) => g.displayName.toLowerCase() === value.toLowerCase());
    if (!group) throw notFound('GROUP not found.', 'GROUP');
    return { IdentityStoreId: id, GroupId: group.groupId };
  },
  ListGroupMemberships: (call) => {
    const id = store(call).identityStoreId;
    const groupId = requireGroup(call.account, required(call.input, 'GroupId')).groupId;
    const { items, NextToken } = page(
      call.account.identityCenter.memberships.filter((m) => m.groupId === groupId),
      call.input,
    );
    return { GroupMemberships: items.map((m) => membershipView(m, id)), ...(NextToken ? { NextToken } : {}) };
  },
  ListGroupMembershipsForMember: (call) => {
    const id = store(call).identityStoreId;
    const userId = requireUser(call.account, memberUserId(call.input)).userId;
    const { items, NextToken } = page(
      call.account.identityCenter.memberships.filter((m) => m.userId === userId),
      call.input,
    );
    return { GroupMemberships: items.map((m) => membershipView(m, id)), ...(NextToken ? { NextToken } : {}) };
  },
  CreateUser: (call) => {
    const instance = store(call);
    const emails = (call.input.Emails ?? []) as Array<{ Value?: unknown; Primary?: unknown }>;
    const email = String((emails.find((e) => e.Primary) ?? emails[0])?.Value ?? '');
    const { user } = addUser(
      call.account,
      instance,
      {
        userName: required(call.input, 'UserName'),
        email,
        ...names(call.input),
        displayName: typeof call.input.DisplayName === 'string' ? call.input.DisplayName : undefined,
        passwordMode: 'none',
      },
      call.ctx.store.baseUrl,
      call.nowIso,
      USERNAME_MAX_API,
    );
    return { IdentityStoreId: instance.identityStoreId, UserId: user.userId };
  },
  CreateGroup: (call) => {
    const instance = store(call);
    const description = typeof call.input.Description === 'string' ? call.input.Description : null;
    const group = createGroup(call.account, instance, { displayName: required(call.input, 'DisplayName'), description }, call.nowIso);
    return { IdentityStoreId: instance.identityStoreId, GroupId: group.groupId };
  },
  CreateGroupMembership: (call) => {
    const instance = store(call);
    const m = addMembership(call.account, instance, required(call.input, 'GroupId'), memberUserId(call.input), call.nowIso);
    return { IdentityStoreId: instance.identityStoreId, MembershipId: m.membershipId };
  },
};
