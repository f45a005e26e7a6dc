import { apiOrConsole, type IdcRunbookContext } from '../context.ts';

/**
 * What the identity-center runbook reads through the Identity Center, identity store and Organizations APIs
 * (ctx.idc, lib/aws/verify-idc.ts): the state it checks first, and what it verifies after the console steps.
 */

/** What the Identity Center APIs show of the set-up, ids only. */
export interface IdcApiState {
  organizationId?: string;
  managementAccountId?: string;
  instanceArn?: string;
  identityStoreId?: string;
  userId?: string;
  userEmail?: string;
  groupId?: string;
  /** Whether the user belongs to the group. */
  member: boolean;
  permissionSetArn?: string;
  managedPolicies: string[];
  sessionDuration?: string;
  /** Whether the group holds the permission set on the account, provisioned. */
  assigned: boolean;
}

export const ADMIN_POLICY = 'AdministratorAccess';
export const API_SOURCE =
  'organizations:DescribeOrganization, sso-admin:ListInstances/ListPermissionSets/DescribePermissionSet/ListManagedPoliciesInPermissionSet/ListAccountAssignments, identitystore:GetUserId/DescribeUser/GetGroupId/ListGroupMembershipsForMember';

/** Reads the set-up through the APIs; undefined when there is no API access (or, on AWS, it is refused). */
export async function readApi(ctx: IdcRunbookContext): Promise<IdcApiState | undefined> {
  const { idc, config, account } = ctx;
  if (!idc) return undefined;
  const { user, groupName, permissionSet } = config.identityCenter;
  return apiOrConsole(ctx, 'Identity Center APIs', async () => {
    const organization = await idc.organization();
    const state: IdcApiState = {
      organizationId: organization?.id,
      managementAccountId: organization?.masterAccountId,
      member: false,
      managedPolicies: [],
      assigned: false,
    };
    const instance = await idc.instance();
    if (!instance) return state;
    Object.assign(state, { instanceArn: instance.instanceArn, identityStoreId: instance.identityStoreId });
    const found = user ? await idc.user(instance.identityStoreId, user.userName) : undefined;
    const groupId = await idc.groupId(instance.identityStoreId, groupName);
    Object.assign(state, { userId: found?.userId, userEmail: found?.email, groupId });
    if (found && groupId) state.member = (await idc.groupsOf(instance.identityStoreId, found.userId)).includes(groupId);
    const set = await idc.permissionSet(instance.instanceArn, permissionSet);
    if (set)
      Object.assign(state, { permissionSetArn: set.arn, managedPolicies: set.managedPolicies, sessionDuration: set.sessionDuration });
    const accountId = account.id ?? organization?.masterAccountId;
    if (set && groupId && accountId) {
      state.assigned = (await idc.assignments(instance.instanceArn, accountId, set.arn)).some(
        (a) => a.principalType === 'GROUP' && a.principalId === groupId,
      );
    }
    return state;
  });
}

/** After the console steps: the APIs must show each part; a missing one throws naming it. */
export async function verify(ctx: IdcRunbookContext, accountId: string): Promise<void> {
  const { account, evidence, config } = ctx;
  const state = await readApi(ctx);
  if (!state) {
    evidence.record.verification = { skipped: 'no Identity Center API access configured' };
    return;
  }
  evidence.record.verification = { source: API_SOURCE, ...shown(state), accountId, checkedAt: new Date().toISOString() };
  const { region, user, groupName, permissionSet } = config.identityCenter;
  const missing = [
    !state.instanceArn && `no instance in ${region}`,
    !state.userId && `no user "${user?.userName}"`,
    !state.groupId && `no group "${groupName}"`,
    state.userId && state.groupId && !state.member && `"${user?.userName}" not in "${groupName}"`,
    !state.permissionSetArn && `no permission set "${permissionSet}"`,
    state.permissionSetArn &&
      !state.managedPolicies.includes(ADMIN_POLICY) &&
      `"${permissionSet}" without ${ADMIN_POLICY} (it has ${state.managedPolicies.join(', ') || 'none'})`,
    state.permissionSetArn &&
      state.groupId &&
      !state.assigned &&
      `no provisioned assignment of "${groupName}" with "${permissionSet}" on ${accountId}`,
  ].filter((m): m is string => Boolean(m));
  if (missing.length) throw new Error(`After the console steps the Identity Center APIs show for ${account.label}: ${missing.join('; ')}`);
  ctx.evidence.record.details = { ...ctx.evidence.record.details, ...idsOf(state) };
}

/** The API state as the evidence records it: ids and flags, not the user's email address. */
export function shown(s: IdcApiState): Omit<IdcApiState, 'userEmail'> {
  const { userEmail: _email, ...rest } = s;
  return rest;
}

export const sameEmail = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export function complete(s: IdcApiState): boolean {
  return Boolean(
    s.instanceArn && s.userId && s.groupId && s.member && s.permissionSetArn && s.managedPolicies.includes(ADMIN_POLICY) && s.assigned,
  );
}

/** The ids worth recording (never a secret). */
export function idsOf(s: IdcApiState): Record<string, unknown> {
  const ids = {
    organizationId: s.organizationId,
    instanceArn: s.instanceArn,
    identityStoreId: s.identityStoreId,
    userId: s.userId,
    groupId: s.groupId,
    permissionSetArn: s.permissionSetArn,
    assignmentStatus: s.assigned ? 'provisioned' : undefined,
  };
  return Object.fromEntries(Object.entries(ids).filter(([, v]) => v !== undefined));
}
