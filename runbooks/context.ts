import type { Page } from '@playwright/test';
import type { Config } from '../config/settings.ts';
import type { RunbookFixtures } from '../fixtures/index.ts';

/** Everything a runbook procedure works with: the page, the settings, and the fixtures' capabilities. */
export type RunbookContext = { page: Page; config: Config } & Pick<
  RunbookFixtures,
  'account' | 'clock' | 'secrets' | 'vault' | 'log' | 'evidence' | 'iam' | 'handoff'
>;

/** The Identity Center runbooks' context: the shared one plus the Identity Center API reader. */
export type IdcRunbookContext = RunbookContext & Pick<RunbookFixtures, 'idc'>;
