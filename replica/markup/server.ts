import * as cheerio from 'cheerio';
import type { MarkupScope, MarkupTransform, MarkupVariation } from './catalog.ts';
import { MARKUP_TRANSFORMS } from './catalog.ts';
import { keepLate } from './late.ts';
import { seededRandom } from './random.ts';
import { LABEL_VARIANTS } from './variants.ts';
import escapeHtml from 'escape-html';

/**
 * The server-scope markup variations (replica/markup/catalog.ts): every server-rendered page
 * (sign-in, access portal, plain IAM, error pages) passes through here on its way out (http.ts
 * `sendHtml` hook, set in server.ts). The page is parsed into a DOM (cheerio) and changed there:
 * no regex surgery. Without a server-scope variation the page goes out byte for byte as it is.
 */

type $ = cheerio.CheerioAPI;
type Node = ReturnType<$>[number];
type TextNode = Extract<Node, { type: 'text' }> | { type: 'text'; data: string; parent: unknown };

/** Where the page is going, for the variations that need it. */
export interface ServerPageInfo {
  /** The request path (e.g. /signin/password, /start/d-…/mfa/register). */
  path: string;
  /** The store's key for the late content it keeps (replica/markup/late.ts). */
  lateKey?: object;
}

/** Texts a person reads as a control's or a section's name: these are padded, nested and renamed. */
const NAMED = 'label, button, h1, h2, h3, h4, legend, a, [role="button"], [role="link"]';
const NOTICE_ROLES = new Set(['alert', 'status']);
const ID_REFS = [
  'for',
  'aria-labelledby',
  'aria-describedby',
  'aria-controls',
  'aria-owns',
  'aria-activedescendant',
  'aria-errormessage',
  'aria-details',
  'list',
  'form',
];

/** The server-scope transforms of a variation, in the order they are applied (structure first, the late cut last). */
function serverTransforms(markup: MarkupVariation): Set<MarkupTransform> {
  return new Set(markup.transforms.filter((t) => (MARKUP_TRANSFORMS[t].scope as MarkupScope) !== 'app'));
}

/** The page as the variation writes it. */
export function transformServerHtml(html: string, markup: MarkupVariation, info: ServerPageInfo = { path: '' }): string {
  const on = serverTransforms(markup);
  if (!on.size || (on.size === 1 && on.has('plain-html'))) return html;
  const seed = markup.seed ?? 1;
  const $ = cheerio.load(html);

  if (on.has('captcha-frame-only')) captchaFrameOnly($);
  if (on.has('label-variants')) renameVariants($, info.path);
  if (on.has('radio-none')) radios($, 'none', seed);
  else if (on.has('radio-other')) radios($, 'other', seed);
  if (on.has('label-wrap')) labelWrap($);
  if (on.has('nested-text')) nestedText($);
  if (on.has('label-whitespace')) whitespace($);
  const notice = on.has('notice-live') ? 'live' : on.has('notice-status') ? 'status' : on.has('notice-alert') ? 'alert' : null;
  if (notice) notices($, notice);
  if (on.has('buttons-as-links'))
    $('button').each((_, el) => {
      if (!$(el).attr('role')) $(el).attr('role', 'link');
    });
  if (on.has('links-as-buttons'))
    $('a[href]').each((_, el) => {
      if (!$(el).attr('role')) $(el).attr('role', 'button');
    });
  if (on.has('spa-forms')) $('body').append(`<script>${SPA_SCRIPT}</script>`);
  if (on.has('no-hooks')) noHooks($);
  if (on.has('late-content') && info.lateKey) lateContent($, info.lateKey, seed);
  if (on.has('no-main-landmark')) {
    $('main').each((_, el) => {
      (el as { tagName: string }).tagName = 'div';
    });
    $('[role="main"]').removeAttr('role');
  }
  return $.html();
}

/** Text nodes under `root` that are not inside a script or style. */
function textNodes($: $, root = $.root()): TextNode[] {
  const out: TextNode[] = [];
  const walk = (nodes: ReturnType<$>): void => {
    nodes.each((_, node) => {
      if (node.type === 'text') out.push(node as TextNode);
      else if (node.type === 'tag' || node.type === 'root') walk($(node).contents());
      // script and style are their own node types: skipped
    });
  };
  walk(root.contents());
  return out;
}

