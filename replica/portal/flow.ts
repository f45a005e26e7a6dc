import { formBody, redirect, setCookie } from '../core/http.ts';
import type { Ctx } from '../context.ts';
import type { IdcUser, PortalFlow } from '../identity-center/model.ts';
import { userByName } from '../identity-center/directory.ts';
import {
  currentFlow,
  currentSession,
  PORTAL_FLOW_COOKIE,
  PORTAL_SESSION_COOKIE,
  portalOf,
  setPassword,
  signInUser,
  startFlow,
  userOf,
  type Portal,
} from './context.ts';
import { sendPortal, setPasswordDrift } from './drift.ts';
import { acceptSignInCode } from './mfa.ts';
import { messagePage, mfaPage, PORTAL_TEXT, passwordPage, setPasswordPage, usernamePage } from './pages.ts';
import { passwordProblems } from './password.ts';

/**
 * Access portal sign-in (console-facts §4.2–4.4): username → password → [new password after a
 * one-time password] → MFA code, or MFA registration for a user without a device; and the
 * invitation's "New user sign up". One handler per form; the flow lives server-side.
 */

const STAGE_PATH: Record<PortalFlow['stage'], string> = {
  password: '/login/password',
  mfa: '/login/mfa',
  'new-password': '/login/new-password',
  'register-mfa': '/mfa/register',
};

/** Sends the browser to the page of the flow's stage (or the username page without a flow). */
function resume(ctx: Ctx, p: Portal, flow: PortalFlow | undefined): void {
  redirect(ctx.res, `${p.base}${flow ? STAGE_PATH[flow.stage] : '/login'}`);
}

/** After a password is accepted or set: the code when the user has a device, else registration. */
function afterPassword(ctx: Ctx, p: Portal, flow: PortalFlow, user: IdcUser): void {
  flow.stage = user.mfaDevices.length ? 'mfa' : 'register-mfa';
  resume(ctx, p, flow);
}

/** GET /start/:dir/login: the username page (signed-in users go to the portal home). */
export function getLogin(ctx: Ctx): void {
  const p = portalOf(ctx);
  if (currentSession(ctx, p)) return redirect(ctx.res, p.base);
  sendPortal(ctx, p, 200, usernamePage(p.base));
}

export async function postLogin(ctx: Ctx): Promise<void> {
  const p = portalOf(ctx);
  const userName = ((await formBody(ctx)).get('username') ?? '').trim();
  if (!userName) return sendPortal(ctx, p, 200, usernamePage(p.base, 'Enter your username.'));
  // An unknown username goes on to the password page and fails there, telling nothing about who exists.
  startFlow(ctx, p, userName, userByName(p.account, userName)?.userId ?? null);
  redirect(ctx.res, `${p.base}/login/password`);
}

function flowAt(ctx: Ctx, p: Portal, stage: PortalFlow['stage']): PortalFlow | undefined {
  const flow = currentFlow(ctx, p);
  if (flow?.stage === stage) return flow;
  resume(ctx, p, flow);
  return undefined;
}

export function getPassword(ctx: Ctx): void {
  const p = portalOf(ctx);
  const flow = flowAt(ctx, p, 'password');
  if (flow) sendPortal(ctx, p, 200, passwordPage(p.base, flow.userName));
}

export async function postPassword(ctx: Ctx): Promise<void> {
  const p = portalOf(ctx);
  const flow = flowAt(ctx, p, 'password');
  if (!flow) return;
  const password = (await formBody(ctx)).get('password') ?? '';
  const user = userOf(p, flow.userId);
  const state = user?.password;
  const ok = state && (state.kind === 'set' || state.kind === 'one-time') && state.secret === password;
  if (!user || !ok) return sendPortal(ctx, p, 200, passwordPage(p.base, flow.userName, PORTAL_TEXT.authError));
  if (state.kind === 'one-time') {
    flow.stage = 'new-password';
    return resume(ctx, p, flow);
  }
  afterPassword(ctx, p, flow, user);
}

export function getNewPassword(ctx: Ctx): void {
  const p = portalOf(ctx);
  const flow = flowAt(ctx, p, 'new-password');
  if (flow)
    sendPortal(
      ctx,
      p,
      200,
      setPasswordPage({ heading: 'Set new password', action: `${p.base}/login/new-password`, userName: flow.userName }),
    );
}

