import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config/settings.ts';
import type { ManagementApi } from './aws.ts';

/**
 * `--organization`: the fleet is every active account of the organization, listed with
 * Organizations `ListAccounts` from the management account's credentials, written as a manifest
 * (`<EVIDENCE_DIR>/organization-manifest.json`) so the rest of the fleet works as with one given.
 * Root passwords: "prompt" on aws (the operator types them for the console path), "replica" on the replica.
 */
export async function organizationManifest(
  config: Config,
  replicaUrl: string | undefined,
  managementApi: (replicaUrl: string | undefined) => Promise<ManagementApi | null>,
): Promise<string> {
  if (config.target === 'replica' && !replicaUrl)
    throw new Error('--organization on the replica needs REPLICA_URL: the organization lives in a running replica');
  const api = await managementApi(replicaUrl);
  if (!api) throw new Error('--organization needs the management account: set ORG_MANAGEMENT_ACCOUNT_ID');
  try {
    const org = await api.organization();
    if (!org) throw new Error("--organization: the management account's credentials belong to no organization");
    const accounts = (await api.accounts()).filter((a) => !a.status || a.status === 'ACTIVE');
    const manifest = {
      accounts: accounts.map((a) => ({
        accountId: a.id,
        rootEmail: a.email,
        password: config.target === 'replica' ? 'replica' : 'prompt',
        runbooks: ['root-mfa'],
      })),
    };
    await mkdir(config.evidenceDir, { recursive: true });
    const file = path.join(config.evidenceDir, 'organization-manifest.json');
    await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
    return file;
  } finally {
    api.close();
  }
}
