import type {
  AddUserResult,
  AssignmentView,
  EnableResult,
  GroupView,
  IdcStateView,
  InstanceView,
  OrgAccountView,
  PermissionSetView,
  UserView,
} from './ui/contract.ts';
import { AwsError, InputError, jsonBody, sendApiError, sendJson } from '../core/http.ts';
import { consoleApiSession } from '../signin/session.ts';
import type { Ctx, Handler } from '../context.ts';
import type { Account } from '../iam/model.ts';
import { addMembership, addUser, createGroup, portalUrl } from './directory.ts';
import { JsonServiceError } from './errors.ts';
import type { IdcGroup, IdcInstance, IdcPermissionSet, IdcUser } from './model.ts';
import {
  accountName,
  assign,
  createPermissionSet,
  enableInstance,
  instanceIn,
  organizationAccountIds,
  readAssignments,
} from './organization.ts';
import { REGION } from './setup.ts';
import { consoleMessage } from './wording.ts';

/**
 * The Identity Center console's private JSON endpoints (console/idc/contract.ts `IDC_API`): session
 * cookie, `X-CSRF-Token` on POST, the page's Region in `?region=`, console-worded errors.
 */

interface Call {
  ctx: Ctx;
  account: Account;
  region: string;
  nowIso: string;
  body: Record<string, unknown>;
}

/** Session, session-expiry fault, slowMs, CSRF; the handler's result is sent as JSON. */
function idcApi(handler: (call: Call) => unknown): Handler {
  return async (ctx) => {
    const signed = await consoleApiSession(ctx);
    if (!signed) return;
    const { account } = signed;
    const region = ctx.url.searchParams.get('region') ?? 'us-east-1';
    if (!REGION.test(region)) return sendApiError(ctx.res, 400, 'InvalidRegion', `${region} is not a Region.`);
    const body = ctx.req.method === 'GET' ? {} : await jsonBody(ctx);
    try {
      sendJson(ctx.res, 200, (await handler({ ctx, account, region, nowIso: ctx.store.iam.nowIso(account), body })) ?? {});
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      const { message, field } = consoleMessage(err, body);
      sendJson(ctx.res, err.status, { error: { code: err.code, message, ...(field ? { field } : {}) } });
    }
  };
}

function text(body: Record<string, unknown>, field: string): string {
  const value = body[field] ?? '';
  if (typeof value !== 'string') throw new InputError(field, `${field} must be a string.`);
  return value;
}

