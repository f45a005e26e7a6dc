import { AwsError, redirect, setCookie } from '../core/http.ts';
import type { Ctx } from '../context.ts';
import type { IdcInstance, IdcUser, PortalFlow, PortalSession } from '../identity-center/model.ts';
import { newToken } from '../identity-center/model.ts';
import type { Account } from '../iam/model.ts';

/**
 * What every access portal handler needs: the account behind `/start/<d-…>`, the sign-in flow
 * (cookie `aws-portal-flow`) and the portal session (cookie `x-amz-sso_authn`, as on AWS).
 */

export const PORTAL_SESSION_COOKIE = 'x-amz-sso_authn';
export const PORTAL_FLOW_COOKIE = 'aws-portal-flow';
const FLOW_TTL_MS = 60 * 60 * 1000;
/** Portal sessions last 8 hours by default (console-facts §4.3), on the account's clock. */
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

export interface Portal {
  account: Account;
  instance: IdcInstance;
  base: string;
  nowSeconds: number;
  nowIso: string;
}

/** The portal of `/start/:dir`; an unknown directory is a 404 page. */
export function portalOf(ctx: Ctx): Portal {
  const dir = ctx.params.dir ?? '';
  for (const account of ctx.store.iam.accounts.values()) {
    const instance = account.identityCenter.instance;
    if (instance && instance.identityStoreId === dir) {
      const nowSeconds = ctx.store.iam.nowSeconds(account);
      return { account, instance, base: `/start/${dir}`, nowSeconds, nowIso: new Date(nowSeconds * 1000).toISOString() };
    }
  }
  throw new AwsError(404, 'NotFound', `There is no AWS access portal at /start/${dir}.`);
}

export function userOf(p: Portal, userId: string | null): IdcUser | undefined {
  return userId ? p.account.identityCenter.users.find((u) => u.userId === userId) : undefined;
}

export function currentFlow(ctx: Ctx, p: Portal): PortalFlow | undefined {
  const ic = p.account.identityCenter;
  const flow = ic.portalFlows.find((f) => f.id === ctx.cookies[PORTAL_FLOW_COOKIE]);
  if (flow && Date.parse(flow.createdAt) + FLOW_TTL_MS < p.nowSeconds * 1000) {
    ic.portalFlows = ic.portalFlows.filter((f) => f !== flow);
    return undefined;
  }
  return flow;
}

export function startFlow(ctx: Ctx, p: Portal, userName: string, userId: string | null): PortalFlow {
  const flow: PortalFlow = { id: newToken(), userId, userName, stage: 'password', pendingSeed: null, createdAt: p.nowIso };
  p.account.identityCenter.portalFlows.push(flow);
  setCookie(ctx.res, PORTAL_FLOW_COOKIE, flow.id);
  return flow;
}

export function currentSession(ctx: Ctx, p: Portal): { session: PortalSession; user: IdcUser } | undefined {
  const ic = p.account.identityCenter;
  const session = ic.portalSessions.find((s) => s.token === ctx.cookies[PORTAL_SESSION_COOKIE]);
  if (!session) return undefined;
  const user = userOf(p, session.userId);
  if (!user || Date.parse(session.createdAt) + SESSION_TTL_MS < p.nowSeconds * 1000) {
    ic.portalSessions = ic.portalSessions.filter((s) => s !== session);
    return undefined;
  }
  return { session, user };
}

/** Ends the flow with a portal session and sends the browser to the portal home. */
export function signInUser(ctx: Ctx, p: Portal, user: IdcUser, flow?: PortalFlow): void {
  const ic = p.account.identityCenter;
  const session: PortalSession = { token: newToken(), userId: user.userId, createdAt: p.nowIso, pendingSeed: null };
  ic.portalSessions.push(session);
  if (flow) ic.portalFlows = ic.portalFlows.filter((f) => f !== flow);
  setCookie(ctx.res, PORTAL_SESSION_COOKIE, session.token);
  setCookie(ctx.res, PORTAL_FLOW_COOKIE, null);
  redirect(ctx.res, p.base);
}

/** Sets a user's password: the old ones are kept (newest first) for the "last 3 passwords" rule. */
export function setPassword(user: IdcUser, password: string): void {
  const old = user.password.kind === 'set' || user.password.kind === 'one-time' ? [user.password.secret] : [];
  user.previousPasswords = [...old, ...user.previousPasswords].slice(0, 3);
  user.password = { kind: 'set', secret: password };
}
