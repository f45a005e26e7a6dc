import { CONSOLE_API } from './contract.ts';
import { sendJson } from './core/http.ts';
import type { Ctx, Handler, Route } from './context.ts';
import type { Method } from './core/router.ts';
import * as api from './iam/console-api.ts';
import { awsApi } from './aws-api.ts';
import { consoleShell, frontDoor, staticFile } from './console-shell.ts';
import * as signin from './signin/flow.ts';
import * as sidedoor from './sidedoor/routes.ts';
import { IDC_API } from './identity-center/ui/contract.ts';
import * as idcApi from './identity-center/console-api.ts';
import * as portal from './portal/flow.ts';
import * as portalHome from './portal/home.ts';
import { getLate } from './markup/late.ts';
import * as plainIam from './markup/plain/iam.ts';
import { ORGANIZATIONS_ROUTES } from './sidedoor/organizations.ts';
import escapeStringRegexp from 'escape-string-regexp';

/**
 * Every route the replica answers, in one table. Anything not listed answers 501 "Not replicated"
 * (HTML, or JSON under /iam/api and /iam/service, or Query XML on POST /).
 * `area` decides how errors are shown: an HTML page, a console JSON error, Query XML, side-door JSON.
 */

export type { Area, Method } from './core/router.ts';
export type { Route } from './context.ts';

/** Splits a contract constant like `'GET /iam/api/mfa'` into method and path. */
function fromContract(entry: string): { method: Method; path: string } {
  const [method, path] = entry.split(' ') as [Method, string];
  return { method, path };
}

const consoleApi = (entry: string, handler: Handler, what: string): Route => ({
  ...fromContract(entry),
  area: 'console-api',
  handler,
  what,
});

