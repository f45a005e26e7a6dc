import { AwsCallError, hasRootCredentials, type ManagementApi, type RootCredentials, type RootSession, type TaskPolicy } from './aws.ts';

/**
 * Removing a member account's root credentials through centralized root access, API only:
 * audit (AssumeRoot `IAMAuditRootUserCredentials`), delete (AssumeRoot
 * `IAMDeleteRootUserCredentials`: the login profile, every access key and signing certificate, every
 * MFA device deactivated and, when virtual, deleted), audit again. No browser, no root password.
 */

export type RootCredentialsResult = 'removed' | 'already-compliant' | 'checked';

export interface RootCredentialsOutcome {
  result: RootCredentialsResult;
  before: RootCredentials;
  /** What the delete session removed (empty in check mode and when already compliant). */
  removed: { password: boolean; accessKeys: string[]; signingCertificates: string[]; mfaDevices: string[] };
  /** The audit after the deletes (absent when nothing was deleted). */
  after?: RootCredentials;
}

/** A delete the root session's task policy refused: says which policy it was and which one is needed. */
export class TaskPolicyRefused extends Error {
  override name = 'TaskPolicyRefused';
  constructor(
    readonly accountId: string,
    readonly taskPolicy: TaskPolicy,
    readonly action: string,
  ) {
    super(
      `The AssumeRoot session of ${accountId} with task policy ${taskPolicy} was refused iam:${action} (AccessDenied): ` +
        `${taskPolicy === 'IAMAuditRootUserCredentials' ? 'the audit task policy only reads' : 'this task policy does not allow it'}; ` +
        'deleting root credentials needs IAMDeleteRootUserCredentials (nothing more was tried)',
    );
  }
}

/** Hooks a runbook hangs its steps on (evidence steps); the default just runs the body. */
export type StepRunner = <T>(title: string, body: () => Promise<T>) => Promise<T>;
const plain: StepRunner = (_title, body) => body();

export interface RemoveOptions {
  /** Audit only (check mode): change nothing. */
  check?: boolean;
  /** The task policy of the delete session (IAMDeleteRootUserCredentials; a test gives the audit one to see it refused). */
  deletePolicy?: TaskPolicy;
  step?: StepRunner;
}

async function withSession<T>(api: ManagementApi, accountId: string, policy: TaskPolicy, body: (s: RootSession) => Promise<T>): Promise<T> {
  const session = await api.rootSession(accountId, policy);
  try {
    return await body(session);
  } finally {
    session.close();
  }
}

export const auditRoot = (api: ManagementApi, accountId: string): Promise<RootCredentials> =>
  withSession(api, accountId, 'IAMAuditRootUserCredentials', (s) => s.audit());

/** Audits, deletes what is there, audits again: `removed`, `already-compliant`, or `checked` in check mode. */
export async function removeRootCredentials(
  api: ManagementApi,
  accountId: string,
  options: RemoveOptions = {},
): Promise<RootCredentialsOutcome> {
  const step = options.step ?? plain;
  const deletePolicy = options.deletePolicy ?? 'IAMDeleteRootUserCredentials';
  const before = await step('Audit the root credentials (AssumeRoot IAMAuditRootUserCredentials)', () => auditRoot(api, accountId));
  const removed: RootCredentialsOutcome['removed'] = { password: false, accessKeys: [], signingCertificates: [], mfaDevices: [] };
  if (!hasRootCredentials(before)) return { result: 'already-compliant', before, removed };
  if (options.check) return { result: 'checked', before, removed };

  await step(`Delete the root credentials (AssumeRoot ${deletePolicy})`, () =>
    withSession(api, accountId, deletePolicy, async (s) => {
      const refusedAs = async (action: string, body: () => Promise<unknown>) => {
        try {
          await body();
        } catch (err) {
          if (err instanceof AwsCallError && err.code === 'AccessDenied') throw new TaskPolicyRefused(accountId, deletePolicy, action);
          throw err;
        }
      };
      if (before.password) {
        await refusedAs('DeleteLoginProfile', () => s.deleteLoginProfile());
        removed.password = true;
      }
      for (const key of before.accessKeys) {
        await refusedAs('DeleteAccessKey', () => s.deleteAccessKey(key.id));
        removed.accessKeys.push(key.id);
      }
      for (const cert of before.signingCertificates) {
        await refusedAs('DeleteSigningCertificate', () => s.deleteSigningCertificate(cert.id));
        removed.signingCertificates.push(cert.id);
      }
      for (const serial of before.mfaDevices) {
        await refusedAs('DeactivateMFADevice', () => s.deactivateMfaDevice(serial));
        // A virtual device (…:mfa/<name>) is deleted too; a hardware or passkey device only deactivates.
        if (/^arn:aws[\w-]*:iam::\d{12}:mfa\//.test(serial))
          await refusedAs('DeleteVirtualMFADevice', () => s.deleteVirtualMfaDevice(serial));
        removed.mfaDevices.push(serial);
      }
    }),
  );

  const after = await step('Verify: audit again (AssumeRoot IAMAuditRootUserCredentials)', async () => {
    const audit = await auditRoot(api, accountId);
    if (hasRootCredentials(audit))
      throw new Error(`Root credentials of ${accountId} are still present after the deletes: ${describeCredentials(audit)}`);
    return audit;
  });
  return { result: 'removed', before, removed, after };
}

/** "password, 2 access keys, 1 MFA device, 0 signing certificates". */
export function describeCredentials(c: RootCredentials): string {
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  return [
    c.password ? 'password' : 'no password',
    n(c.accessKeys.length, 'access key'),
    n(c.mfaDevices.length, 'MFA device'),
    n(c.signingCertificates.length, 'signing certificate'),
  ].join(', ');
}
