import { expect, type Page } from '@playwright/test';
import type { TargetAccount } from '../../fixtures/account.ts';
import type { Config } from '../../config/settings.ts';
import type { IdentityCenterState } from '../../replica/identity-center/model.ts';
import type { Account } from '../../replica/iam/model.ts';
import { registerPortalUserMfa } from '../../runbooks/portal-user-mfa.ts';

/**
 * The account as the side door shows it, less what every visit changes: clock readings, sign-in
 * sessions and flows (the console's, and the access portal's: a check signs in there too).
 */
export async function accountBytes(account: TargetAccount): Promise<string> {
  const state = await account.replica!.handle.sideDoor.state<Account & Record<string, unknown>>(account.id!);
  const { now: _now, currentStep: _step, sessions: _sessions, signinFlows: _flows, identityCenter, ...rest } = state;
  const { portalSessions: _portalSessions, portalFlows: _portalFlows, ...directory } = identityCenter;
  return JSON.stringify({ ...rest, identityCenter: directory });
}

/** The run's settings in check mode. */
export const checkMode = (config: Config): Config => ({ ...config, mode: 'check' });

/** Records every request the page sends to the console's API other than a read (`METHOD /path`): what could change the account. */
export function consoleChanges(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/iam/') && r.method() !== 'GET') calls.push(`${r.method()} ${url.pathname}`);
  });
  return calls;
}

/**
 * portal-user-mfa in check mode for `user` (seeded with a one-time password, put in the vault here as
 * identity-center would): ends `checked` having opened the set-password page, and the account is byte
 * for byte as it was.
 */
export async function expectPortalCheckUpToSetPassword(
  ctx: Parameters<typeof registerPortalUserMfa>[0],
  user: IdentityCenterState['users'][number],
): Promise<void> {
  if (user.password.kind !== 'one-time') throw new Error('the seeded user has no one-time password');
  await ctx.vault.store(user.password.secret, {
    kind: 'identity-center-one-time-password',
    account: ctx.account.id!,
    label: user.userName,
  });
  const before = await accountBytes(ctx.account);
  expect(await registerPortalUserMfa({ ...ctx, config: checkMode(ctx.config) })).toEqual({ result: 'checked' });
  expect(ctx.evidence.record.steps.map((s) => s.title)).toContain('Open the set-password page');
  expect(await accountBytes(ctx.account)).toBe(before);
}
