import type { Config } from '../config/settings.ts';
import { CHAIN } from '../runbooks/registry.ts';

/**
 * The `new-account` chain before it starts: the runbooks that set `chain` in the registry
 * (runbooks/registry.ts; root-mfa → identity-center → portal-user-mfa), each a Playwright project
 * that depends on the one before (playwright.config.ts), so a failed runbook skips the ones after
 * it. Each runbook stays runnable alone (`npm run runbook -- <name>`).
 */

/**
 * On the replica every runbook of the chain must see the same account, and every worker the same
 * replica: starts one replica in this process (unless REPLICA_URL names one) and creates one
 * account in it (unless REPLICA_ACCOUNT_ID names one). Answers the settings the workers need.
 */
export async function prepareChain(config: Config): Promise<{ env: Record<string, string>; summary: string }> {
  const runbooks = CHAIN.map((r) => r.name).join(' → ');
  if (config.target === 'aws') return { env: {}, summary: `new-account: ${runbooks} on ${config.accountId ?? config.rootEmail}` };
  let baseUrl = config.replica.url;
  let where = `the replica at ${baseUrl}`;
  if (!baseUrl) {
    const { startReplica } = await import('../replica/server.ts');
    baseUrl = (await startReplica({ port: 0 })).baseUrl;
    where = `a replica started for this run (${baseUrl}, gone when the run ends)`;
  }
  let accountId = config.replica.accountId;
  if (!accountId) {
    const { SideDoorClient } = await import('../replica/sidedoor/client.ts');
    const created = await new SideDoorClient(baseUrl).createAccount({
      generation: config.replica.generation,
      forcedMfaPrompt: config.replica.forcedMfaPrompt,
    });
    accountId = created.accountId;
  }
  return {
    env: { REPLICA_URL: baseUrl, REPLICA_ACCOUNT_ID: accountId },
    summary: `new-account: ${runbooks} on account ${accountId} of ${where}`,
  };
}
