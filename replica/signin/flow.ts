import type { Account } from '../iam/model.ts';
import type { SigninFlow, SigninStage } from './store.ts';
import { randomToken } from '../core/random.ts';
import { acceptSignInCode } from '../iam/mfa-check.ts';
import { FLOW_COOKIE, SESSION_COOKIE, formBody, redirect, sendApiError, sendHtml, sendJson, setCookie } from '../core/http.ts';
import { sessionOf } from './session.ts';
import type { Ctx } from '../context.ts';
import { challengeDocument, emailPage, forcedMfaPage, mfaPage, passwordPage, securityVerificationPage, SIGNIN_TEXT } from './pages.ts';
import { PLAIN_SIGNIN, type SigninRendering } from '../markup/plain/signin.ts';
import { plainHtmlOn } from '../markup/plain/switch.ts';
import { challengeImage, challengeSolved, newChallengeAnswer } from './captcha.ts';
import { notReplicatedPage } from './layout.ts';
import { withDrift } from './drift.ts';
import { rootCredentials } from '../organizations/model.ts';

/**
 * Root sign-in, one handler per form: email → [security check] → password → [security check] →
 * MFA code | forced-MFA prompt → session. The flow lives server-side behind the `aws-signin-flow` cookie.
 */

export const CONSOLE_HOME = '/console/home';
export const ASSIGN_MFA = '/iam/home#/security_credentials/mfa/assign';
const FLOW_TTL_MS = 60 * 60 * 1000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const STAGE_PATH: Record<SigninStage, string> = {
  'security-check': '/signin/verify',
  password: '/signin/password',
  mfa: '/signin/mfa',
  'mfa-required': '/signin/mfa-required',
};

/** A same-origin path from `redirect_uri` (a path, or a URL on this host); anything else gives Console Home. */
export function safeRedirect(raw: string | null | undefined, host: string | undefined): string {
  if (!raw || /[^\x21-\x7e]/.test(raw)) return CONSOLE_HOME;
  let target = raw;
  if (!raw.startsWith('/')) {
    try {
      const url = new URL(raw);
      if (url.host !== host) return CONSOLE_HOME;
      target = `${url.pathname}${url.search}${url.hash}`;
    } catch {
      return CONSOLE_HOME; /* not a URL: refuse it */
    }
  }
  if (target.startsWith('//') || target.startsWith('/\\') || /^\/(signin|signout)\b/.test(target)) return CONSOLE_HOME;
  return target;
}

function currentFlow(ctx: Ctx): SigninFlow | undefined {
  const flow = ctx.store.signin.flows.get(ctx.cookies[FLOW_COOKIE] ?? '');
  if (flow && Date.parse(flow.createdAt) + FLOW_TTL_MS < Date.now()) {
    ctx.store.signin.flows.delete(flow.id);
    return undefined;
  }
  return flow;
}

/** Sends the browser to the page of the flow's stage, or back to the first page without a flow. */
function resume(ctx: Ctx, flow: SigninFlow | undefined): void {
  redirect(ctx.res, flow ? STAGE_PATH[flow.stage] : '/signin');
}

function flowAccount(ctx: Ctx, flow: SigninFlow): Account | undefined {
  return flow.accountId ? ctx.store.iam.account(flow.accountId) : undefined;
}

/** True when the account's `securityCheck` fault asks for a check at this point and it was not passed yet. */
function needsCheck(account: Account | undefined, flow: SigninFlow, point: 'email' | 'password'): boolean {
  const check = account?.faults.securityCheck;
  if (!check || flow.passedChecks.includes(point)) return false;
  return check === 'twice' || check === `after-${point}`;
}

function startChallenge(flow: SigninFlow, after: 'email' | 'password'): void {
  flow.stage = 'security-check';
  flow.challenge = { answer: newChallengeAnswer(), after, failures: 0 };
}

/** Ends the flow with a session and sends the browser on. */
function complete(ctx: Ctx, flow: SigninFlow, account: Account, target: string): void {
  const session = ctx.store.signin.startSession(account.id);
  ctx.store.signin.flows.delete(flow.id);
  setCookie(ctx.res, SESSION_COOKIE, session.token);
  setCookie(ctx.res, FLOW_COOKIE, null);
  redirect(ctx.res, target);
}

/** After a right password (and any check after it): MFA code, forced-MFA prompt, or straight in. */
function afterPassword(ctx: Ctx, flow: SigninFlow, account: Account): void {
  if (account.mfaDevices.some((d) => d.enableDate)) flow.stage = 'mfa';
  else if (account.options.forcedMfaPrompt) flow.stage = 'mfa-required';
  else return complete(ctx, flow, account, flow.redirectUri);
  resume(ctx, flow);
}

