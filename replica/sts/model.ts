import { randomBytes, randomInt } from 'node:crypto';
import type { Account } from '../iam/model.ts';
import type { ReplicaStore } from '../store.ts';
import type { OrgFeature } from '../organizations/model.ts';

/**
 * Root sessions made by `sts:AssumeRoot` (aws-apis.md "Centralized root access"): short-term
 * credentials of a member account's root user, limited by one task policy and at most 900 s.
 * The IAM Query API looks the caller's access key id up here before the accounts' own keys.
 */

export const TASK_POLICY_PREFIX = 'arn:aws:iam::aws:policy/root-task/';

/** The five task policies, the feature each needs, and the IAM actions each allows (with no `UserName`: on the root user). */
export const TASK_POLICIES = {
  IAMAuditRootUserCredentials: {
    feature: 'RootCredentialsManagement',
    actions: [
      'GetLoginProfile',
      'ListAccessKeys',
      'GetAccessKeyLastUsed',
      'ListMFADevices',
      'ListVirtualMFADevices',
      'ListSigningCertificates',
      'GetAccountSummary',
    ],
  },
  IAMDeleteRootUserCredentials: {
    feature: 'RootCredentialsManagement',
    actions: [
      'GetLoginProfile',
      'ListAccessKeys',
      'GetAccessKeyLastUsed',
      'ListMFADevices',
      'ListVirtualMFADevices',
      'ListSigningCertificates',
      'GetAccountSummary',
      'DeleteLoginProfile',
      'DeleteAccessKey',
      'DeactivateMFADevice',
      'DeleteVirtualMFADevice',
      'DeleteSigningCertificate',
    ],
  },
  IAMCreateRootUserPassword: { feature: 'RootCredentialsManagement', actions: ['GetLoginProfile', 'CreateLoginProfile'] },
  S3UnlockBucketPolicy: { feature: 'RootSessions', actions: [] },
  SQSUnlockQueuePolicy: { feature: 'RootSessions', actions: [] },
} as const satisfies Record<string, { feature: OrgFeature; actions: readonly string[] }>;
export type TaskPolicy = keyof typeof TASK_POLICIES;

export const MAX_ROOT_SESSION_SECONDS = 900;

export interface RootSession {
  accessKeyId: string; // ASIA…
  secretAccessKey: string;
  sessionToken: string;
  /** The member account the session is root of. */
  account: Account;
  /** Who asked for it (the management account). */
  callerAccountId: string;
  taskPolicy: TaskPolicy;
  /** Unix seconds on the member account's clock. */
  expiresAt: number;
}

const sessions = new WeakMap<ReplicaStore, Map<string, RootSession>>();

function table(store: ReplicaStore): Map<string, RootSession> {
  let map = sessions.get(store);
  if (!map) {
    map = new Map();
    sessions.set(store, map);
  }
  return map;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function startRootSession(
  store: ReplicaStore,
  account: Account,
  callerAccountId: string,
  taskPolicy: TaskPolicy,
  durationSeconds: number,
): RootSession {
  const map = table(store);
  // Sessions past their end are useless: forget them as new ones come (a 500-member run makes 1,000).
  const now = Date.now() / 1000;
  for (const [id, s] of map)
    if (s.expiresAt + 3600 < now + s.account.clockOffsetSeconds || store.iam.accounts.get(s.account.id) !== s.account) map.delete(id);
  let accessKeyId: string;
  do accessKeyId = `ASIA${Array.from({ length: 16 }, () => B32[randomInt(32)]).join('')}`;
  while (map.has(accessKeyId));
  const session: RootSession = {
    accessKeyId,
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: randomBytes(96).toString('base64'),
    account,
    callerAccountId,
    taskPolicy,
    expiresAt: Math.floor(store.iam.nowSeconds(account)) + durationSeconds,
  };
  map.set(accessKeyId, session);
  return session;
}

/** The root session behind an access key id, if it is one and its account still exists. */
export function rootSessionFor(store: ReplicaStore, accessKeyId: string): RootSession | undefined {
  const session = sessions.get(store)?.get(accessKeyId);
  return session && store.iam.accounts.get(session.account.id) === session.account ? session : undefined;
}

export const allows = (session: RootSession, action: string): boolean =>
  (TASK_POLICIES[session.taskPolicy].actions as readonly string[]).includes(action);
