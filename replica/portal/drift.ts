import type { ConsoleDrift } from '../contract.ts';
import { escapeHtml as esc, sendHtml } from '../core/http.ts';
import type { Ctx } from '../context.ts';
import { withDrift } from '../signin/drift.ts';
import type { Portal } from './context.ts';
import escapeStringRegexp from 'escape-string-regexp';

/**
 * The access portal's pages as the account's drift changes them (contract.ts `ConsoleDrift`), like
 * the sign-in pages: `renameLabel` renames whole texts, `dropField` leaves out the form field (or
 * radio choice) with that label, `addRequiredField` adds a text field to the set-password forms
 * ("Set new password", "New user sign up"), which their handlers then require.
 */

/** Name of the form field the drift adds to the set-password forms. */
export const EXTRA_FIELD = 'extraField';

/** The page with the drift applied. Without drift it is returned as it is. */
export function portalWithDrift(html: string, drift: ConsoleDrift): string {
  let out = html;
  if (drift.dropField) {
    const label = escapeStringRegexp(esc(drift.dropField));
    // A text field: its <label for=X> and <input id=X> (pages.ts `field`).
    out = out.replace(new RegExp(`<label class="field" for="([\\w-]+)">${label}</label>\\s*<input [^>]*id="\\1"[^>]*>`, 'g'), '');
    // A radio choice: <div class="choice"> with its input, label and hint.
    out = out.replace(
      new RegExp(`<div class="choice">\\s*<input [^>]*id="([\\w-]+)"[^>]*>\\s*<label for="\\1">${label}</label>[\\s\\S]*?</div>`, 'g'),
      '',
    );
  }
  if (drift.addRequiredField && /id="newPassword"/.test(out)) {
    const field = `<label class="field" for="${EXTRA_FIELD}">${esc(drift.addRequiredField)}</label>
  <input type="text" id="${EXTRA_FIELD}" name="${EXTRA_FIELD}" value="" required>
  `;
    out = out.replace('<div id="password_rules">', `${field}<div id="password_rules">`);
  }
  return withDrift(out, drift);
}

/** Sends a portal page as the account's drift (on top of the replica-wide one) changes it. */
export function sendPortal(ctx: Ctx, p: Portal, status: number, html: string): void {
  sendHtml(ctx.res, status, portalWithDrift(html, ctx.store.look.driftFor(p.account)));
}

/**
 * What the drift changes in a set-password form's answer: the new required field refused when
 * empty (the problem, in the replica's words), and the confirmation taken from the new password
 * when the drift drops "Confirm password".
 */
export function setPasswordDrift(ctx: Ctx, p: Portal, form: URLSearchParams): { confirm: string; problems: string[] } {
  const drift = ctx.store.look.driftFor(p.account);
  const confirm = drift.dropField === 'Confirm password' ? (form.get('newPassword') ?? '') : (form.get('confirmPassword') ?? '');
  const extra = drift.addRequiredField;
  const problems = extra && !(form.get(EXTRA_FIELD) ?? '').trim() ? [`Enter a value for ${extra}.`] : [];
  return { confirm, problems };
}