/** Text nodes that make up a named thing's visible name (labels, buttons, headings, legends, links). */
function namedTexts($: $): TextNode[] {
  return textNodes($).filter((t) => t.data.trim() !== '' && $(t as Node).closest(NAMED).length > 0);
}

/** The security check shown only inside the frame: the page around it says so in an alert, the heading moves into the frame. */
function captchaFrameOnly($: $): void {
  const frame = $('iframe[src^="/signin/captcha"]');
  if (frame.length) {
    frame.siblings('h1, p').remove();
    frame.before('<div role="alert">Complete the security check.</div>');
  }
  const form = $('form[action="/signin/captcha"]');
  if (form.length) form.before('<h1>Security verification</h1>');
}

/** §7 variants: whole texts and aria-labels renamed (markup/variants.ts), as drift's renameLabel does. */
function renameVariants($: $, path: string): void {
  const portal = path.startsWith('/start/');
  const table = LABEL_VARIANTS.filter((v) => portal || v.from !== 'Register MFA device');
  for (const t of textNodes($)) {
    const hit = table.find((v) => v.from === t.data.trim());
    if (hit) t.data = t.data.replace(hit.from, hit.to);
  }
  $('[aria-label]').each((_, el) => {
    const hit = table.find((v) => v.from === $(el).attr('aria-label'));
    if (hit) $(el).attr('aria-label', hit.to);
  });
  const title = $('title');
  const hit = table.find((v) => v.from === title.text());
  if (hit) title.text(hit.to);
}

/** Another radio of each group checked (seeded), or none. Disabled radios are never chosen. */
function radios($: $, how: 'none' | 'other', seed: number): void {
  const groups = new Map<string, Node[]>();
  $('input[type="radio"]').each((_, el) => {
    const name = $(el).attr('name') ?? '';
    groups.set(name, [...(groups.get(name) ?? []), el]);
  });
  for (const [name, members] of groups) {
    const checked = members.filter((el) => $(el).is('[checked]'));
    if (how === 'none') {
      for (const el of checked) $(el).removeAttr('checked');
      continue;
    }
    const others = members.filter((el) => !$(el).is('[checked]') && !$(el).is('[disabled]'));
    if (!others.length) continue;
    for (const el of checked) $(el).removeAttr('checked');
    $(others[Math.floor(seededRandom(seed, `radio:${name}`) * others.length)]!).attr('checked', '');
  }
}

/** Each `<label for=X>` wraps its field instead: text first and trailing space for text fields, the control first for radios and checkboxes. */
function labelWrap($: $): void {
  $('label[for]').each((_, el) => {
    const label = $(el);
    const id = label.attr('for')!;
    const field = $(`[id="${id.replace(/"/g, '\\"')}"]`).first();
    if (!field.length || !field.is('input, select, textarea') || field.is('[type="hidden"]') || field.closest('label').length) return;
    label.removeAttr('for');
    if (field.is('[type="radio"], [type="checkbox"]')) label.prepend(field, ' ');
    else label.append(' \n  ', field, '\n');
  });
}

/** Named texts split into nested inline elements, word by word. */
function nestedText($: $): void {
  for (const t of namedTexts($)) {
    const words = t.data.trim().split(/\s+/);
    const wrap = ['span', 'strong', 'span', 'em'];
    const inner =
      words.length === 1
        ? `<span><span>${escape(words[0]!)}</span></span>`
        : words.map((w, i) => `<${wrap[i % 4]}>${escape(w)}</${wrap[i % 4]}>`).join(' ');
    const lead = /^\s/.test(t.data) ? ' ' : '';
    const trail = /\s$/.test(t.data) ? ' ' : '';
    $(t as Node).replaceWith(`${lead}<span>${inner}</span>${trail}`);
  }
}

/** Named texts with line breaks, runs of spaces and non-breaking spaces around and inside them. */
function whitespace($: $): void {
  for (const t of namedTexts($)) {
    const words = t.data.trim().split(/\s+/);
    const inside =
      words.length > 1
        ? `${words[0]}\u00a0 ${words
            .slice(1)
            .join('  ')
            .replace(/ {2}(?=\S+$)/, '\n     ')}`
        : words[0]!;
    t.data = `\n   \u00a0${inside} \u00a0\n  `;
  }
  $('[aria-label]').each((_, el) => {
    $(el).attr('aria-label', ` ${$(el).attr('aria-label')}\u00a0 `);
  });
}

