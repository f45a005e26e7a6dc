import { escapeHtml as esc } from '../core/http.ts';
import { alertBox, layout } from '../signin/layout.ts';
import { PASSWORD_RULES } from './password.ts';

/**
 * The AWS access portal as server-rendered HTML forms (console-facts §4). Whether the real portal
 * is built with Cloudscape is not known; labels follow §4 and §7, the rest is the replica's wording.
 */

export const PORTAL_TEXT = {
  authError: 'Incorrect username or password.',
  invalidCode: 'Invalid MFA code. Try again.',
  invitationInvalid: 'This invitation link is not valid or has expired. Ask your administrator to send a new invitation.',
  title: 'AWS access portal',
} as const;

const field = (id: string, label: string, type: string, opts: { value?: string; autocomplete?: string; error?: boolean } = {}): string =>
  `<label class="field" for="${id}">${esc(label)}</label>
  <input type="${type}" id="${id}" name="${id}" value="${esc(opts.value ?? '')}"${opts.autocomplete ? ` autocomplete="${opts.autocomplete}"` : ''}${opts.error ? ' aria-invalid="true" aria-describedby="error_message"' : ''}>`;

const page = (title: string, body: string): string => layout(`${title} | ${PORTAL_TEXT.title}`, body);

/** Step 1 of sign-in: the username. */
export function usernamePage(base: string, error?: string): string {
  return page(
    'Sign in',
    `<h1>Sign in</h1>
<form method="post" action="${base}/login" novalidate>
  ${alertBox(error)}
  ${field('username', 'Username', 'text', { autocomplete: 'username', error: Boolean(error) })}
  <button type="submit">Next</button>
</form>`,
  );
}

/** Step 2: the password, for the username shown. */
export function passwordPage(base: string, userName: string, error?: string): string {
  return page(
    'Sign in',
    `<h1>Sign in</h1>
<p>Username: <strong>${esc(userName)}</strong> <a href="${base}/login">Not you?</a></p>
<form method="post" action="${base}/login/password" novalidate>
  ${alertBox(error)}
  ${field('password', 'Password', 'password', { autocomplete: 'current-password', error: Boolean(error) })}
  <button type="submit">Sign in</button>
</form>
<p class="links"><a href="${base}/forgot-password">Forgot password?</a></p>`,
  );
}

/** Step 3 for a user with an authenticator app: one code. */
export function mfaPage(base: string, error?: string): string {
  return page(
    'Multi-factor authentication',
    `<h1>Multi-factor authentication</h1>
<p>Enter the code from your authenticator app.</p>
<form method="post" action="${base}/login/mfa" novalidate>
  ${alertBox(error)}
  ${field('mfaCode', 'MFA code', 'text', { autocomplete: 'one-time-code', error: Boolean(error) })}
  <button type="submit">Sign in</button>
</form>`,
  );
}

const RULES = `<div id="password_rules"><p>Passwords must meet these requirements:</p><ul>${PASSWORD_RULES.map((r) => `<li>${esc(r)}</li>`).join('')}</ul></div>`;

/** "New user sign up" (invitation) or "Set new password" (after a one-time password). */
export function setPasswordPage(opts: { heading: string; action: string; userName: string; token?: string; problems?: string[] }): string {
  const problems = opts.problems ?? [];
  const error = problems.length ? `<div class="alert" role="alert" id="error_message">${problems.map(esc).join('<br>')}</div>` : '';
  return page(
    opts.heading,
    `<h1>${esc(opts.heading)}</h1>
<p>Username: <strong>${esc(opts.userName)}</strong></p>
<form method="post" action="${opts.action}" novalidate>
  ${opts.token ? `<input type="hidden" name="token" value="${esc(opts.token)}">` : ''}
  ${error}
  ${field('newPassword', 'New password', 'password', { autocomplete: 'new-password', error: problems.length > 0 })}
  ${field('confirmPassword', 'Confirm password', 'password', { autocomplete: 'new-password' })}
  ${RULES}
  <button type="submit">Set new password</button>
</form>`,
  );
}

/** A page that only says something went wrong (expired invitation, unknown portal). */
export function messagePage(title: string, message: string, link?: { href: string; text: string }): string {
  return page(
    title,
    `<h1>${esc(title)}</h1><p role="alert">${esc(message)}</p>${link ? `<p class="links"><a href="${link.href}">${esc(link.text)}</a></p>` : ''}`,
  );
}

