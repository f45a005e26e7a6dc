import type { Page } from '@playwright/test';
import type { Config } from '../config/settings.ts';
import type { RunbookFixtures } from '../fixtures/index.ts';
import type { PageOptions } from '../pages/components/component.ts';

/** Everything a runbook procedure works with: the page, the settings, and the fixtures' capabilities. */
export type RunbookContext = { page: Page; config: Config } & Pick<
  RunbookFixtures,
  'account' | 'clock' | 'secrets' | 'vault' | 'log' | 'evidence' | 'iam' | 'handoff'
>;

/** The Identity Center runbooks' context: the shared one plus the Identity Center API reader. */
export type IdcRunbookContext = RunbookContext & Pick<RunbookFixtures, 'idc'>;

/** The page objects' context for a run with `config`: check mode, and its shape bound (SHAPE_TIMEOUT_SECONDS). */
export function pageOptions(config: Config): PageOptions {
  return { checkShapes: config.mode === 'check', shapeTimeoutMs: config.shapeTimeoutMs };
}
