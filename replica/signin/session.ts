import { sendApiError, setCookie, sleep, SESSION_COOKIE } from '../core/http.ts';
import type { Ctx } from '../context.ts';
import type { Account } from '../iam/model.ts';
import { lateApiDelay } from '../markup/late.ts';
import type { ReplicaStore } from '../store.ts';

// The console session of a request: what every console page and console JSON endpoint asks first.

/** The console session behind the request's `aws-creds` cookie, if any. */
export function sessionOf(ctx: Ctx): ReturnType<ReplicaStore['session']> {
  return ctx.store.session(ctx.cookies[SESSION_COOKIE]);
}

/** The account's slow-console fault: waits `faults.slowMs` before answering. */
export async function slowDown(account: Account): Promise<void> {
  const ms = account.faults.slowMs ?? 0;
  if (ms > 0) await sleep(ms);
}

/** The console's answer to a request without a live session. */
export const SESSION_EXPIRED = { code: 'SessionExpired', message: 'Your session has expired. Sign in again.' } as const;

/**
 * What every console JSON endpoint (IAM's and Identity Center's) does first: a session (else 401
 * SessionExpired), the one-shot session-expiry fault, slowMs, and X-CSRF-Token on anything but GET.
 * Answers the session and its account, or undefined once the error has been sent.
 */
export async function consoleApiSession(ctx: Ctx): Promise<NonNullable<ReturnType<ReplicaStore['session']>> | undefined> {
  const signed = sessionOf(ctx);
  if (!signed) return void sendApiError(ctx.res, 401, SESSION_EXPIRED.code, SESSION_EXPIRED.message);
  const { session, account } = signed;
  if (sessionEndsNow(ctx, signed)) return void sendApiError(ctx.res, 401, SESSION_EXPIRED.code, SESSION_EXPIRED.message);
  await slowDown(account);
  await lateApiDelay(ctx.store, account);
  if (ctx.req.method !== 'GET' && ctx.req.headers['x-csrf-token'] !== session.xsrfToken) {
    return void sendApiError(ctx.res, 403, 'InvalidCsrfToken', 'The request is missing a valid X-CSRF-Token header.');
  }
  return signed;
}

/**
 * Counts one console request of a session under the fault `sessionExpiresAfterRequests`; true when
 * the session ended on this request (the session forgotten, its cookie cleared, the fault spent).
 */
export function sessionEndsNow(ctx: Ctx, { session, account }: NonNullable<ReturnType<ReplicaStore['session']>>): boolean {
  const left = account.faults.sessionExpiresAfterRequests;
  if (left !== undefined) {
    if (left <= 0) {
      // One-shot: the session ends here and the fault is spent, so signing in again works.
      delete account.faults.sessionExpiresAfterRequests;
      ctx.store.signin.sessions.delete(session.token);
      setCookie(ctx.res, SESSION_COOKIE, null);
      return true;
    }
    account.faults.sessionExpiresAfterRequests = left - 1;
  }
  session.requestCount++;
  return false;
}
