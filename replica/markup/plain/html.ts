import { load } from 'cheerio/slim';
import type { ConsoleDrift } from '../../contract.ts';
import { escapeHtml as esc } from '../../core/http.ts';

/**
 * The frame, styles and small pieces every `plain-html` page shares: ordinary server-rendered HTML
 * (tables for layout, posted forms, `<input type="submit">`), written without looking at the
 * Cloudscape app or the other sign-in pages. No script anywhere.
 */

const CSS = `
body { margin: 0; font: 14px/1.4 Verdana, Geneva, sans-serif; color: #222; background: #fafafa; }
table.frame { width: 100%; border-collapse: collapse; }
td.bar { background: #1b2532; color: #eee; padding: 6px 14px; }
td.bar a, td.bar input[type=submit] { color: #ffd27f; background: none; border: 0; font: inherit; cursor: pointer; text-decoration: underline; padding: 0; }
td.content { padding: 18px 24px; vertical-align: top; }
div.box { background: #fff; border: 1px solid #ccc; padding: 14px 18px; margin: 0 0 18px; max-width: 860px; }
div.narrow { max-width: 420px; margin: 30px auto; }
h1 { font-size: 22px; margin: 0 0 12px; font-weight: normal; }
h2 { font-size: 17px; margin: 0 0 8px; }
table.list { border-collapse: collapse; width: 100%; margin: 8px 0; }
table.list th, table.list td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
table.list th { background: #eee; font-weight: bold; }
table.form th { text-align: right; padding: 4px 10px 4px 0; font-weight: normal; vertical-align: top; }
table.form td { padding: 4px 0; }
p.error { color: #a00; border-left: 4px solid #a00; padding: 4px 8px; background: #fff0f0; }
p.info { color: #045; border-left: 4px solid #069; padding: 4px 8px; background: #eef6fb; }
p.ok { color: #060; border-left: 4px solid #393; padding: 4px 8px; background: #f0fff0; }
span.field-error { color: #a00; display: block; }
small { color: #666; }
code.secret { font-size: 15px; letter-spacing: 1px; word-break: break-all; }
input[type=submit], button { font: inherit; padding: 3px 12px; }
`;

/** A whole page: title, a top bar (given), and the content. */
export function plainPage(title: string, content: string, bar = '<b>Amazon Web Services</b>'): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<table class="frame">
<tr><td class="bar">${bar}</td></tr>
<tr><td class="content">
${content}
</td></tr>
</table>
</body>
</html>
`;
}

/** A notice under the heading: errors are announced at once (alert), other outcomes politely (status). */
export function notice(kind: 'error' | 'info' | 'ok', text: string | undefined): string {
  if (!text) return '';
  const role = kind === 'error' ? 'alert' : 'status';
  return `<p class="${kind}" role="${role}">${esc(text)}</p>`;
}

/** A hidden form field. */
export const hidden = (name: string, value: string): string => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`;

const SUBMIT_TYPES = new Set(['submit', 'button', 'reset']);

/**
 * The drift's renames (contract.ts `ConsoleDrift.renameLabel`) applied to a finished page: every
 * whole visible text equal to a `from` (text nodes, ignoring the whitespace around them; the
 * values of submit inputs; aria-label and alt) reads its `to`. Parsed, not matched by pattern.
 */
export function withPlainDrift(html: string, drift: ConsoleDrift): string {
  const renames = drift.renameLabel ?? [];
  if (renames.length === 0) return html;
  const to = (text: string): string | undefined => renames.find((r) => r.from === text)?.to;
  const $ = load(html);
  $('body *')
    .contents()
    .each((_i, node) => {
      if (node.type !== 'text') return;
      const text = node.data;
      const renamed = to(text.trim());
      if (renamed !== undefined) node.data = text.replace(text.trim(), renamed);
    });
  $('body input').each((_i, el) => {
    const input = $(el);
    const value = input.attr('value');
    if (value !== undefined && SUBMIT_TYPES.has((input.attr('type') ?? '').toLowerCase())) {
      const renamed = to(value);
      if (renamed !== undefined) input.attr('value', renamed);
    }
  });
  for (const attr of ['aria-label', 'alt']) {
    $(`body [${attr}]`).each((_i, el) => {
      const renamed = to($(el).attr(attr)!);
      if (renamed !== undefined) $(el).attr(attr, renamed);
    });
  }
  return $.html();
}
