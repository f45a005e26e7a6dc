import { z } from 'zod';
import { AwsError, InputError, sendJson, type Ctx } from '../http.ts';
import type { Account } from '../state.ts';
import type { IdentityCenterOptions, OutboxEmailView } from './contract.ts';
import { resetIdentityCenter } from './model.ts';
import { createOrganization, enableInstance } from './organization.ts';

/** Identity Center's part of the side door: account options, the outbox, a reset of the IC state. */

/** AWS Region names as the replica accepts them (us-east-1, eu-central-2, us-gov-west-1…). */
export const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** Side-door schema of `AccountOptions.identityCenter`. */
export const identityCenterOptionsSchema = z.strictObject({
  organization: z.boolean().optional(),
  enabledIn: z.string().regex(REGION, 'must be a Region name such as us-east-1').optional(),
});

/** Puts a new account where its options say: an organization, and an instance in `enabledIn`. */
export function applyIdentityCenterOptions(account: Account, options: IdentityCenterOptions | undefined, nowIso: string): void {
  if (!options) return;
  if (options.enabledIn !== undefined && !REGION.test(options.enabledIn)) {
    throw new InputError('identityCenter.enabledIn', 'identityCenter.enabledIn: must be a Region name such as us-east-1');
  }
  if (options.organization === false && options.enabledIn) {
    throw new InputError('identityCenter.organization', 'identityCenter.organization: an organization instance needs an organization');
  }
  if (options.organization || options.enabledIn) createOrganization(account, nowIso);
  if (options.enabledIn) enableInstance(account, options.enabledIn, nowIso);
}

function accountOf(ctx: Ctx): Account {
  const id = ctx.params.id ?? '';
  const account = ctx.store.account(id);
  if (!account) throw new AwsError(404, 'NoSuchAccount', `The replica has no account ${id}.`);
  return account;
}

/** GET /__replica/accounts/:id/outbox: the mails the replica sent for this account, oldest first. */
export function getOutbox(ctx: Ctx): void {
  const mails: OutboxEmailView[] = accountOf(ctx).identityCenter.outbox.map((m) => ({ ...m }));
  sendJson(ctx.res, 200, mails);
}

/** POST /__replica/accounts/:id/identity-center/reset: forgets the account's organization, Identity Center and portal state. */
export function resetAccountIdentityCenter(ctx: Ctx): void {
  resetIdentityCenter(accountOf(ctx).identityCenter);
  sendJson(ctx.res, 200, { reset: true });
}
