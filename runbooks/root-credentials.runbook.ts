import { test } from '../fixtures/index.ts';
import { OrgSideDoorClient } from '../replica/sidedoor/organizations-client.ts';
import { removeMemberRootCredentials } from './root-credentials.ts';

// API only: the test asks for no page, so no browser starts. On the replica with no REPLICA_ACCOUNT_ID, the fresh
// account joins a fresh organization (centralized root access on) as a member, so there is something to remove.
test("Delete a member account's root credentials (centralized root access)", { tag: ['@mutating', '@root-credentials'] }, async ({ config, account, log, evidence }) => {
  const replica = account.replica;
  if (replica && !config.replica.accountId && !config.organization.managementAccountId) {
    await new OrgSideDoorClient(replica.handle.baseUrl).createOrganization({ memberAccountIds: [account.id!], features: ['RootCredentialsManagement', 'RootSessions'] });
  }
  await removeMemberRootCredentials({ config, account, log, evidence });
});
