import { escapeHtml as esc } from '../core/http.ts';
import { alertBox, layout } from './layout.ts';

/**
 * The root sign-in pages as server-rendered HTML forms (console-facts.md §1), with the ids
 * scripts use (§1.7), real labels and `role="alert"` errors.
 */

export const SIGNIN_TEXT = {
  authError: 'Your authentication information is incorrect. Please try again.',
  invalidEmail: 'Enter a valid email address.',
  rootHint: 'Account owner that performs tasks requiring unrestricted access.',
  iamHint: 'User within an account that performs daily tasks.',
  forcedMfa: 'AWS requires the root user to use multi-factor authentication (MFA) to sign in to the AWS Management Console.',
  wrongChallenge: 'That answer was not correct. Type the characters in the new image.',
} as const;

// Without JS the `#hash` of the page that sent the browser here is lost at the first form post;
// this copies it into the form so the flow can return to, e.g., /iam/home#/security_credentials.
const KEEP_HASH = `<script>
  document.getElementById('redirect_hash').value = location.hash;
</script>`;

/** First page: user type and root email. */
export function emailPage(opts: { redirectUri: string; email?: string; error?: string }): string {
  const invalid = opts.error ? ' aria-invalid="true" aria-describedby="error_message"' : '';
  return layout(
    'Amazon Web Services Sign-In',
    `<h1>Sign in</h1>
<form method="post" action="/signin" novalidate>
  <input type="hidden" name="redirect_uri" value="${esc(opts.redirectUri)}">
  <input type="hidden" name="redirect_hash" id="redirect_hash" value="">
  <fieldset>
    <legend>User type</legend>
    <div class="choice">
      <input type="radio" id="root_user_radio_button" name="userType" value="rootUser" checked aria-describedby="root_user_hint">
      <label for="root_user_radio_button">Root user</label>
      <p class="hint" id="root_user_hint">${SIGNIN_TEXT.rootHint}</p>
    </div>
    <div class="choice">
      <input type="radio" id="iam_user_radio_button" name="userType" value="iamUser" aria-describedby="iam_user_hint">
      <label for="iam_user_radio_button">IAM user</label>
      <p class="hint" id="iam_user_hint">${SIGNIN_TEXT.iamHint}</p>
    </div>
  </fieldset>
  ${alertBox(opts.error)}
  <label class="field" for="resolving_input">Root user email address</label>
  <input type="email" id="resolving_input" name="email" autocomplete="username" value="${esc(opts.email ?? '')}"${invalid}>
  <button type="submit" id="next_button"><span id="next_button_text">Next</span></button>
</form>
${KEEP_HASH}`,
  );
}

/** The security check around the CAPTCHA frame (the page-level part). */
export function securityVerificationPage(): string {
  return layout(
    'Security verification',
    `<h1>Security verification</h1>
<p>Making sure it's you</p>
<iframe id="core-container" title="Security check" src="/signin/captcha"></iframe>`,
  );
}

/** The CAPTCHA itself, shown inside the frame; a right answer moves the whole page on (`target="_top"`). */
export function challengeDocument(opts: { imageUrl: string; inputId: string; error?: string }): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Security check</title>
<style>body{font-family:Arial,sans-serif;margin:12px;color:#16191f} label{display:block;font-weight:700;margin:8px 0 4px}
.alert{color:#d13212;margin:0 0 8px} button{margin-top:8px}</style></head>
<body>
<form method="post" action="/signin/captcha" target="_top">
  ${alertBox(opts.error, 'captcha_error')}
  <img alt="captcha" src="${opts.imageUrl}" width="200" height="70">
  <label for="${opts.inputId}">Verification answer</label>
  <input type="text" id="${opts.inputId}" name="captchaGuess" autocomplete="off" spellcheck="false">
  <button type="submit">Submit</button>
</form>
</body>
</html>`;
}

/** Second page: the root password. */
export function passwordPage(opts: { email: string; redirectUri: string; error?: string }): string {
  return layout(
    'Amazon Web Services Sign-In',
    `<h1>Root user sign in</h1>
${alertBox(opts.error)}
<p>Email: <span id="email_address">${esc(opts.email)}</span></p>
<form method="post" action="/signin/password">
  <label class="field" for="password">Password</label>
  <input type="password" id="password" name="password" autocomplete="current-password">
  <button type="submit" id="signin_button">Sign in</button>
</form>
<p class="links">
  <a id="root_forgot_password_link" href="/signin/forgot-password">Forgot password?</a><br>
  <a href="/signin?redirect_uri=${encodeURIComponent(opts.redirectUri)}">Sign in to a different account</a>
</p>`,
  );
}

/** MFA page for a root with an enabled device. */
export function mfaPage(opts: { error?: string }): string {
  return layout(
    'Amazon Web Services Sign-In',
    `<h1>Multi-factor authentication</h1>
${alertBox(opts.error)}
<p>Enter the code from your authenticator app.</p>
<form method="post" action="/signin/mfa">
  <label class="field" for="mfaCode">MFA code</label>
  <input type="text" id="mfaCode" name="mfaCode" inputmode="numeric" autocomplete="one-time-code" maxlength="6">
  <button type="submit" id="mfa_submit_button">Submit</button>
</form>
<p class="links"><a href="/signin/troubleshoot-mfa">Troubleshoot MFA</a></p>`,
  );
}

/** The forced-MFA interstitial for a root without MFA (console-facts §1.6; wording is the replica's). */
export function forcedMfaPage(opts: { daysLeft: number }): string {
  const skip = opts.daysLeft > 0 ? `<p>You can skip this step for ${opts.daysLeft} more days.</p>` : '';
  const skipButton = opts.daysLeft > 0 ? '<button type="submit" name="action" value="skip" class="secondary">Skip for now</button>' : '';
  return layout(
    'Multi-factor authentication (MFA) is required',
    `<h1>Multi-factor authentication (MFA) is required</h1>
<p>${SIGNIN_TEXT.forcedMfa}</p>
${skip}
<form method="post" action="/signin/mfa-required">
  <button type="submit" name="action" value="register">Register MFA device</button>${skipButton}
</form>`,
  );
}
