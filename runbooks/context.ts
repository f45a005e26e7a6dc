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

/**
 * An API read behind a check or a verification. On aws, credentials that cannot reach the service are said in the
 * log and answer undefined: the runbook then reads the console pages. On the replica an API error is a bug: thrown.
 */
export async function apiOrConsole<T>(
  ctx: Pick<RunbookContext, 'config' | 'log'>,
  api: string,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (ctx.config.target !== 'aws') throw err;
    ctx.log.warn({ err }, `${api} not reachable with the configured credentials; relying on the console pages`);
    return undefined;
  }
}
