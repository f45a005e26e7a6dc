import type { Logger } from 'pino';
import type { Config } from '../config/settings.ts';
import type { TargetAccount } from '../fixtures/account.ts';
import { clockFor } from '../fixtures/clock.ts';
import type { ReplicaHandle } from '../fixtures/replica.ts';
import { IamVerifier } from '../lib/aws/verify-iam.ts';
import { Handoff } from '../lib/run/handoff.ts';
import { ensureDemoIdentity, Vault } from '../lib/secrets/vault.ts';

/** What the benches hand root-mfa besides page, config, account, secrets, log and evidence: the replica account's clock, the demo vault, its IAM API, a headless hand-off. */
export async function rootMfaDeps(config: Config, replica: ReplicaHandle, account: TargetAccount, log: Logger) {
  return {
    clock: await clockFor(account),
    vault: new Vault({ dir: config.vaultDir, recipients: [(await ensureDemoIdentity(config.vaultDir)).recipient] }),
    iam: IamVerifier.create({ region: 'us-east-1', endpoint: replica.baseUrl, credentials: account.replica!.created.apiCredentials }),
    handoff: new Handoff({ headless: true, timeoutMs: 10_000, log }),
  };
}
