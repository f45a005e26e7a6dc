import type { MarkupScope } from './catalog.ts';
import { MARKUP_TRANSFORMS, type MarkupVariation } from './catalog.ts';

/**
 * The app-scope markup variations (replica/markup/catalog.ts) of the Cloudscape console. The shell
 * carries the markup (`window.__REPLICA_MARKUP__`, read by the app's hooks in
 * replica/console/markup.ts: which radio is pre-selected, §7 label variants) and a mutator that
 * rewrites attributes and texts *in place* as React renders (a MutationObserver): it never moves,
 * adds or removes React's nodes, which would break React.
 *
 * What the mutator does, per variation:
 * - label-whitespace: spaces, a non-breaking space and a line break around and inside the texts of
 *   labels, legends, headings, buttons and links (and aria-labels);
 * - notice-status / notice-alert / notice-live: flashes and alerts (Cloudscape: role="group") as
 *   role="status", role="alert", or no role with aria-live;
 * - buttons-as-links: role="link" on text buttons (not menus, toggles or tabs);
 * - links-as-buttons: role="button" on links that navigate;
 * - no-hooks: no data-testid / data-analytics-* hooks, no ids that nothing points at (restored if
 *   something comes to point at one later). The shell's own ids (`shellIds`: the mount point the
 *   app's script looks up with getElementById, the xsrf meta) have a function and stay, as the
 *   server pages keep the ids their scripts name: stripping `<div id="app">` before the module
 *   script ran left the app nothing to render into (the "renders nothing" of issue 11);
 * - no-main-landmark: the <main> element without its landmark role.
 * The late-content delay is the server's (markup/late.ts).
 */

/**
 * The `<script>`s the console shell carries for `markup`: nothing without an app-scope variation.
 * `shellIds`: the ids the shell's own HTML carries, which its scripts look up; no-hooks keeps them.
 */
export function appMarkupScript(markup: MarkupVariation, shellIds: readonly string[] = []): string {
  const app = markup.transforms.filter((t) => (MARKUP_TRANSFORMS[t].scope as MarkupScope) !== 'server');
  if (!app.length) return '';
  const config = JSON.stringify({ transforms: app, seed: markup.seed ?? 1, shellIds }).replace(/</g, '\\u003c');
  return `<script>window.__REPLICA_MARKUP__=${config};</script>\n<script>${MUTATOR}</script>\n`;
}

const MUTATOR = `(() => {
  const on = new Set(window.__REPLICA_MARKUP__.transforms);
  const shellIds = new Set(window.__REPLICA_MARKUP__.shellIds || []);
  const NAMED = 'label, button, h1, h2, h3, h4, legend, a, [role="radio"], [role="tab"]';
  const REFS = ['for', 'aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-owns', 'aria-activedescendant', 'aria-errormessage', 'aria-details'];
  const notice = on.has('notice-live') ? 'live' : on.has('notice-status') ? 'status' : on.has('notice-alert') ? 'alert' : null;
  const stripped = new Map();
  const PAD_START = '\\n \\u00a0';
  const PAD_END = ' \\u00a0\\n';

  function padText(node) {
    const v = node.nodeValue;
    if (!v || !v.trim() || v.startsWith(PAD_START)) return;
    const el = node.parentElement;
    if (!el || !el.closest(NAMED) || el.closest('script, style, textarea, [contenteditable]')) return;
    const words = v.trim().split(/\\s+/);
    const inside = words.length > 1 ? words[0] + '\\u00a0 ' + words.slice(1).join('  ') : words[0];
    node.nodeValue = PAD_START + inside + PAD_END;
  }

  function isNotice(el) {
    if (el.getAttribute('role') !== 'group' && !el.hasAttribute('data-replica-notice')) return false;
    const cls = el.getAttribute('class') || '';
    return /flash-focus-container|alert-focus-wrapper/.test(cls);
  }

  function rewriteNotice(el) {
    if (!notice || !isNotice(el) || el.__replicaNotice) return;
    el.__replicaNotice = true;
    if (notice === 'live') { el.removeAttribute('role'); el.setAttribute('aria-live', 'polite'); }
    else if (notice === 'status') { el.setAttribute('role', 'status'); el.setAttribute('aria-live', 'polite'); }
    else { el.setAttribute('role', 'alert'); el.setAttribute('aria-atomic', 'true'); }
  }

  function element(el) {
    if (notice) rewriteNotice(el);
    const tag = el.tagName;
    if (on.has('buttons-as-links') && tag === 'BUTTON' && !el.hasAttribute('role') && !el.hasAttribute('aria-haspopup') && !el.hasAttribute('aria-expanded')
        && !el.closest('[role="menu"], [role="tablist"], [role="radiogroup"], nav') && el.textContent.trim()) el.setAttribute('role', 'link');
    if (on.has('links-as-buttons') && tag === 'A' && el.hasAttribute('href') && !el.hasAttribute('role')) el.setAttribute('role', 'button');
    if (on.has('no-main-landmark') && tag === 'MAIN' && el.getAttribute('role') !== 'generic') el.setAttribute('role', 'generic');
    if (on.has('label-whitespace') && el.hasAttribute('aria-label') && el.closest(NAMED) === el) {
      const label = el.getAttribute('aria-label');
      if (label.trim() && !label.startsWith(' \\u00a0')) el.setAttribute('aria-label', ' \\u00a0' + label + '\\u00a0 ');
    }
    if (on.has('no-hooks')) {
      for (const name of el.getAttributeNames()) if (/^data-(testid|test-|analytics)/.test(name)) el.removeAttribute(name);
      const id = el.getAttribute('id');
      // The shell's own ids stay: its scripts look them up (the app renders into <div id="app">).
      if (id && !shellIds.has(id) && !referenced(id)) { stripped.set(id, el); el.removeAttribute('id'); }
      restoreReferences(el);
    }
  }

  let refs = null;
  /** True when a label, an aria attribute or a #link points at the id (read once per batch of mutations). */
  function referenced(id) {
    if (!refs) {
      refs = new Set();
      for (const attr of REFS) for (const other of document.querySelectorAll('[' + attr + ']')) for (const t of other.getAttribute(attr).split(/\\s+/)) refs.add(t);
      for (const a of document.querySelectorAll('a[href^="#"]')) refs.add(a.getAttribute('href').slice(1));
    }
    return refs.has(id);
  }

  /** Gives back the ids an element now points at (a label or aria attribute rendered after its target). */
  function restoreReferences(el) {
    if (!stripped.size) return;
    for (const attr of REFS) {
      const value = el.getAttribute(attr);
      if (!value) continue;
      for (const id of value.split(/\\s+/)) {
        const target = stripped.get(id);
        if (target && target.isConnected && !target.id) target.setAttribute('id', id);
      }
    }
  }

  function visit(root) {
    if (root.nodeType === Node.TEXT_NODE) { if (on.has('label-whitespace')) padText(root); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    element(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) { if (on.has('label-whitespace')) padText(n); }
      else element(n);
    }
  }

  const observer = new MutationObserver((records) => {
    refs = null;
    for (const r of records) {
      if (r.type === 'childList') for (const n of r.addedNodes) visit(n);
      else if (r.type === 'characterData') { if (on.has('label-whitespace')) padText(r.target); }
      else if (r.type === 'attributes') element(r.target);
    }
  });
  observer.observe(document.documentElement, {
    subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ['role', 'href', 'id', 'aria-label', ...REFS],
  });
  const start = () => { refs = null; if (document.body) visit(document.body); };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();`;