export const ROUTES: Route[] = [
  // Root sign-in (console-facts §1), plain HTML forms.
  { method: 'GET', path: '/signin', area: 'signin', handler: signin.getSignin, what: 'Sign in: user type and root email' },
  { method: 'POST', path: '/signin', area: 'signin', handler: signin.postSignin, what: 'Submit the root email (IAM user → 501)' },
  {
    method: 'GET',
    path: '/signin/verify',
    area: 'signin',
    handler: signin.getVerify,
    what: 'Security verification page (fault securityCheck)',
  },
  {
    method: 'GET',
    path: '/signin/captcha',
    area: 'signin',
    handler: signin.getChallenge,
    what: 'Security check frame: image, "Verification answer"',
  },
  { method: 'POST', path: '/signin/captcha', area: 'signin', handler: signin.postChallenge, what: 'Answer the security check' },
  { method: 'GET', path: '/signin/password', area: 'signin', handler: signin.getPassword, what: 'Root user sign in: password' },
  { method: 'POST', path: '/signin/password', area: 'signin', handler: signin.postPassword, what: 'Submit the root password' },
  { method: 'GET', path: '/signin/mfa', area: 'signin', handler: signin.getMfa, what: 'Multi-factor authentication: MFA code' },
  { method: 'POST', path: '/signin/mfa', area: 'signin', handler: signin.postMfa, what: 'Submit one MFA code' },
  {
    method: 'GET',
    path: '/signin/mfa-required',
    area: 'signin',
    handler: signin.getMfaRequired,
    what: 'Forced-MFA prompt (option forcedMfaPrompt)',
  },
  {
    method: 'POST',
    path: '/signin/mfa-required',
    area: 'signin',
    handler: signin.postMfaRequired,
    what: 'Skip for now / Register MFA device',
  },
  { method: 'GET', path: '/signout', area: 'signin', handler: signin.getSignout, what: 'Sign out, back to /signin' },
  {
    ...fromContract(CONSOLE_API.signOut),
    area: 'console-api',
    handler: signin.postSignout,
    what: 'Sign out from the console menu (CSRF token)',
  },

  // Console pages: an HTML shell for the Cloudscape app; hash routes are client-side.
  { method: 'GET', path: '/', area: 'console', handler: frontDoor, what: 'Front door → /console/home' },
  { method: 'GET', path: '/console/home', area: 'console', handler: consoleShell, what: 'Console Home shell' },
  { method: 'GET', path: '/iam/home', area: 'console', handler: consoleShell, what: 'IAM console shell (#/security_credentials…)' },
  { method: 'GET', path: '/static/*', area: 'console', handler: staticFile, what: 'Built console app (replica/dist)' },

  // IAM pages of the plain-html markup (replica/plain; GET /iam/home answers their Security credentials); 501 under any other markup.
  {
    method: 'GET',
    path: '/iam/mfa/assign',
    area: 'console',
    handler: plainIam.getAssign,
    what: 'plain-html: Assign MFA device, page 1 (Device name, device type)',
  },
  {
    method: 'POST',
    path: '/iam/mfa/assign',
    area: 'console',
    handler: plainIam.postAssign,
    what: 'plain-html: Next (creates the virtual device)',
  },
  {
    method: 'GET',
    path: '/iam/mfa/setup',
    area: 'console',
    handler: plainIam.getSetUp,
    what: 'plain-html: Set up device (?device=&show=qr|secret)',
  },
  { method: 'POST', path: '/iam/mfa/setup', area: 'console', handler: plainIam.postSetUp, what: 'plain-html: Add MFA with two codes' },
  {
    method: 'POST',
    path: '/iam/access-keys/status',
    area: 'console',
    handler: plainIam.postKeyStatus,
    what: 'plain-html: Activate / Deactivate a root access key',
  },
  {
    method: 'GET',
    path: '/iam/access-keys/delete',
    area: 'console',
    handler: plainIam.getDeleteKey,
    what: 'plain-html: Delete <key id> confirmation',
  },
  {
    method: 'POST',
    path: '/iam/access-keys/delete',
    area: 'console',
    handler: plainIam.postDeleteKey,
    what: 'plain-html: Delete (the typed key ID must match)',
  },

  // Console private JSON API (contract.ts CONSOLE_API).
  consoleApi(CONSOLE_API.context, api.context, 'Who is signed in, which UI generation'),
  consoleApi(CONSOLE_API.listMfa, api.listMfa, "Root's MFA devices in use"),
  consoleApi(CONSOLE_API.createVirtualMfa, api.createVirtualMfa, 'Create an unassigned virtual MFA device (seed + QR)'),
  consoleApi(CONSOLE_API.enableMfaDevice, api.enableMfaDevice, 'Enable it with two consecutive codes'),
  consoleApi(CONSOLE_API.listAccessKeys, api.listAccessKeys, 'Root access keys'),
  consoleApi(CONSOLE_API.deactivateAccessKey, api.deactivateAccessKey, 'Deactivate a root access key'),
  consoleApi(CONSOLE_API.activateAccessKey, api.activateAccessKey, 'Activate a root access key'),
  consoleApi(CONSOLE_API.deleteAccessKey, api.deleteAccessKey, 'Delete an inactive root access key'),

  // IAM Identity Center console (console-facts §3): the shell, and its private JSON API (console/idc/contract.ts IDC_API).
  {
    method: 'GET',
    path: '/singlesignon/home',
    area: 'console',
    handler: consoleShell,
    what: 'IAM Identity Center console shell (?region=…#/dashboard, #/users…)',
  },
  consoleApi(IDC_API.state, idcApi.state, "Organization and instance as seen from the page's Region"),
  consoleApi(IDC_API.enable, idcApi.enable, 'Enable with AWS Organizations (creates the organization when none)'),
  consoleApi(IDC_API.listUsers, idcApi.listUsers, 'Identity Center users'),
  consoleApi(IDC_API.addUser, idcApi.addUserHandler, 'Add user: invitation email or one-time password, groups'),
  consoleApi(IDC_API.listGroups, idcApi.listGroups, 'Identity Center groups'),
  consoleApi(IDC_API.createGroup, idcApi.createGroupHandler, 'Create group (with members)'),
  consoleApi(IDC_API.listPermissionSets, idcApi.listPermissionSets, 'Permission sets'),
  consoleApi(IDC_API.createPermissionSet, idcApi.createPermissionSetHandler, 'Create a predefined permission set'),
  consoleApi(IDC_API.listAccounts, idcApi.listAccounts, "The organization's AWS accounts"),
  consoleApi(IDC_API.listAssignments, idcApi.listAssignments, "An account's assignments and their provisioning status"),
  consoleApi(IDC_API.assign, idcApi.assignHandler, 'Assign users or groups with permission sets'),
  {
    method: 'GET',
    path: '/singlesignon/api/*',
    area: 'console-api',
    handler: notReplicatedJson,
    what: 'Any other Identity Center console call: 501',
  },
  {
    method: 'POST',
    path: '/singlesignon/api/*',
    area: 'console-api',
    handler: notReplicatedJson,
    what: 'Any other Identity Center console call: 501',
  },

  // AWS access portal (console-facts §4), plain HTML forms: /start/<d-…> stands for https://d-….awsapps.com/start.
  {
    method: 'GET',
    path: '/start/:dir',
    area: 'signin',
    handler: portalHome.getHome,
    what: 'Access portal home: accounts and permission sets (else → sign-in)',
  },
  { method: 'GET', path: '/start/:dir/login', area: 'signin', handler: portal.getLogin, what: 'Portal sign-in: username' },
  { method: 'POST', path: '/start/:dir/login', area: 'signin', handler: portal.postLogin, what: 'Submit the username' },
  { method: 'GET', path: '/start/:dir/login/password', area: 'signin', handler: portal.getPassword, what: 'Portal sign-in: password' },
  {
    method: 'POST',
    path: '/start/:dir/login/password',
    area: 'signin',
    handler: portal.postPassword,
    what: 'Submit the password (or one-time password)',
  },
  {
    method: 'GET',
    path: '/start/:dir/login/new-password',
    area: 'signin',
    handler: portal.getNewPassword,
    what: 'Set new password after a one-time password',
  },
  {
    method: 'POST',
    path: '/start/:dir/login/new-password',
    area: 'signin',
    handler: portal.postNewPassword,
    what: 'Submit the new password (password rules)',
  },
  { method: 'GET', path: '/start/:dir/login/mfa', area: 'signin', handler: portal.getMfa, what: 'Portal sign-in: MFA code' },
  { method: 'POST', path: '/start/:dir/login/mfa', area: 'signin', handler: portal.postMfa, what: 'Submit one MFA code' },
  {
    method: 'GET',
    path: '/start/:dir/accept',
    area: 'signin',
    handler: portal.getAccept,
    what: 'Invitation link: New user sign up (?token=)',
  },
  { method: 'POST', path: '/start/:dir/accept', area: 'signin', handler: portal.postAccept, what: 'Set the password from the invitation' },
  {
    method: 'GET',
    path: '/start/:dir/mfa/register',
    area: 'signin',
    handler: portalHome.getRegister,
    what: 'Register MFA device: choose Authenticator app',
  },
  { method: 'POST', path: '/start/:dir/mfa/register', area: 'signin', handler: portalHome.postRegister, what: 'Choose the device type' },
  {
    method: 'GET',
    path: '/start/:dir/mfa/register/authenticator',
    area: 'signin',
    handler: portalHome.getAuthenticator,
    what: 'Set up the authenticator app (?show=qr|secret)',
  },
  {
    method: 'POST',
    path: '/start/:dir/mfa/register/authenticator',
    area: 'signin',
    handler: portalHome.postAuthenticator,
    what: 'Assign MFA with one authenticator code',
  },
  {
    method: 'GET',
    path: '/start/:dir/mfa/done',
    area: 'signin',
    handler: portalHome.getDone,
    what: 'Done: finish sign-in after registration',
  },
  {
    method: 'GET',
    path: '/start/:dir/mfa-devices',
    area: 'signin',
    handler: portalHome.getDevices,
    what: "The user's MFA devices, Register MFA device",
  },
  { method: 'GET', path: '/start/:dir/signout', area: 'signin', handler: portal.getSignout, what: 'Sign out of the portal' },

  // AWS APIs used to verify (IAM Query XML; STS GetCallerIdentity).
  {
    method: 'POST',
    path: '/',
    area: 'aws-api',
    handler: awsApi,
    what: 'IAM GetAccountSummary, ListVirtualMFADevices, ListMFADevices, centralized root access (organizations/query-api.ts); STS GetCallerIdentity, AssumeRoot; JSON 1.1 (X-Amz-Target): identitystore, sso-admin, organizations (api/json-api.ts)',
  },

  // Side door (test tool).
  {
    method: 'POST',
    path: '/__replica/accounts',
    area: 'sidedoor',
    handler: sidedoor.createAccount,
    what: 'Create an account (AccountOptions)',
  },
  {
    method: 'GET',
    path: '/__replica/accounts/:id',
    area: 'sidedoor',
    handler: sidedoor.getAccount,
    what: "An account's whole state, secrets included",
  },
  {
    method: 'PATCH',
    path: '/__replica/accounts/:id/faults',
    area: 'sidedoor',
    handler: sidedoor.patchFaults,
    what: 'Merge faults (null clears one)',
  },
  {
    method: 'PATCH',
    path: '/__replica/accounts/:id/drift',
    area: 'sidedoor',
    handler: sidedoor.patchAccountDrift,
    what: "Change the account's console pages: ConsoleDrift (null clears one)",
  },
  {
    method: 'PATCH',
    path: '/__replica/drift',
    area: 'sidedoor',
    handler: sidedoor.patchDrift,
    what: "Change every account's pages and the sign-in pages: ConsoleDrift (null clears one)",
  },
  {
    method: 'PUT',
    path: '/__replica/markup',
    area: 'sidedoor',
    handler: sidedoor.putMarkup,
    what: 'How every page is written: MarkupVariation { transforms, seed } (replica/markup/catalog.ts)',
  },
  { method: 'GET', path: '/__replica/markup', area: 'sidedoor', handler: sidedoor.getMarkup, what: 'The replica-wide markup variation' },
  {
    method: 'PUT',
    path: '/__replica/accounts/:id/markup',
    area: 'sidedoor',
    handler: sidedoor.putAccountMarkup,
    what: "How the account's pages are written: MarkupVariation (wins over the replica's)",
  },
  {
    method: 'DELETE',
    path: '/__replica/accounts/:id/markup',
    area: 'sidedoor',
    handler: sidedoor.deleteAccountMarkup,
    what: "The account's pages follow the replica-wide markup again",
  },
  {
    method: 'GET',
    path: '/__replica/late/:token',
    area: 'signin',
    handler: getLate,
    what: 'Markup variation late-content: the main content a page fetches late (once)',
  },
  {
    method: 'POST',
    path: '/__replica/accounts/:id/clock',
    area: 'sidedoor',
    handler: sidedoor.advanceClock,
    what: "Move the account's clock: { advanceSeconds }",
  },
  {
    method: 'GET',
    path: '/__replica/accounts/:id/clock',
    area: 'sidedoor',
    handler: sidedoor.getClock,
    what: "The account's clock offset and time",
  },
  {
    method: 'GET',
    path: '/__replica/accounts/:id/outbox',
    area: 'sidedoor',
    handler: sidedoor.getOutbox,
    what: 'Mails sent for the account (Identity Center invitations)',
  },
  {
    method: 'POST',
    path: '/__replica/accounts/:id/identity-center/reset',
    area: 'sidedoor',
    handler: sidedoor.resetAccountIdentityCenter,
    what: "Forget the account's organization, Identity Center and portal state",
  },
  ...ORGANIZATIONS_ROUTES,
  { method: 'POST', path: '/__replica/reset', area: 'sidedoor', handler: sidedoor.reset, what: 'Forget everything' },
  { method: 'GET', path: '/__replica/health', area: 'sidedoor', handler: sidedoor.health, what: 'Liveness' },
  { method: 'GET', path: '/__replica/routes', area: 'sidedoor', handler: listRoutes, what: 'This table' },
];

function notReplicatedJson(ctx: Ctx): void {
  sendJson(ctx.res, 501, {
    error: {
      code: 'NotImplemented',
      message: `Not replicated: ${ctx.req.method} ${ctx.url.pathname} is not part of the aws-console-runbooks replica`,
    },
  });
}

function listRoutes(ctx: Ctx): void {
  sendJson(
    ctx.res,
    200,
    ROUTES.map(({ method, path, area, what }) => ({ method, path, area, what })),
  );
}

interface Compiled {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): Compiled {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      if (segment === '*') {
        names.push('*');
        return '(.+)';
      }
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      return escapeStringRegexp(segment);
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

const COMPILED = ROUTES.map(compile);

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; /* malformed %-escape: match it as sent */
  }
}

/** The route for a method and path, with its path parameters (decoded); HEAD is served as GET. */
export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  const wanted = method === 'HEAD' ? 'GET' : method;
  for (const { route, pattern, names } of COMPILED) {
    if (route.method !== wanted) continue;
    const m = pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = safeDecode(m[i + 1]!);
    });
    return { route, params };
  }
  return undefined;
}
