import type { Account } from '../iam/model.ts';
import { JsonServiceError, notFound, orgNotInUse, validation } from './errors.ts';
import {
  newHex,
  newIdentityStoreId,
  newInstanceId,
  newOrganizationId,
  newRequestId,
  type IdcAssignment,
  type IdcInstance,
  type IdcPermissionSet,
  type Organization,
  type PrincipalType,
} from './model.ts';

/**
 * AWS Organizations and the organization instance of Identity Center: create the organization,
 * enable the instance in one Region, permission sets and account assignments.
 */

/** A replica account's name in the organization tree (accounts have no name of their own here). */
export const accountName = (account: Account): string => account.alias ?? `replica-${account.id}`;

/** Creates a one-account organization (feature set ALL) with the account as its management account. */
export function createOrganization(account: Account, nowIso: string): Organization {
  const ic = account.identityCenter;
  if (ic.organization)
    throw new JsonServiceError(400, 'AlreadyInOrganizationException', 'The AWS account is already a member of an organization.');
  const id = newOrganizationId();
  ic.organization = {
    id,
    arn: `arn:aws:organizations::${account.id}:organization/${id}`,
    featureSet: 'ALL',
    masterAccountId: account.id,
    masterAccountArn: `arn:aws:organizations::${account.id}:account/${id}/${account.id}`,
    masterAccountEmail: account.rootEmail,
    createdAt: nowIso,
  };
  return ic.organization;
}

export function requireOrganization(account: Account): Organization {
  const org = account.identityCenter.organization;
  if (!org) throw orgNotInUse();
  return org;
}

/** The outcome of "Enable with AWS Organizations". */
export interface Enabled {
  instance: IdcInstance;
  organizationCreated: boolean;
}

/**
 * Enables the organization instance in `region`, creating the organization when there is none.
 * Refused (ConflictException) when an instance already exists, in this Region or another.
 */
export function enableInstance(account: Account, region: string, nowIso: string): Enabled {
  const ic = account.identityCenter;
  if (ic.instance) {
    throw new JsonServiceError(
      400,
      'ConflictException',
      `An instance of IAM Identity Center already exists in ${ic.instance.region} for this organization.`,
    );
  }
  const organizationCreated = !ic.organization;
  if (organizationCreated) createOrganization(account, nowIso);
  const instanceId = newInstanceId();
  ic.instance = {
    instanceId,
    arn: `arn:aws:sso:::instance/${instanceId}`,
    identityStoreId: newIdentityStoreId(),
    region,
    ownerAccountId: account.id,
    status: 'ACTIVE',
    createdDate: nowIso,
  };
  return { instance: ic.instance, organizationCreated };
}

/** The instance when it lives in `region`; null when there is none or it lives in another Region. */
export function instanceIn(account: Account, region: string): IdcInstance | null {
  const instance = account.identityCenter.instance;
  return instance && instance.region === region ? instance : null;
}

/** sso-admin's check of an `InstanceArn` (in the caller's Region). */
export function requireInstanceArn(account: Account, region: string, arn: unknown): IdcInstance {
  if (typeof arn !== 'string' || !arn)
    throw validation("1 validation error detected: Value null at 'instanceArn' failed to satisfy constraint: Member must not be null");
  const instance = instanceIn(account, region);
  if (!instance || instance.arn !== arn) throw notFound(`Instance ${arn} does not exist.`);
  return instance;
}

/** Permission set names: 1–32 of `[\w+=,.@-]`. */
export const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
/** ISO 8601 durations from 1 to 12 hours, as the console offers them. */
export const SESSION_DURATIONS = ['PT1H', 'PT2H', 'PT4H', 'PT8H', 'PT12H'] as const;
/** The predefined (AWS managed job-function) policies the replica offers. */
export const PREDEFINED_POLICIES = [
  'AdministratorAccess',
  'PowerUserAccess',
  'ReadOnlyAccess',
  'ViewOnlyAccess',
  'SecurityAudit',
  'Billing',
] as const;
const JOB_FUNCTION = new Set(['Billing', 'ViewOnlyAccess']);
export const policyArn = (name: string): string => `arn:aws:iam::aws:policy/${JOB_FUNCTION.has(name) ? 'job-function/' : ''}${name}`;

