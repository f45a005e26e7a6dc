import type { Config } from '../../config/settings.ts';
import { ManagementApi, type AwsAccess } from './aws.ts';

/**
 * Where the management account's API calls go. On aws: the default credential chain in AWS_REGION
 * (the operator's management-account profile). On the replica: that account's keys from the side
 * door — the account ORG_MANAGEMENT_ACCOUNT_ID names, else the management account of `memberId`'s
 * organization.
 */
export async function managementAccess(config: Config, replicaUrl: string | undefined, memberId?: string): Promise<AwsAccess | null> {
  if (config.target === 'aws') {
    // AWS_IAM_ENDPOINT / AWS_STS_ENDPOINT / AWS_ORGANIZATIONS_ENDPOINT when the settings have them (config.endpoints).
    const endpoints = (config as Config & { endpoints?: AwsAccess['endpoints'] }).endpoints;
    return { region: config.region, ...(endpoints ? { endpoints: { iam: endpoints.iam, sts: endpoints.sts, organizations: endpoints.organizations } } : {}) };
  }
  if (!replicaUrl) return null;
  let id = config.organization.managementAccountId;
  if (!id && memberId) {
    const { OrgSideDoorClient } = await import('../../replica/sidedoor/organizations-client.ts');
    id = (await new OrgSideDoorClient(replicaUrl).rootCredentials(memberId).catch(() => undefined))?.managementAccountId ?? undefined;
  }
  if (!id) return null;
  const { SideDoorClient } = await import('../../replica/sidedoor/client.ts');
  const state = await new SideDoorClient(replicaUrl).findAccount<{ apiCredentials: { accessKeyId: string; secretAccessKey: string } }>(id);
  if (!state) throw new Error(`ORG_MANAGEMENT_ACCOUNT_ID ${id}: the replica at ${replicaUrl} has no such account`);
  return { region: config.region, endpoint: replicaUrl, credentials: state.apiCredentials };
}

/** The management account's API, or null when there is none to use (classification then says so). */
export async function managementApi(config: Config, replicaUrl: string | undefined, memberId?: string): Promise<ManagementApi | null> {
  const access = await managementAccess(config, replicaUrl, memberId);
  return access ? new ManagementApi(access) : null;
}
