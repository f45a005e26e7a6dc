import { randomBytes } from 'node:crypto';
import type { Organization } from '../identity-center/model.ts';
import type { Account } from '../iam/model.ts';
import type { ReplicaStore } from '../store.ts';

/**
 * AWS Organizations with member accounts, and the root credentials IAM can manage centrally
 * (aws-apis.md "Centralized root access"). The organization itself stays where Identity Center
 * keeps it (`management.identityCenter.organization`); this module adds, per management account,
 * its member accounts and the organization's IAM features, and per account the root credentials
 * the rest of the replica does not model (the login profile, signing certificates).
 *
 * Kept in WeakMaps keyed by the account objects, so `ReplicaStore.reset()` (which drops every
 * account) forgets them too; every lookup also checks that the account is still in the store.
 */

/** `iam:ListOrganizationsFeatures` → `EnabledFeatures`. */
export const ORG_FEATURES = ['RootCredentialsManagement', 'RootSessions'] as const;
export type OrgFeature = (typeof ORG_FEATURES)[number];

export interface Membership {
  accountId: string;
  joinedMethod: 'CREATED' | 'INVITED';
  joinedAt: string;
}

/** What a management account holds beyond its Organization record. */
export interface OrgExtras {
  members: Membership[];
  features: Set<OrgFeature>;
  /** Trusted access for IAM (`iam.amazonaws.com`) in Organizations: needed to enable the features. */
  iamTrustedAccess: boolean;
}

export interface SigningCertificate {
  id: string; // 24–128 upper-case letters and digits
  body: string; // PEM (a fake one: nothing checks it)
  status: 'Active' | 'Inactive';
  uploadDate: string;
}

/** Root credentials besides access keys and MFA devices (which live on `Account`). */
export interface RootCredentialExtras {
  /** The root user's console password (`GetLoginProfile`): present unless deleted or never made. */
  loginProfile: { createDate: string } | null;
  signingCertificates: SigningCertificate[];
}

const orgExtras = new WeakMap<Account, OrgExtras>();
/** Member account → its management account. */
const managementOf = new WeakMap<Account, Account>();
const rootExtras = new WeakMap<Account, RootCredentialExtras>();

const alive = (store: ReplicaStore, account: Account | undefined): account is Account =>
  account !== undefined && store.iam.accounts.get(account.id) === account;

/** The organization an account belongs to, as management account or member; null when standalone. */
export function organizationOf(store: ReplicaStore, account: Account): { org: Organization; management: Account } | null {
  const own = account.identityCenter.organization;
  if (own) {
    if (own.masterAccountId === account.id) return { org: own, management: account };
    const management = store.iam.account(own.masterAccountId);
    return management ? { org: own, management } : null;
  }
  const management = managementOf.get(account);
  if (!alive(store, management) || !management.identityCenter.organization) return null;
  return { org: management.identityCenter.organization, management };
}

export const isManagement = (store: ReplicaStore, account: Account): boolean => organizationOf(store, account)?.management === account;

/** The management account's extras (made on first use: an organization Identity Center made has no members). */
export function extrasOf(management: Account): OrgExtras {
  let extras = orgExtras.get(management);
  if (!extras) {
    extras = { members: [], features: new Set(), iamTrustedAccess: true };
    orgExtras.set(management, extras);
  }
  return extras;
}

/** The accounts of the organization: the management account first, then the members still in the store. */
export function organizationAccounts(
  store: ReplicaStore,
  management: Account,
): Array<{ account: Account; joinedMethod: Membership['joinedMethod']; joinedAt: string }> {
  const org = management.identityCenter.organization!;
  const out: Array<{ account: Account; joinedMethod: Membership['joinedMethod']; joinedAt: string }> = [
    { account: management, joinedMethod: 'CREATED', joinedAt: org.createdAt },
  ];
  for (const m of extrasOf(management).members) {
    const account = store.iam.account(m.accountId);
    if (account && managementOf.get(account) === management) out.push({ account, joinedMethod: m.joinedMethod, joinedAt: m.joinedAt });
  }
  return out;
}

/** Makes `member` a member of `management`'s organization. */
export function addMember(management: Account, member: Account, joinedMethod: Membership['joinedMethod'], nowIso: string): void {
  if (member === management) throw new Error(`Account ${member.id} is the management account.`);
  if (member.identityCenter.organization || managementOf.has(member))
    throw new Error(`Account ${member.id} is already in an organization.`);
  managementOf.set(member, management);
  extrasOf(management).members.push({ accountId: member.id, joinedMethod, joinedAt: nowIso });
}

/** The features the organization has on; the empty set for a standalone account. */
export function featuresOf(store: ReplicaStore, account: Account): Set<OrgFeature> {
  const found = organizationOf(store, account);
  return found ? extrasOf(found.management).features : new Set();
}

/** The root login profile and signing certificates of an account (a password, no certificates, until changed). */
export function rootCredentials(account: Account): RootCredentialExtras {
  let extras = rootExtras.get(account);
  if (!extras) {
    extras = { loginProfile: { createDate: account.createdAt }, signingCertificates: [] };
    rootExtras.set(account, extras);
  }
  return extras;
}

export function newCertificateId(): string {
  return randomBytes(20).toString('hex').toUpperCase().slice(0, 32);
}

/** A PEM-shaped certificate body: the replica never parses it. */
export function fakeCertificateBody(id: string): string {
  const base64 = Buffer.from(`replica signing certificate ${id} `.repeat(8))
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${base64.trim()}\n-----END CERTIFICATE-----`;
}