export interface NewPermissionSet {
  name: string;
  description?: string | null;
  sessionDuration?: string;
  relayState?: string | null;
  /** A predefined policy name (AdministratorAccess…). */
  policy: string;
}

/** Creates a predefined permission set; names are unique (case-insensitive) in the instance. */
export function createPermissionSet(account: Account, instance: IdcInstance, input: NewPermissionSet, nowIso: string): IdcPermissionSet {
  const ic = account.identityCenter;
  if (!PERMISSION_SET_NAME.test(input.name)) {
    throw validation('The permission set name must have 1 to 32 characters: letters, digits and + = , . @ _ -');
  }
  const duration = input.sessionDuration ?? 'PT1H';
  if (!(SESSION_DURATIONS as readonly string[]).includes(duration))
    throw validation(`Session duration ${duration} is not between 1 and 12 hours.`);
  if (!(PREDEFINED_POLICIES as readonly string[]).includes(input.policy))
    throw validation(`${input.policy} is not a predefined permission set policy.`);
  if (ic.permissionSets.some((p) => p.name.toLowerCase() === input.name.toLowerCase())) {
    throw new JsonServiceError(400, 'ConflictException', `A permission set with the name ${input.name} already exists.`);
  }
  const set: IdcPermissionSet = {
    arn: `arn:aws:sso:::permissionSet/${instance.instanceId}/ps-${newHex(16)}`,
    name: input.name,
    description: input.description || null,
    sessionDuration: duration,
    relayState: input.relayState || null,
    managedPolicies: [policyArn(input.policy)],
    createdAt: nowIso,
  };
  ic.permissionSets.push(set);
  return set;
}

export function requirePermissionSet(account: Account, arn: unknown): IdcPermissionSet {
  const set = account.identityCenter.permissionSets.find((p) => p.arn === arn);
  if (!set) throw notFound(`Could not find PermissionSet with PermissionSetArn ${String(arn)}.`);
  return set;
}

/** The accounts of the organization: the replica's organizations hold one account, the management account. */
export function organizationAccountIds(account: Account): string[] {
  return account.identityCenter.organization ? [account.id] : [];
}

/** Assigns a principal to an account with a permission set; assigning twice gives the existing assignment. */
export function assign(
  account: Account,
  accountId: string,
  principalType: PrincipalType,
  principalId: string,
  permissionSetArn: string,
  nowIso: string,
): IdcAssignment {
  const ic = account.identityCenter;
  if (!organizationAccountIds(account).includes(accountId)) throw notFound(`Account ${accountId} is not in the organization.`);
  requirePermissionSet(account, permissionSetArn);
  const principals: Array<{ id: string }> =
    principalType === 'USER' ? ic.users.map((u) => ({ id: u.userId })) : ic.groups.map((g) => ({ id: g.groupId }));
  if (!principals.some((p) => p.id === principalId))
    throw notFound(`${principalType === 'USER' ? 'User' : 'Group'} ${principalId} does not exist.`);
  const existing = ic.assignments.find(
    (a) => a.accountId === accountId && a.principalId === principalId && a.permissionSetArn === permissionSetArn,
  );
  if (existing) return existing;
  const created: IdcAssignment = {
    requestId: newRequestId(),
    accountId,
    permissionSetArn,
    principalType,
    principalId,
    status: 'IN_PROGRESS',
    createdAt: nowIso,
    reads: 0,
  };
  ic.assignments.push(created);
  return created;
}

/** How long a new assignment reads IN_PROGRESS at most (a second read settles it sooner). */
export const PROVISIONING_MS = 1500;

/** Reads the assignments, moving IN_PROGRESS ones to SUCCEEDED after the delay or on the read after one that saw them. */
export function readAssignments(account: Account, nowSeconds: number): IdcAssignment[] {
  for (const a of account.identityCenter.assignments) {
    if (a.status !== 'IN_PROGRESS') continue;
    if (a.reads > 0 || nowSeconds * 1000 - Date.parse(a.createdAt) >= PROVISIONING_MS) a.status = 'SUCCEEDED';
    else a.reads++;
  }
  return account.identityCenter.assignments;
}
