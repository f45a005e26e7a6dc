import type { ConsoleDrift } from '../contract.ts';
import { escapeHtml } from '../core/http.ts';
import escapeStringRegexp from 'escape-string-regexp';

/**
 * A sign-in page with the drift's renames applied: whole text nodes (labels, headings, buttons,
 * legends) and `aria-label` values equal to a `from` become its `to`. Other drift kinds concern
 * the console's MFA set-up only.
 */
export function withDrift(html: string, drift: ConsoleDrift): string {
  let out = html;
  for (const { from, to } of drift.renameLabel ?? []) {
    const was = escapeStringRegexp(escapeHtml(from));
    const now = escapeHtml(to);
    out = out
      .replace(new RegExp(`>(\\s*)${was}(\\s*)<`, 'g'), (_m, before: string, after: string) => `>${before}${now}${after}<`)
      .replace(new RegExp(`aria-label="${was}"`, 'g'), () => `aria-label="${now}"`);
  }
  return out;
}
