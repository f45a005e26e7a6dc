import type { ConsoleDrift } from '../../contract.ts';
import { escapeHtml as esc } from '../../core/http.ts';
import { SIGNIN_TEXT } from '../../signin/pages.ts';
import { hidden, notice, plainPage, withPlainDrift } from './html.ts';
import { PLAIN_PATHS } from './paths.ts';

/**
 * Root sign-in in the `plain-html` markup (console-facts §1, §7): the same steps, fields, words and
 * form posts as replica/signin (whose handlers in flow.ts serve these pages), written as another
 * team would write them: a table frame, labels that wrap their fields, `<input type="submit">`,
 * the security check inline on the page (the older form of §1.3) instead of in a frame, no script.
 */

/** What replica/signin/flow.ts needs to render a sign-in step; the usual pages and these both fit it. */
export interface SigninRendering {
  emailPage(opts: { redirectUri: string; email?: string; error?: string }): string;
  /** The security check; the usual page loads the challenge in a frame and ignores `challenge`. */
  securityVerificationPage(challenge: { imageUrl: string; error?: string }): string;
  passwordPage(opts: { email: string; redirectUri: string; error?: string }): string;
  mfaPage(opts: { error?: string }): string;
  forcedMfaPage(opts: { daysLeft: number }): string;
  /** The drift's renames on a finished page. */
  withDrift(html: string, drift: ConsoleDrift): string;
  /** Where "Register MFA device" on the forced-MFA prompt leads once signed in. */
  assignMfaTarget: string;
}

const TITLE = 'Amazon Web Services Sign-In';

const box = (inner: string): string => `<div class="box narrow">\n${inner}\n</div>`;

function emailPage(opts: { redirectUri: string; email?: string; error?: string }): string {
  return plainPage(
    TITLE,
    box(`<h1>Sign in</h1>
${notice('error', opts.error)}
<form action="/signin" method="post">
${hidden('redirect_uri', opts.redirectUri)}
<fieldset>
<legend>User type</legend>
<label><input type="radio" name="userType" value="rootUser" checked> Root user</label><br>
<small>${SIGNIN_TEXT.rootHint}</small><br>
<label><input type="radio" name="userType" value="iamUser"> IAM user</label><br>
<small>${SIGNIN_TEXT.iamHint}</small>
</fieldset>
<p><label>Root user email address<br>
<input type="email" name="email" size="36" value="${esc(opts.email ?? '')}"></label></p>
<p><input type="submit" value="Next"></p>
</form>`),
  );
}

function securityVerificationPage(challenge: { imageUrl: string; error?: string }): string {
  return plainPage(
    TITLE,
    box(`<h1>Security check</h1>
${notice('error', challenge.error)}
<form action="/signin/captcha" method="post">
<p><img src="${challenge.imageUrl}" alt="captcha" width="200" height="70"></p>
<p><label>Type the characters seen in the image below<br>
<input type="text" name="captchaGuess" autocomplete="off" size="12"></label></p>
<p><input type="submit" value="Submit"></p>
</form>`),
  );
}

function passwordPage(opts: { email: string; redirectUri: string; error?: string }): string {
  return plainPage(
    TITLE,
    box(`<h1>Root user sign in</h1>
${notice('error', opts.error)}
<p>Email: <b>${esc(opts.email)}</b></p>
<form action="/signin/password" method="post">
<p><label>Password
<input type="password" name="password" size="30"> </label></p>
<p><input type="submit" value="Sign in"></p>
</form>
<p><a href="/signin/forgot-password">Forgot password?</a> |
<a href="/signin?redirect_uri=${encodeURIComponent(opts.redirectUri)}">Sign in to a different account</a></p>`),
  );
}

function mfaPage(opts: { error?: string }): string {
  return plainPage(
    TITLE,
    box(`<h1>Sign in using MFA</h1>
${notice('error', opts.error)}
<form action="/signin/mfa" method="post">
<table class="form">
<tr><th><label for="mfa-code">MFA code</label></th>
<td><input type="text" name="mfaCode" id="mfa-code" size="8" inputmode="numeric" autocomplete="one-time-code"></td></tr>
<tr><th></th><td><input type="submit" value="Submit"></td></tr>
</table>
</form>
<p><a href="/signin/troubleshoot-mfa">Troubleshoot your authentication device</a></p>`),
  );
}

function forcedMfaPage(opts: { daysLeft: number }): string {
  const skip =
    opts.daysLeft > 0
      ? `<p>You can skip this step for ${opts.daysLeft} more days.</p>
<form action="/signin/mfa-required" method="post">${hidden('action', 'skip')}<input type="submit" value="Skip for now"></form>`
      : '';
  return plainPage(
    TITLE,
    box(`<h1>Multi-factor authentication (MFA) is required</h1>
<p>${SIGNIN_TEXT.forcedMfa}</p>
<form action="/signin/mfa-required" method="post">${hidden('action', 'register')}<input type="submit" value="Register MFA device"></form>
${skip}`),
  );
}

/** The plain sign-in pages. */
export const PLAIN_SIGNIN: SigninRendering = {
  emailPage,
  securityVerificationPage,
  passwordPage,
  mfaPage,
  forcedMfaPage,
  withDrift: withPlainDrift,
  assignMfaTarget: PLAIN_PATHS.assignMfa,
};