/** "Register MFA device": choose the kind (only the authenticator app is replicated). */
export function registerPage(base: string, error?: string): string {
  const option = (value: string, label: string, hint: string, enabled: boolean): string => `<div class="choice">
      <input type="radio" id="mfa_${value}" name="deviceType" value="${value}"${value === 'authenticator' ? ' checked' : ''}${enabled ? '' : ' disabled'} aria-describedby="mfa_${value}_hint">
      <label for="mfa_${value}">${label}</label>
      <p class="hint" id="mfa_${value}_hint">${hint}</p>
    </div>`;
  return page(
    'Register MFA device',
    `<h1>Register MFA device</h1>
<p>Your administrator requires you to register a multi-factor authentication (MFA) device.</p>
<form method="post" action="${base}/mfa/register" novalidate>
  ${alertBox(error)}
  <fieldset>
    <legend>MFA device type</legend>
    ${option('authenticator', 'Authenticator app', 'Use an app on your phone or computer to generate codes.', true)}
    ${option('security-key', 'Security key', 'Not replicated.', false)}
    ${option('built-in', 'Built-in authenticator', 'Not replicated.', false)}
  </fieldset>
  <button type="submit">Next</button>
</form>`,
  );
}

/** "Set up the authenticator app": QR code or secret key on request, one "Authenticator code", "Assign MFA". */
export function authenticatorPage(opts: {
  base: string;
  shown: 'qr' | 'secret' | null;
  seed: string;
  qrPng?: string;
  error?: string;
}): string {
  const { base, shown } = opts;
  const reveal =
    shown === 'qr'
      ? `<img alt="QR code" width="200" height="200" src="data:image/png;base64,${opts.qrPng}">`
      : shown === 'secret'
        ? `<p>Secret key: <code id="secret_key">${esc(opts.seed)}</code></p>`
        : '';
  return page(
    'Set up the authenticator app',
    `<h1>Set up the authenticator app</h1>
<ol>
  <li>Install a compatible authenticator app on your phone or computer.</li>
  <li>Open the app and scan the QR code, or type the secret key.
    <form method="get" action="${base}/mfa/register/authenticator">
      <button type="submit" class="secondary" name="show" value="qr">Show QR code</button>
      <button type="submit" class="secondary" name="show" value="secret">show secret key</button>
    </form>
    ${reveal}
  </li>
  <li>Enter the code the app shows.</li>
</ol>
<form method="post" action="${base}/mfa/register/authenticator" novalidate>
  ${alertBox(opts.error)}
  ${field('authenticatorCode', 'Authenticator code', 'text', { autocomplete: 'one-time-code', error: Boolean(opts.error) })}
  <button type="submit">Assign MFA</button>
</form>`,
  );
}

/** After "Assign MFA": the device is registered; "Done" goes on. */
export function registeredPage(base: string, deviceName: string): string {
  return page(
    'MFA device registered',
    `<h1>Authenticator app registered</h1>
<p role="status">Your authenticator app <strong>${esc(deviceName)}</strong> is registered. You can use it to sign in.</p>
<form method="get" action="${base}/mfa/done"><button type="submit">Done</button></form>`,
  );
}

export interface PortalAccount {
  accountId: string;
  name: string;
  email: string;
  permissionSets: string[];
}

/** The portal home: the user's AWS accounts and, under each, the permission sets (roles) it may use. */
export function homePage(opts: { base: string; userName: string; accounts: PortalAccount[] }): string {
  const accounts = opts.accounts
    .map(
      (a) => `<li>
    <details open>
      <summary><strong>${esc(a.name)}</strong> <span>${esc(a.accountId)} | ${esc(a.email)}</span></summary>
      <ul aria-label="Roles in ${esc(a.name)}">${a.permissionSets.map((p) => `<li><span class="role">${esc(p)}</span> <a href="${opts.base}/console?account=${a.accountId}&role=${encodeURIComponent(p)}">Management console</a> | <a href="${opts.base}/credentials?account=${a.accountId}&role=${encodeURIComponent(p)}">Access keys</a></li>`).join('')}</ul>
    </details>
  </li>`,
    )
    .join('');
  return page(
    PORTAL_TEXT.title,
    `<h1>${PORTAL_TEXT.title}</h1>
<nav aria-label="User menu"><span>Signed in as <strong>${esc(opts.userName)}</strong></span> | <a href="${opts.base}/mfa-devices">MFA devices</a> | <a href="${opts.base}/signout">Sign out</a></nav>
<section aria-labelledby="accounts_heading">
  <h2 id="accounts_heading">AWS accounts (${opts.accounts.length})</h2>
  ${opts.accounts.length ? `<ul aria-label="AWS accounts">${accounts}</ul>` : '<p>You do not have access to any AWS accounts yet.</p>'}
</section>`,
  );
}

/** "Multi-factor authentication (MFA) devices" with "Register MFA device". */
export function devicesPage(base: string, devices: Array<{ name: string; registeredAt: string }>): string {
  const rows = devices.map((d) => `<li>${esc(d.name)} (Authenticator app, registered ${esc(d.registeredAt)})</li>`).join('');
  return page(
    'MFA devices',
    `<h1>Multi-factor authentication (MFA) devices</h1>
${devices.length ? `<ul aria-label="MFA devices">${rows}</ul>` : '<p>No MFA devices are registered.</p>'}
<p><a href="${base}/mfa/register">Register MFA device</a> | <a href="${base}">Back to the AWS access portal</a></p>`,
  );
}
