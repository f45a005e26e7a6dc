import type { Logger } from 'pino';
import type { TargetAccount } from '../../fixtures/account.ts';
import type { Config } from '../../config/settings.ts';
import type { Evidence } from '../../lib/evidence/evidence.ts';
import { managementApi } from '../../fixtures/management-access.ts';
import { CallLog, type ManagementApi, type RootCredentials, type TaskPolicy } from '../../lib/org/aws.ts';
import { describeCredentials, removeRootCredentials, type RootCredentialsOutcome } from '../../lib/org/root-credentials.ts';
import { runbookStep } from '../../lib/run/runbook-step.ts';

/** Everything root-credentials works with: no page, no browser. */
export interface RootCredentialsContext {
  config: Config;
  account: TargetAccount;
  log: Logger;
  evidence: Evidence;
  /** The management account's API (a fleet shares one); made from the settings when absent. */
  api?: ManagementApi;
  /** In a fleet: how the account was classified (recorded in the evidence). */
  classification?: unknown;
  /** Test hook: the task policy of the delete session (default IAMDeleteRootUserCredentials). */
  deletePolicy?: TaskPolicy;
}

const counts = (c: RootCredentials) => ({
  password: c.password,
  accessKeys: c.accessKeys.length,
  mfaDevices: c.mfaDevices.length,
  signingCertificates: c.signingCertificates.length,
});

/**
 * Deletes a member account's root credentials through centralized root access: audit, delete the
 * login profile, access keys, signing certificates and MFA devices, audit again. Check mode only
 * audits. The evidence lists every API call with its request id.
 */
export async function removeMemberRootCredentialsSteps(ctx: RootCredentialsContext): Promise<RootCredentialsOutcome> {
  const { config, account, log, evidence } = ctx;
  const accountId = account.id;
  if (!accountId) throw new Error('root-credentials needs the member account id (ACCOUNT_ID, or accountId in the manifest)');
  const api = ctx.api ?? (await managementApi(config, account.replica?.created.baseUrl ?? config.replica.url, accountId));
  if (!api) {
    throw new Error(
      `root-credentials needs the management account's credentials to call sts:AssumeRoot for ${accountId}: set ORG_MANAGEMENT_ACCOUNT_ID (replica) or run with the management account's AWS profile (aws)`,
    );
  }
  const calls = new CallLog();
  const details: Record<string, unknown> = {
    path: 'root-credentials (API, no browser)',
    ...(ctx.classification ? { classification: ctx.classification } : {}),
    apiCalls: calls.calls,
  };
  evidence.record.details = details;
  try {
    const outcome = await removeRootCredentials(api.withLog(calls), accountId, {
      check: config.mode === 'check',
      deletePolicy: ctx.deletePolicy,
      step: (title, body) => runbookStep(evidence, title, body),
    });
    details.before = counts(outcome.before);
    details.removed = outcome.removed;
    if (outcome.after) evidence.record.verification = { audit: counts(outcome.after), by: 'AssumeRoot IAMAuditRootUserCredentials' };
    evidence.record.result = outcome.result;
    log.info(
      { account: accountId, result: outcome.result, before: describeCredentials(outcome.before), calls: calls.calls.length },
      'root-credentials done',
    );
    return outcome;
  } finally {
    if (!ctx.api) api.close();
  }
}
