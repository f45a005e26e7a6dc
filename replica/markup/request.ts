import { FLOW_COOKIE, SESSION_COOKIE } from '../core/http.ts';
import type { Ctx } from '../context.ts';
import type { Account } from '../iam/model.ts';
import type { MarkupVariation } from './catalog.ts';

/**
 * Which account a request's page belongs to, for its markup: the access portal's (`/start/<d-…>`),
 * the sign-in flow's once the email is known, the console session's; none before that (the
 * sign-in pages then use the replica-wide markup, as drift does).
 */
export function accountOfRequest(ctx: Ctx): Account | undefined {
  const dir = ctx.params.dir;
  if (dir) {
    for (const account of ctx.store.iam.accounts.values()) if (account.identityCenter.instance?.identityStoreId === dir) return account;
  }
  const flow = ctx.store.signin.flows.get(ctx.cookies[FLOW_COOKIE] ?? '');
  if (flow?.accountId) return ctx.store.iam.account(flow.accountId);
  return ctx.store.session(ctx.cookies[SESSION_COOKIE])?.account;
}

/** The markup the page answering `ctx` is written in. */
export function markupOfRequest(ctx: Ctx): MarkupVariation {
  return ctx.store.look.markupFor(accountOfRequest(ctx));
}
