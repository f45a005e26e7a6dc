import type { IdcRunbookContext } from '../context.ts';

/**
 * What portal-user-mfa asks the Identity Center and identity store APIs (ctx.idc): where the user's access portal
 * is, and, after the portal steps, that the user holds the permission set on the account.
 */

/** Where the access portal is, and (with API access) the user it signs in. */
export interface Portal {
  url: string;
  userId?: string;
  identityStoreId?: string;
  instanceArn?: string;
}

/** Identity Center or its user is not there yet: identity-center must run first. */
export class NotSetUpError extends Error {
  override name = 'NotSetUpError';
}

/** The portal URL from the instance's identity store (checking the user exists), else IDC_PORTAL_URL. */
export async function findPortal(ctx: IdcRunbookContext, userName: string, who: string): Promise<Portal> {
  const { idc, account, config, log } = ctx;
  const configured = config.identityCenter.portalUrl;
  if (idc) {
    try {
      const instance = await idc.instance();
      if (!instance) {
        throw new NotSetUpError(
          `IAM Identity Center has no instance in ${idc.region} for ${account.label}: run identity-center first, or set IDC_REGION to the Region it lives in`,
        );
      }
      const found = await idc.user(instance.identityStoreId, userName);
      if (!found)
        throw new NotSetUpError(
          `The identity store ${instance.identityStoreId} has no user ${userName} (${who}): run identity-center first`,
        );
      return {
        url: account.portalUrl(instance.identityStoreId),
        userId: found.userId,
        identityStoreId: instance.identityStoreId,
        instanceArn: instance.instanceArn,
      };
    } catch (err) {
      // On AWS the operator's credentials may not reach sso-admin: IDC_PORTAL_URL still says where to go.
      if (config.target !== 'aws' || !configured || err instanceof NotSetUpError) throw err;
      log.warn({ err }, 'Identity Center APIs not reachable with the configured credentials; using IDC_PORTAL_URL');
    }
  }
  if (!configured)
    throw new Error(
      `Cannot find the AWS access portal of ${account.label}: set IDC_PORTAL_URL (the "AWS access portal URL" on the Identity Center dashboard), or give the runbook API access`,
    );
  return { url: configured };
}

/** Reads back, through the APIs, that the user exists and holds the permission set on the account (directly or through a group). */
export async function verify(ctx: IdcRunbookContext, portal: Portal, userName: string, who: string): Promise<void> {
  const { idc, account, config, evidence } = ctx;
  if (!idc || !portal.identityStoreId || !portal.instanceArn || !portal.userId || !account.id) {
    evidence.record.verification = { skipped: 'no Identity Center API access configured; the portal sign-in with MFA is the check' };
    return;
  }
  const set = await idc.permissionSet(portal.instanceArn, config.identityCenter.permissionSet);
  const groups = await idc.groupsOf(portal.identityStoreId, portal.userId);
  const assignments = set ? await idc.assignments(portal.instanceArn, account.id, set.arn) : [];
  const via = assignments.filter((a) => a.principalId === portal.userId || groups.includes(a.principalId));
  evidence.record.verification = {
    source: 'identitystore:GetUserId, ListGroupMembershipsForMember; sso-admin:ListPermissionSets, ListAccountAssignments',
    userName,
    userId: portal.userId,
    permissionSetArn: set?.arn,
    assignedThrough: via,
    mfa: 'no public API lists Identity Center MFA devices: confirmed by the sign-in with MFA above',
  };
  if (!via.length)
    throw new Error(
      `The APIs show no assignment of ${config.identityCenter.permissionSet} on ${account.id} to ${who} or its groups, though the portal lists it`,
    );
}
