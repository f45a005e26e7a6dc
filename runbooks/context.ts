import type { Page } from '@playwright/test';
import type { Logger } from 'pino';
import type { Config } from '../fixtures/config.ts';
import type { TargetAccount } from '../fixtures/account.ts';
import type { Clock } from '../lib/clock.ts';
import type { Evidence } from '../lib/evidence.ts';
import type { Handoff } from '../lib/handoff.ts';
import type { SecretStore } from '../lib/secrets.ts';
import type { Vault } from '../lib/vault.ts';
import type { IamVerifier } from '../lib/verify.ts';

/** Everything a runbook procedure works with; the fixtures hand these out. */
export interface RunbookContext {
  page: Page;
  config: Config;
  account: TargetAccount;
  clock: Clock;
  secrets: SecretStore;
  vault: Vault;
  log: Logger;
  evidence: Evidence;
  iam: IamVerifier | null;
  handoff: Handoff;
}