/** Every notice (role alert or status) written the variation's way. */
function notices($: $, how: 'status' | 'alert' | 'live'): void {
  $('[role]').each((_, el) => {
    const node = $(el);
    const role = node.attr('role')!;
    if (!NOTICE_ROLES.has(role)) return;
    if (how === 'live') node.removeAttr('role').attr('aria-live', role === 'alert' ? 'assertive' : 'polite');
    else if (how === 'status') node.attr('role', 'status').attr('aria-live', 'polite');
    else node.attr('role', 'alert').attr('aria-atomic', 'true');
  });
}

/** The page's main content arrives later, by XHR (markup/late.ts keeps it and answers it after a seeded delay). */
function lateContent($: $, lateKey: object, seed: number): void {
  const main = $('main').first();
  if (!main.length) return;
  const token = keepLate(lateKey, main.html() ?? '', seed);
  main.html('<p aria-busy="true">Loading…</p>');
  main.after(`<script>${LATE_SCRIPT.replace('TOKEN', token)}</script>`);
}

/** No ids but those something points at (a label, an aria attribute, a #link, a script), no data-* hooks. */
function noHooks($: $): void {
  const kept = new Set<string>();
  for (const attr of ID_REFS)
    $(`[${attr}]`).each((_, el) => {
      for (const id of ($(el).attr(attr) ?? '').split(/\s+/)) kept.add(id);
    });
  $('a[href^="#"]').each((_, el) => {
    kept.add(($(el).attr('href') ?? '').slice(1));
  });
  const scripts = $('script')
    .map((_, el) => $(el).html() ?? '')
    .get()
    .join('\n');
  $('[id]').each((_, el) => {
    const id = $(el).attr('id')!;
    if (!kept.has(id) && !scripts.includes(id)) $(el).removeAttr('id');
  });
  $('*').each((_, el) => {
    for (const name of Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {}))
      if (name.startsWith('data-')) $(el).removeAttr(name);
  });
}

const escape = (text: string): string => escapeHtml(text);

/**
 * `spa-forms`: every form is sent by script and the answer re-renders the page in place (its URL
 * pushed to the history), as a single-page app does. A redirect comes back as `{ location }`
 * (http.ts `redirect`, header x-replica-spa) and is followed the same way; a page that is not a
 * server page (the console app) is loaded for real.
 */
const SPA_SCRIPT = `(() => {
  if (window.__replicaSpa) return;
  window.__replicaSpa = true;
  const rerun = (root) => { for (const old of root.querySelectorAll('script')) { const s = document.createElement('script'); s.textContent = old.textContent; old.replaceWith(s); } };
  async function show(url, init) {
    for (let hops = 0; hops < 10; hops++) {
      const res = await fetch(url, { ...init, credentials: 'same-origin', headers: { ...(init.headers || {}), 'x-replica-spa': '1' } });
      const type = res.headers.get('content-type') || '';
      if (type.includes('application/json') && res.headers.get('x-replica-spa-redirect')) {
        url = new URL((await res.json()).location, location.href).href;
        init = { method: 'GET' };
        continue;
      }
      const text = await res.text();
      if (!type.includes('text/html') || !text.includes('__replicaSpa')) { location.assign(url); return; }
      const doc = new DOMParser().parseFromString(text, 'text/html');
      history.pushState(null, '', url);
      document.title = doc.title;
      document.body.innerHTML = doc.body.innerHTML;
      rerun(document.body);
      return;
    }
    location.assign(url);
  }
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.target) return;
    event.preventDefault();
    const method = (form.getAttribute('method') || 'get').toUpperCase();
    const body = new URLSearchParams(new FormData(form, event.submitter || undefined));
    if (method === 'GET') { const u = new URL(form.action); u.search = body.toString(); void show(u.href, { method }); }
    else void show(form.action, { method, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  });
})();`;

/** `late-content`: fetches the main content kept under TOKEN and puts it in place, running its scripts. */
const LATE_SCRIPT = `(() => {
  const box = document.currentScript.previousElementSibling;
  fetch('/__replica/late/TOKEN', { credentials: 'same-origin' }).then((r) => r.text()).then((html) => {
    box.innerHTML = html;
    for (const old of box.querySelectorAll('script')) { const s = document.createElement('script'); s.textContent = old.textContent; old.replaceWith(s); }
  });
})();`;