export async function postNewPassword(ctx: Ctx): Promise<void> {
  const p = portalOf(ctx);
  const flow = flowAt(ctx, p, 'new-password');
  const user = flow && userOf(p, flow.userId);
  if (!flow || !user) return;
  const form = await formBody(ctx);
  const password = form.get('newPassword') ?? '';
  const current = user.password.kind === 'one-time' ? [user.password.secret] : [];
  const drifted = setPasswordDrift(ctx, p, form);
  const problems = [...drifted.problems, ...passwordProblems(password, drifted.confirm, [...current, ...user.previousPasswords])];
  if (problems.length) {
    return sendPortal(
      ctx,
      p,
      200,
      setPasswordPage({ heading: 'Set new password', action: `${p.base}/login/new-password`, userName: user.userName, problems }),
    );
  }
  setPassword(user, password);
  afterPassword(ctx, p, flow, user);
}

export function getMfa(ctx: Ctx): void {
  const p = portalOf(ctx);
  if (flowAt(ctx, p, 'mfa')) sendPortal(ctx, p, 200, mfaPage(p.base));
}

export async function postMfa(ctx: Ctx): Promise<void> {
  const p = portalOf(ctx);
  const flow = flowAt(ctx, p, 'mfa');
  const user = flow && userOf(p, flow.userId);
  if (!flow || !user) return;
  const code = ((await formBody(ctx)).get('mfaCode') ?? '').trim();
  if (!acceptSignInCode(user.mfaDevices, code, p.nowSeconds)) return sendPortal(ctx, p, 200, mfaPage(p.base, PORTAL_TEXT.invalidCode));
  signInUser(ctx, p, user, flow);
}

/** The invited user behind a token, if the invitation is still valid. */
function invitee(p: Portal, token: string): IdcUser | undefined {
  return p.account.identityCenter.users.find(
    (u) => u.password.kind === 'invited' && u.password.token === token && Date.parse(u.password.expiresAt) > p.nowSeconds * 1000,
  );
}

/** GET /start/:dir/accept?token=…: "New user sign up". */
export function getAccept(ctx: Ctx): void {
  const p = portalOf(ctx);
  const token = ctx.url.searchParams.get('token') ?? '';
  const user = invitee(p, token);
  if (!user)
    return sendPortal(ctx, p, 410, messagePage('Invitation not valid', PORTAL_TEXT.invitationInvalid, { href: p.base, text: 'Sign in' }));
  sendPortal(ctx, p, 200, setPasswordPage({ heading: 'New user sign up', action: `${p.base}/accept`, userName: user.userName, token }));
}

/** POST /start/:dir/accept: sets the password; the user is then signed in, through MFA registration. */
export async function postAccept(ctx: Ctx): Promise<void> {
  const p = portalOf(ctx);
  const form = await formBody(ctx);
  const token = form.get('token') ?? '';
  const user = invitee(p, token);
  if (!user)
    return sendPortal(ctx, p, 410, messagePage('Invitation not valid', PORTAL_TEXT.invitationInvalid, { href: p.base, text: 'Sign in' }));
  const password = form.get('newPassword') ?? '';
  const drifted = setPasswordDrift(ctx, p, form);
  const problems = [...drifted.problems, ...passwordProblems(password, drifted.confirm, user.previousPasswords)];
  if (problems.length) {
    return sendPortal(
      ctx,
      p,
      200,
      setPasswordPage({ heading: 'New user sign up', action: `${p.base}/accept`, userName: user.userName, token, problems }),
    );
  }
  setPassword(user, password);
  const flow = startFlow(ctx, p, user.userName, user.userId);
  afterPassword(ctx, p, flow, user);
}

/** GET /start/:dir/signout: ends the portal session. */
export function getSignout(ctx: Ctx): void {
  const p = portalOf(ctx);
  const ic = p.account.identityCenter;
  const token = ctx.cookies[PORTAL_SESSION_COOKIE];
  ic.portalSessions = ic.portalSessions.filter((s) => s.token !== token);
  setCookie(ctx.res, PORTAL_SESSION_COOKIE, null);
  setCookie(ctx.res, PORTAL_FLOW_COOKIE, null);
  redirect(ctx.res, `${p.base}/login`);
}
