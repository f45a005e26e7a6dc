import { randomBytes, randomUUID } from 'node:crypto';
import { randomFrom } from '../core/random.ts';

/**
 * IAM Identity Center, AWS Organizations and the access portal of one replica account: typed
 * state, kept on `Account.identityCenter`, emptied by `resetIdentityCenter`. Secrets (one-time and
 * set passwords, MFA seeds, invitation tokens) are kept so the side door can show them.
 */

/** AWS Organizations: none until Identity Center is enabled or the side door creates one. */
export interface Organization {
  id: string; // o-<10 lower-case letters and digits>
  arn: string;
  featureSet: 'ALL';
  masterAccountId: string;
  masterAccountArn: string;
  masterAccountEmail: string;
  createdAt: string;
}

/** The organization instance of IAM Identity Center (one per organization, in one Region). */
export interface IdcInstance {
  instanceId: string; // ssoins-<16 hex>
  arn: string; // arn:aws:sso:::instance/ssoins-…
  identityStoreId: string; // d-<10 hex>
  region: string;
  ownerAccountId: string;
  status: 'ACTIVE';
  createdDate: string;
  /** Tags given on the enable settings page ("Save"); absent otherwise. */
  tags?: Array<{ key: string; value: string }>;
}

/** How a user signs in to the access portal. Every secret here is a password in clear (test tool). */
export type PasswordState =
  | { kind: 'none' }
  | { kind: 'invited'; token: string; expiresAt: string }
  | { kind: 'one-time'; secret: string }
  | { kind: 'set'; secret: string };

/** An authenticator app registered by the user in the access portal. */
export interface IdcMfaDevice {
  id: string;
  name: string;
  seed: string; // Base32
  registeredAt: string;
  /** Last TOTP step accepted; codes of that step or earlier are refused. */
  lastUsedStep: number | null;
}

export interface IdcUser {
  userId: string; // <identity store digits>-<uuid>
  userName: string;
  email: string;
  givenName: string;
  familyName: string;
  displayName: string;
  createdAt: string;
  password: PasswordState;
  /** The last passwords, newest first: a new one may not repeat the last three. */
  previousPasswords: string[];
  mfaDevices: IdcMfaDevice[];
}

export interface IdcGroup {
  groupId: string;
  displayName: string;
  description: string | null;
  createdAt: string;
}

export interface IdcMembership {
  membershipId: string;
  groupId: string;
  userId: string;
  createdAt: string;
}

export interface IdcPermissionSet {
  arn: string; // arn:aws:sso:::permissionSet/ssoins-…/ps-<16 hex>
  name: string;
  description: string | null;
  sessionDuration: string; // ISO 8601 duration, PT1H by default
  relayState: string | null;
  managedPolicies: string[]; // policy ARNs
  createdAt: string;
}

export type PrincipalType = 'USER' | 'GROUP';

/** An account assignment: IN_PROGRESS when made, SUCCEEDED once read after a short delay or read again. */
export interface IdcAssignment {
  requestId: string;
  accountId: string;
  permissionSetArn: string;
  principalType: PrincipalType;
  principalId: string;
  status: 'IN_PROGRESS' | 'SUCCEEDED';
  createdAt: string;
  /** Reads that saw it IN_PROGRESS. */
  reads: number;
}

/** A mail the replica "sent" (invitations); readable through the side door. */
export interface OutboxEmail {
  id: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  /** The link a person would click ("Accept invitation"). */
  link: string;
  userName: string;
  sentAt: string;
}

/** A signed-in access portal session (cookie `x-amz-sso_authn`). */
export interface PortalSession {
  token: string;
  userId: string;
  createdAt: string;
  /** The seed shown while the signed-in user registers another authenticator app. */
  pendingSeed: string | null;
}

export type PortalStage = 'password' | 'mfa' | 'new-password' | 'register-mfa';

/** An access portal sign-in in progress (cookie `aws-portal-flow`). */
export interface PortalFlow {
  id: string;
  /** Null when the username matches no user: the flow fails at the password. */
  userId: string | null;
  userName: string;
  stage: PortalStage;
  /** The seed shown on "Set up the authenticator app" until a code is accepted. */
  pendingSeed: string | null;
  createdAt: string;
}

export interface IdentityCenterState {
  organization: Organization | null;
  instance: IdcInstance | null;
  users: IdcUser[];
  groups: IdcGroup[];
  memberships: IdcMembership[];
  permissionSets: IdcPermissionSet[];
  assignments: IdcAssignment[];
  outbox: OutboxEmail[];
  portalSessions: PortalSession[];
  portalFlows: PortalFlow[];
}

export function emptyIdentityCenter(): IdentityCenterState {
  return {
    organization: null,
    instance: null,
    users: [],
    groups: [],
    memberships: [],
    permissionSets: [],
    assignments: [],
    outbox: [],
    portalSessions: [],
    portalFlows: [],
  };
}

/** Forgets the account's organization, instance, directory, assignments, mail and portal sessions. */
export function resetIdentityCenter(state: IdentityCenterState): void {
  Object.assign(state, emptyIdentityCenter());
}

const HEX = '0123456789abcdef';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

export const newHex = (length: number): string => randomFrom(HEX, length);
export const newOrganizationId = (): string => `o-${randomFrom(LOWER_ALNUM, 10)}`;
export const newInstanceId = (): string => `ssoins-${newHex(16)}`;
export const newIdentityStoreId = (): string => `d-${newHex(10)}`;
export const newToken = (): string => randomBytes(24).toString('base64url');
export const newRequestId = (): string => randomUUID();

/** A user, group or membership id: `<identity store id without d->-<uuid>`, as AWS forms them. */
export const newDirectoryObjectId = (identityStoreId: string): string => `${identityStoreId.slice(2)}-${randomUUID()}`;
