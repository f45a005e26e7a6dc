import { runbookDetails, testFor } from '../fixtures/runbook.ts';
import { OrgSideDoorClient } from '../replica/sidedoor/organizations-client.ts';
import { rootCredentials } from './root-credentials.ts';

// API only: the `runbook` fixture of an API runbook asks for no page, so no browser starts. On the replica with no
// REPLICA_ACCOUNT_ID, the fresh account joins a fresh organization (centralized root access on) as a member, so there is something to remove.
testFor(rootCredentials)(rootCredentials.title, runbookDetails(rootCredentials), async ({ runbook }) => {
  const { config, account } = runbook;
  const replica = account.replica;
  if (replica && !config.replica.accountId && !config.organization.managementAccountId) {
    await new OrgSideDoorClient(replica.handle.baseUrl).createOrganization({
      memberAccountIds: [account.id!],
      features: ['RootCredentialsManagement', 'RootSessions'],
    });
  }
  await rootCredentials.procedure(runbook);
});