function ids(body: Record<string, unknown>, field: string): string[] {
  const value = body[field] ?? [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new InputError(field, `${field} must be a list of ids.`);
  return value as string[];
}

/** The instance in the page's Region, or the console's "not enabled here" error. */
function here({ account, region }: Call): IdcInstance {
  const instance = instanceIn(account, region);
  if (instance) return instance;
  const elsewhere = account.identityCenter.instance?.region;
  if (elsewhere) throw new AwsError(400, 'InstanceInAnotherRegion', `IAM Identity Center is enabled in ${elsewhere}, not in ${region}.`);
  throw new AwsError(400, 'InstanceNotFound', 'IAM Identity Center is not enabled.');
}

const instanceView = (account: Account, i: IdcInstance): InstanceView => ({
  instanceId: i.instanceId,
  arn: i.arn,
  identityStoreId: i.identityStoreId,
  region: i.region,
  createdDate: i.createdDate,
  organizationId: account.identityCenter.organization?.id ?? '',
});

const userView = (account: Account, u: IdcUser): UserView => ({
  userId: u.userId,
  userName: u.userName,
  email: u.email,
  givenName: u.givenName,
  familyName: u.familyName,
  displayName: u.displayName,
  createdAt: u.createdAt,
  groupIds: account.identityCenter.memberships.filter((m) => m.userId === u.userId).map((m) => m.groupId),
});

const groupView = (account: Account, g: IdcGroup): GroupView => ({
  groupId: g.groupId,
  displayName: g.displayName,
  description: g.description,
  createdAt: g.createdAt,
  memberCount: account.identityCenter.memberships.filter((m) => m.groupId === g.groupId).length,
});

const permissionSetView = (p: IdcPermissionSet): PermissionSetView => ({
  arn: p.arn,
  name: p.name,
  description: p.description,
  sessionDuration: p.sessionDuration,
  managedPolicies: p.managedPolicies,
  createdAt: p.createdAt,
});

function assignmentViews(call: Call, accountId: string): AssignmentView[] {
  const ic = call.account.identityCenter;
  return readAssignments(call.account, Date.parse(call.nowIso) / 1000)
    .filter((a) => a.accountId === accountId)
    .map((a) => ({
      requestId: a.requestId,
      principalType: a.principalType,
      principalId: a.principalId,
      principalName:
        a.principalType === 'USER'
          ? (ic.users.find((u) => u.userId === a.principalId)?.userName ?? a.principalId)
          : (ic.groups.find((g) => g.groupId === a.principalId)?.displayName ?? a.principalId),
      permissionSetArn: a.permissionSetArn,
      permissionSetName: ic.permissionSets.find((p) => p.arn === a.permissionSetArn)?.name ?? a.permissionSetArn,
      status: a.status,
    }));
}

export const state = idcApi((call): IdcStateView => {
  const { account, region, ctx } = call;
  const { organization, instance } = account.identityCenter;
  const local = instanceIn(account, region);
  return {
    region,
    accountId: account.id,
    organization: organization ? { id: organization.id, masterAccountId: organization.masterAccountId } : null,
    instance: local ? instanceView(account, local) : null,
    otherRegion: instance && !local ? instance.region : null,
    portalUrl: local ? portalUrl(ctx.store.baseUrl, local) : null,
    enableFlow: account.options.idcEnableFlow,
  };
});

/** Tags from the enable settings page: at most 50, keys 1–128 characters and unique, values up to 256. */
function enableTags(body: Record<string, unknown>): Array<{ key: string; value: string }> {
  const raw = body.tags ?? [];
  if (!Array.isArray(raw) || raw.length > 50) throw new InputError('tags', 'tags must be a list of at most 50 { key, value }.');
  const tags = raw.map((t: { key?: unknown; value?: unknown }) => ({
    key: typeof t?.key === 'string' ? t.key.trim() : '',
    value: typeof t?.value === 'string' ? t.value : '',
  }));
  const bad = tags.find((t) => t.key.length < 1 || t.key.length > 128 || t.value.length > 256);
  if (bad)
    throw new JsonServiceError(
      400,
      'ValidationException',
      'Each tag needs a key of 1 to 128 characters and a value of at most 256 characters.',
      { field: 'tags' },
    );
  if (new Set(tags.map((t) => t.key)).size !== tags.length)
    throw new JsonServiceError(400, 'ValidationException', 'Tag keys must be unique.', { field: 'tags' });
  return tags;
}

/**
 * "Continue" in the dialog (body {}) or "Save" on the settings page (tags, delegated administrator).
 * The replica's organization has one account, its management account, which cannot be its own
 * delegated administrator: any account id there is refused (the wording is the replica's).
 */
export const enable = idcApi(({ account, region, nowIso, body }): EnableResult => {
  const tags = enableTags(body);
  const delegated = text(body, 'delegatedAdministrator').trim();
  if (delegated) {
    throw new JsonServiceError(
      400,
      'ValidationException',
      `${delegated} is not a member account of this organization. The management account cannot be registered as a delegated administrator.`,
      { field: 'delegatedAdministrator' },
    );
  }
  const { instance, organizationCreated } = enableInstance(account, region, nowIso);
  if (tags.length) instance.tags = tags;
  return { instance: instanceView(account, instance), organizationCreated };
});

export const listUsers = idcApi((call): UserView[] => {
  here(call);
  return call.account.identityCenter.users.map((u) => userView(call.account, u));
});

export const addUserHandler = idcApi((call): AddUserResult => {
  const instance = here(call);
  const { body, account, nowIso, ctx } = call;
  const email = text(body, 'email');
  if (text(body, 'confirmEmail') !== email)
    throw new JsonServiceError(400, 'ValidationException', 'Email addresses must match.', { field: 'confirmEmail' });
  const mode = text(body, 'passwordMode');
  if (mode !== 'email' && mode !== 'otp') throw new InputError('passwordMode', 'passwordMode must be "email" or "otp".');
  const groupIds = ids(body, 'groupIds');
  for (const id of groupIds)
    if (!account.identityCenter.groups.some((g) => g.groupId === id))
      throw new AwsError(404, 'ResourceNotFoundException', `Group ${id} does not exist.`);
  const added = addUser(
    account,
    instance,
    {
      userName: text(body, 'userName'),
      email,
      givenName: text(body, 'givenName'),
      familyName: text(body, 'familyName'),
      displayName: text(body, 'displayName'),
      passwordMode: mode,
    },
    ctx.store.baseUrl,
    nowIso,
  );
  for (const id of groupIds) addMembership(account, instance, id, added.user.userId, nowIso);
  return { user: userView(account, added.user), oneTimePassword: added.oneTimePassword, portalUrl: portalUrl(ctx.store.baseUrl, instance) };
});

export const listGroups = idcApi((call): GroupView[] => {
  here(call);
  return call.account.identityCenter.groups.map((g) => groupView(call.account, g));
});

export const createGroupHandler = idcApi((call): GroupView => {
  const instance = here(call);
  const userIds = ids(call.body, 'userIds');
  for (const id of userIds)
    if (!call.account.identityCenter.users.some((u) => u.userId === id))
      throw new AwsError(404, 'ResourceNotFoundException', `User ${id} does not exist.`);
  const group = createGroup(
    call.account,
    instance,
    { displayName: text(call.body, 'displayName'), description: text(call.body, 'description') },
    call.nowIso,
  );
  for (const id of userIds) addMembership(call.account, instance, group.groupId, id, call.nowIso);
  return groupView(call.account, group);
});

export const listPermissionSets = idcApi((call): PermissionSetView[] => {
  here(call);
  return call.account.identityCenter.permissionSets.map(permissionSetView);
});

export const createPermissionSetHandler = idcApi((call): PermissionSetView => {
  const instance = here(call);
  const b = call.body;
  return permissionSetView(
    createPermissionSet(
      call.account,
      instance,
      {
        policy: text(b, 'policy'),
        name: text(b, 'name'),
        description: text(b, 'description'),
        sessionDuration: text(b, 'sessionDuration') || 'PT1H',
        relayState: text(b, 'relayState'),
      },
      call.nowIso,
    ),
  );
});

export const listAccounts = idcApi((call): OrgAccountView[] => {
  here(call);
  return organizationAccountIds(call.account).map((id) => ({
    accountId: id,
    name: accountName(call.account),
    email: call.account.rootEmail,
    management: true,
  }));
});

export const listAssignments = idcApi((call): AssignmentView[] => {
  here(call);
  return assignmentViews(call, call.ctx.params.accountId ?? '');
});

export const assignHandler = idcApi((call): AssignmentView[] => {
  here(call);
  const accountId = call.ctx.params.accountId ?? '';
  const principals = call.body.principals;
  if (!Array.isArray(principals) || principals.length === 0)
    throw new JsonServiceError(400, 'ValidationException', 'Select at least one user or group.', { field: 'principals' });
  const sets = ids(call.body, 'permissionSetArns');
  if (sets.length === 0)
    throw new JsonServiceError(400, 'ValidationException', 'Select at least one permission set.', { field: 'permissionSetArns' });
  const made = new Set<string>();
  for (const p of principals as Array<{ type?: unknown; id?: unknown }>) {
    if ((p.type !== 'USER' && p.type !== 'GROUP') || typeof p.id !== 'string')
      throw new InputError('principals', 'Each principal needs a type (USER or GROUP) and an id.');
    for (const arn of sets) made.add(assign(call.account, accountId, p.type, p.id, arn, call.nowIso).requestId);
  }
  return assignmentViews(call, accountId).filter((a) => made.has(a.requestId));
});
