import { formBody, redirect } from '../core/http.ts';
import type { Ctx } from '../context.ts';
import type { IdcUser } from '../identity-center/model.ts';
import { newSeed } from '../iam/mfa-check.ts';
import { accountName } from '../identity-center/organization.ts';
import { otpauthUri, qrPngBase64 } from '../core/qr.ts';
import { currentFlow, currentSession, portalOf, signInUser, userOf, type Portal } from './context.ts';
import { sendPortal } from './drift.ts';
import { acceptedStep, MAX_AUTHENTICATOR_APPS } from './mfa.ts';
import { authenticatorPage, devicesPage, homePage, PORTAL_TEXT, registeredPage, registerPage, type PortalAccount } from './pages.ts';

/**
 * MFA registration (console-facts §4.4: "Register MFA device" → "Authenticator app" → QR code or
 * secret key → one "Authenticator code" → "Assign MFA" → "Done"), during sign-in or from the
 * signed-in portal, and the portal home listing accounts and permission sets.
 */

/** Who is registering a device: a sign-in flow at its registration stage, or a signed-in user. */
interface Registrant {
  user: IdcUser;
  holder: { pendingSeed: string | null };
  signedIn: boolean;
}

function registrant(ctx: Ctx, p: Portal): Registrant | undefined {
  const flow = currentFlow(ctx, p);
  const flowUser = flow?.stage === 'register-mfa' ? userOf(p, flow.userId) : undefined;
  if (flow && flowUser) return { user: flowUser, holder: flow, signedIn: false };
  const signed = currentSession(ctx, p);
  if (signed) return { user: signed.user, holder: signed.session, signedIn: true };
  redirect(ctx.res, `${p.base}/login`);
  return undefined;
}

const limitReached = (user: IdcUser): boolean => user.mfaDevices.length >= MAX_AUTHENTICATOR_APPS;

export function getRegister(ctx: Ctx): void {
  const p = portalOf(ctx);
  const who = registrant(ctx, p);
  if (!who) return;
  sendPortal(
    ctx,
    p,
    200,
    registerPage(p.base, limitReached(who.user) ? `You can register at most ${MAX_AUTHENTICATOR_APPS} authenticator apps.` : undefined),
  );
}

export async function postRegister(ctx: Ctx): Promise<void> {
  const p = portalOf(ctx);
  const who = registrant(ctx, p);
  if (!who) return;
  const type = (await formBody(ctx)).get('deviceType');
  if (type !== 'authenticator') return sendPortal(ctx, p, 200, registerPage(p.base, 'Only Authenticator app is replicated.'));
  if (limitReached(who.user))
    return sendPortal(ctx, p, 200, registerPage(p.base, `You can register at most ${MAX_AUTHENTICATOR_APPS} authenticator apps.`));
  who.holder.pendingSeed ??= newSeed();
  redirect(ctx.res, `${p.base}/mfa/register/authenticator`);
}

async function showAuthenticator(ctx: Ctx, p: Portal, who: Registrant, error?: string): Promise<void> {
  const seed = who.holder.pendingSeed;
  if (!seed) return redirect(ctx.res, `${p.base}/mfa/register`);
  const shown = ctx.url.searchParams.get('show');
  const show = shown === 'qr' || shown === 'secret' ? shown : null;
  const qrPng = show === 'qr' ? await qrPngBase64(otpauthUri(who.user.userName, p.instance.identityStoreId, seed)) : undefined;
  sendPortal(ctx, p, 200, authenticatorPage({ base: p.base, shown: show, seed, qrPng, error }));
}

export async function getAuthenticator(ctx: Ctx): Promise<void> {
  const p = portalOf(ctx);
  const who = registrant(ctx, p);
  if (who) await showAuthenticator(ctx, p, who);
}

/** "Assign MFA": one code within a step of the account's clock registers the device. */
export async function postAuthenticator(ctx: Ctx): Promise<void> {
  const p = portalOf(ctx);
  const who = registrant(ctx, p);
  if (!who) return;
  const seed = who.holder.pendingSeed;
  if (!seed) return redirect(ctx.res, `${p.base}/mfa/register`);
  const code = ((await formBody(ctx)).get('authenticatorCode') ?? '').trim();
  const step = acceptedStep(seed, code, p.nowSeconds, null);
  if (step === null) return showAuthenticator(ctx, p, who, PORTAL_TEXT.invalidCode);
  const name = `Authenticator app ${who.user.mfaDevices.length + 1}`;
  who.user.mfaDevices.push({ id: `mfa-${step}-${who.user.mfaDevices.length + 1}`, name, seed, registeredAt: p.nowIso, lastUsedStep: step });
  who.holder.pendingSeed = null;
  sendPortal(ctx, p, 200, registeredPage(p.base, name));
}

/** "Done": a sign-in in progress ends with a session; a signed-in user goes back home. */
export function getDone(ctx: Ctx): void {
  const p = portalOf(ctx);
  const flow = currentFlow(ctx, p);
  const user = flow?.stage === 'register-mfa' ? userOf(p, flow.userId) : undefined;
  if (flow && user && user.mfaDevices.length) return signInUser(ctx, p, user, flow);
  redirect(ctx.res, currentSession(ctx, p) ? p.base : `${p.base}/login`);
}

/** The accounts a user may use and, per account, the permission sets: direct and through groups, provisioned only. */
export function accountsOf(p: Portal, user: IdcUser): PortalAccount[] {
  const ic = p.account.identityCenter;
  const groups = new Set(ic.memberships.filter((m) => m.userId === user.userId).map((m) => m.groupId));
  const mine = ic.assignments.filter((a) => a.status === 'SUCCEEDED' && (a.principalId === user.userId || groups.has(a.principalId)));
  const ids = [...new Set(mine.map((a) => a.accountId))];
  return ids.map((accountId) => ({
    accountId,
    name: accountName(p.account),
    email: p.account.rootEmail,
    permissionSets: [
      ...new Set(
        mine
          .filter((a) => a.accountId === accountId)
          .map((a) => ic.permissionSets.find((s) => s.arn === a.permissionSetArn)?.name ?? a.permissionSetArn),
      ),
    ].sort(),
  }));
}

/** GET /start/:dir: the portal home when signed in, else the sign-in page. */
export function getHome(ctx: Ctx): void {
  const p = portalOf(ctx);
  const signed = currentSession(ctx, p);
  if (!signed) return redirect(ctx.res, `${p.base}/login`);
  sendPortal(ctx, p, 200, homePage({ base: p.base, userName: signed.user.userName, accounts: accountsOf(p, signed.user) }));
}

export function getDevices(ctx: Ctx): void {
  const p = portalOf(ctx);
  const signed = currentSession(ctx, p);
  if (!signed) return redirect(ctx.res, `${p.base}/login`);
  sendPortal(ctx, p, 200, devicesPage(p.base, signed.user.mfaDevices));
}