const USUAL_PAGES: SigninRendering = {
  emailPage,
  securityVerificationPage,
  passwordPage,
  mfaPage,
  forcedMfaPage,
  withDrift,
  assignMfaTarget: ASSIGN_MFA,
};

/** The sign-in pages in the account's markup (before the email names one, the replica's): plain-html's or the usual ones. */
function pages(ctx: Ctx, account?: Account | null): SigninRendering {
  return plainHtmlOn(ctx.store, account) ? PLAIN_SIGNIN : USUAL_PAGES;
}

/** Sends a sign-in page as the account's drift (or, before the account is known, the replica's) changes it. */
function sendPage(ctx: Ctx, status: number, html: string, account?: Account | null): void {
  sendHtml(ctx.res, status, pages(ctx, account).withDrift(html, ctx.store.look.driftFor(account)));
}

export function getSignin(ctx: Ctx): void {
  sendPage(ctx, 200, pages(ctx).emailPage({ redirectUri: ctx.url.searchParams.get('redirect_uri') ?? '' }));
}

export async function postSignin(ctx: Ctx): Promise<void> {
  const form = await formBody(ctx);
  const rawRedirect = form.get('redirect_uri') ?? '';
  if (form.get('userType') === 'iamUser') {
    return sendHtml(ctx.res, 501, notReplicatedPage('POST', '/signin (IAM user)', 'Only root user sign-in is replicated.'));
  }
  const email = (form.get('email') ?? '').trim();
  if (!EMAIL.test(email))
    return sendPage(ctx, 200, pages(ctx).emailPage({ redirectUri: rawRedirect, email, error: SIGNIN_TEXT.invalidEmail }));

  let redirectUri = safeRedirect(rawRedirect, ctx.req.headers.host);
  const hash = form.get('redirect_hash') ?? '';
  if (/^#[\x21-\x7e]{1,2000}$/.test(hash) && !redirectUri.includes('#')) redirectUri += hash;

  for (const old of ctx.store.signin.flows.values())
    if (Date.parse(old.createdAt) + FLOW_TTL_MS < Date.now()) ctx.store.signin.flows.delete(old.id);
  const account = ctx.store.iam.accountByEmail(email);
  const flow: SigninFlow = {
    id: randomToken(),
    accountId: account?.id ?? null,
    email,
    redirectUri,
    stage: 'password',
    challenge: null,
    passedChecks: [],
    createdAt: new Date().toISOString(),
  };
  ctx.store.signin.flows.set(flow.id, flow);
  if (needsCheck(account, flow, 'email')) startChallenge(flow, 'email');
  setCookie(ctx.res, FLOW_COOKIE, flow.id);
  resume(ctx, flow);
}

export function getVerify(ctx: Ctx): void {
  const flow = currentFlow(ctx);
  if (flow?.stage !== 'security-check') return resume(ctx, flow);
  const account = flowAccount(ctx, flow);
  const challenge = flow.challenge!;
  sendPage(
    ctx,
    200,
    pages(ctx, account).securityVerificationPage({
      imageUrl: challengeImage(challenge.answer),
      error: challenge.failures > 0 ? SIGNIN_TEXT.wrongChallenge : undefined,
    }),
    account,
  );
}

export function getChallenge(ctx: Ctx): void {
  const flow = currentFlow(ctx);
  const challenge = flow?.stage === 'security-check' ? flow.challenge : null;
  if (!challenge) {
    return sendHtml(
      ctx.res,
      200,
      '<!doctype html><html lang="en"><title>Security check</title><p role="alert">This security check has expired. ' +
        '<a href="/signin" target="_top">Start again</a></p></html>',
    );
  }
  sendPage(
    ctx,
    200,
    challengeDocument({
      imageUrl: challengeImage(challenge.answer),
      // The real check regenerates its ids on every render (console-facts §1.3).
      inputId: `captchaGuess-${randomToken(6)}`,
      error: challenge.failures > 0 ? SIGNIN_TEXT.wrongChallenge : undefined,
    }),
    flow && flowAccount(ctx, flow),
  );
}

export async function postChallenge(ctx: Ctx): Promise<void> {
  const flow = currentFlow(ctx);
  const challenge = flow?.stage === 'security-check' ? flow.challenge : null;
  if (!flow || !challenge) return resume(ctx, flow);
  const guess = (await formBody(ctx)).get('captchaGuess') ?? '';
  if (!challengeSolved(challenge.answer, guess)) {
    flow.challenge = { answer: newChallengeAnswer(), after: challenge.after, failures: challenge.failures + 1 };
    return resume(ctx, flow);
  }
  flow.passedChecks.push(challenge.after);
  flow.challenge = null;
  const account = flowAccount(ctx, flow);
  if (challenge.after === 'password' && account) return afterPassword(ctx, flow, account);
  flow.stage = 'password';
  resume(ctx, flow);
}

export function getPassword(ctx: Ctx): void {
  const flow = currentFlow(ctx);
  if (flow?.stage !== 'password') return resume(ctx, flow);
  const account = flowAccount(ctx, flow);
  sendPage(ctx, 200, pages(ctx, account).passwordPage({ email: flow.email, redirectUri: flow.redirectUri }), account);
}

export async function postPassword(ctx: Ctx): Promise<void> {
  const flow = currentFlow(ctx);
  if (flow?.stage !== 'password') return resume(ctx, flow);
  const password = (await formBody(ctx)).get('password') ?? '';
  const account = flowAccount(ctx, flow);
  // A root user whose login profile was deleted (iam:DeleteLoginProfile under AssumeRoot) has no password to sign in with.
  if (!account || !rootCredentials(account).loginProfile || password !== account.rootPassword) {
    return sendPage(
      ctx,
      200,
      pages(ctx, account).passwordPage({ email: flow.email, redirectUri: flow.redirectUri, error: SIGNIN_TEXT.authError }),
      account,
    );
  }
  if (needsCheck(account, flow, 'password')) {
    startChallenge(flow, 'password');
    return resume(ctx, flow);
  }
  afterPassword(ctx, flow, account);
}

export function getMfa(ctx: Ctx): void {
  const flow = currentFlow(ctx);
  if (flow?.stage !== 'mfa') return resume(ctx, flow);
  const account = flowAccount(ctx, flow);
  sendPage(ctx, 200, pages(ctx, account).mfaPage({}), account);
}

export async function postMfa(ctx: Ctx): Promise<void> {
  const flow = currentFlow(ctx);
  const account = flow && flowAccount(ctx, flow);
  if (flow?.stage !== 'mfa' || !account) return resume(ctx, flow);
  const code = ((await formBody(ctx)).get('mfaCode') ?? '').trim();
  if (!acceptSignInCode(account.mfaDevices, code, ctx.store.iam.nowSeconds(account))) {
    return sendPage(ctx, 200, pages(ctx, account).mfaPage({ error: SIGNIN_TEXT.authError }), account);
  }
  complete(ctx, flow, account, flow.redirectUri);
}

export function getMfaRequired(ctx: Ctx): void {
  const flow = currentFlow(ctx);
  const account = flow && flowAccount(ctx, flow);
  if (flow?.stage !== 'mfa-required' || !account) return resume(ctx, flow);
  sendPage(ctx, 200, pages(ctx, account).forcedMfaPage({ daysLeft: account.options.forcedMfaDaysLeft }), account);
}

export async function postMfaRequired(ctx: Ctx): Promise<void> {
  const flow = currentFlow(ctx);
  const account = flow && flowAccount(ctx, flow);
  if (flow?.stage !== 'mfa-required' || !account) return resume(ctx, flow);
  const action = (await formBody(ctx)).get('action');
  if (action === 'register') return complete(ctx, flow, account, pages(ctx, account).assignMfaTarget);
  if (action === 'skip' && account.options.forcedMfaDaysLeft > 0) return complete(ctx, flow, account, flow.redirectUri);
  sendPage(ctx, 400, pages(ctx, account).forcedMfaPage({ daysLeft: account.options.forcedMfaDaysLeft }), account);
}

/** GET /signout: ends the session and shows the first sign-in page. */
export function getSignout(ctx: Ctx): void {
  const current = sessionOf(ctx);
  if (current) ctx.store.signin.sessions.delete(current.session.token);
  setCookie(ctx.res, SESSION_COOKIE, null);
  redirect(ctx.res, '/signin');
}

/** POST /signout (the console's menu): needs the session's CSRF token as header or form field. */
export async function postSignout(ctx: Ctx): Promise<void> {
  const current = sessionOf(ctx);
  const isForm = (ctx.req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  if (current) {
    const token = ctx.req.headers['x-csrf-token'] ?? (isForm ? (await formBody(ctx)).get('csrf_token') : undefined);
    if (token !== current.session.xsrfToken)
      return sendApiError(ctx.res, 403, 'InvalidCsrfToken', 'The request is missing a valid CSRF token.');
    ctx.store.signin.sessions.delete(current.session.token);
  }
  setCookie(ctx.res, SESSION_COOKIE, null);
  if (isForm) return redirect(ctx.res, '/signin');
  sendJson(ctx.res, 200, { redirectTo: '/signin' });
}
