import { CONTROLS, hasAttrs, parse } from './aria-entries.ts';

/**
 * Shape matching that ignores markup (issue 11): what check mode compares a page with its recorded
 * shape by. Playwright's own matcher compares roles, names and nesting exactly, so a label that
 * wraps its field, a non-breaking space, a link written as a button, a notification with another
 * role or a page without a <main> landmark would all read as drift. Both sides are normalised
 * first; what is left is the page's meaning: which controls there are, what they are called (up to
 * case, spacing, end punctuation and the label variants of console-facts §7), and, for a container
 * pinned with `/children: equal`, that no control was added to it.
 *
 * Only the meaning a runbook uses is compared (issue 11 decision): the page's and dialogs' titles,
 * fields, buttons, radios, table columns and cells, and notices with words in them. Not compared, as
 * another console writes them otherwise with the same meaning: navigation (breadcrumbs, step
 * navigation, side navigation) with everything in it, table names, section headings (level 2 and
 * below outside a dialog: a console may group the same fields under other headings or none), the
 * legends of radio groups and groups (their radios and fields are compared), free text, images and
 * landmarks (`main` may be missing). A title may be written as text instead of a heading (a step
 * indicator "Step 1 of 2: Select MFA device"), and a dialog may be asked on a page of its own (its
 * title then a heading of any level, with no "Close" control of its own).
 */

/**
 * The label variants of console-facts §7: names that stand for the same control in one era or
 * another. Compared by `key` (case, spacing and end punctuation do not count).
 */
export const LABEL_VARIANTS: readonly (readonly string[])[] = [
  ['My Security Credentials', 'Security credentials'],
  ['Continue to Security Credentials', 'Continue to Security credentials'],
  ['Multi-Factor Authentication (MFA)', 'Multi-factor authentication (MFA)'],
  ['Activate MFA', 'Manage MFA', 'Assign MFA device', 'Add MFA'],
  ['Manage MFA Device', 'Manage MFA device', 'Set up device'],
  ['A virtual MFA device', 'Virtual MFA device', 'Authenticator app'],
  ['U2F security key', 'FIDO security key', 'Security Key', 'Passkey or security key'],
  ['Hardware MFA device', 'Other hardware MFA device', 'Hardware TOTP token'],
  ['Next Step', 'Continue', 'Next'],
  ['Show QR code', 'Show QR Code'],
  ['Show secret key', 'Show secret key for manual configuration'],
  ['Authentication Code 1', 'MFA Code 1', 'MFA code 1'],
  ['Authentication Code 2', 'MFA Code 2', 'MFA code 2'],
  ['Assign Virtual MFA', 'Assign MFA', 'Add MFA'],
  ['Access keys (access key ID and secret access key)', 'Access keys'],
  ['Root user email address', 'Email address'],
  ['Sign in', 'Sign In'],
  ['Amazon Web Services Sign In With Authentication Device', 'Sign in using MFA'],
  ['Troubleshoot MFA? Click here', 'Troubleshoot your authentication device'],
  ['AWS Single Sign-On', 'AWS SSO', 'AWS IAM Identity Center (successor to AWS Single Sign-On)', 'IAM Identity Center'],
  [
    'Send an email to the user with password setup instructions',
    'Send an email to this user with password setup instructions',
    'Send an email to this user with password setup instructions (Recommended)',
  ],
  ['Generate a one-time password that you can share with the user', 'Generate a one-time password that you can share with this user'],
  ['Register device', 'Register MFA device'],
  ['Add user', 'Add users', 'Create user'],
  ['Require password reset', 'Users must create a new password at next sign-in (recommended)'],
];

/** Text as a person reads it: any run of spaces, line breaks and non-breaking or zero-width spaces is one space. */
export const normalSpace = (text: string): string => text.replace(/[\s\u00a0\u200b\u2009\u202f]+/g, ' ').trim();
/** What two names are compared by: spacing, case and end punctuation do not count. */
export const labelKey = (text: string): string =>
  normalSpace(text)
    .toLowerCase()
    .replace(/\s*[.:;,!]+$/, '');

const VARIANTS = new Map<string, Set<number>>();
LABEL_VARIANTS.forEach((group, id) => {
  for (const label of group) {
    const k = labelKey(label);
    VARIANTS.set(k, (VARIANTS.get(k) ?? new Set()).add(id));
  }
});
/** Every §7 variant of a name (itself included). */
function variantsOf(text: string): string[] {
  const ids = VARIANTS.get(labelKey(text));
  return ids ? [...ids].flatMap((id) => LABEL_VARIANTS[id]!) : [text];
}

/** Whether a page's name or text stands for the template's (a string or a /pattern/). */
export function sameLabel(actual: string | RegExp | undefined, wanted: string | RegExp | undefined): boolean {
  if (wanted === undefined) return true;
  if (typeof actual !== 'string') return false;
  const text = normalSpace(actual);
  if (typeof wanted === 'string') {
    const [a, w] = [labelKey(text), labelKey(wanted)];
    if (a === w) return true;
    const ids = VARIANTS.get(a);
    return !!ids && [...(VARIANTS.get(w) ?? [])].some((id) => ids.has(id));
  }
  if (wanted.test(text)) return true;
  const loose = new RegExp(wanted.source, wanted.flags.includes('i') ? wanted.flags : `${wanted.flags}i`);
  return [text, ...variantsOf(text)].some((v) => loose.test(normalSpace(v)) || loose.test(labelKey(v)));
}

/** Roles that mean the same to a runbook: a link styled as a button is pressed as one. */
const ROLE_CLASS: Record<string, string> = {
  link: 'button',
  // Notifications: Cloudscape's flashbar is a region of groups; other consoles use status, alert, log or a bare aria-live region.
  group: 'notice',
  status: 'notice',
  alert: 'notice',
  region: 'notice',
  log: 'notice',
};
/** Wrappers with no meaning of their own: their children take their place. */
const WRAPPERS = new Set(['generic', 'none', 'presentation']);
/** Containers a page may leave out without losing meaning (no <main> landmark, a notification in a bare aria-live region): when absent, their entries are looked for where they would have been. */
const OPTIONAL_CONTAINERS = new Set(['main', 'notice', 'dialog']);
/** Dropped with everything in them, on both sides: how to move around the console is not what a runbook step means. */
const NAVIGATION = new Set(['navigation']);
/** Template entries that carry no meaning a runbook uses when they hold nothing: free text, images, paragraphs. */
const NOT_COMPARED = new Set(['text', 'img', 'paragraph']);
/** Grouping roles whose own name (a legend) is not compared: their radios and fields are. */
const GROUPINGS = new Set(['group', 'radiogroup']);
/** A dialog's own dismiss control: a dialog asked on a page of its own has none. */
const DIALOG_CLOSE = /^(Close|Close modal|Close dialog|Dismiss)$/i;

interface ShapeNode {
  /** The entry as written (template or snapshot), for the report. */
  line: string;
  /** The role class compared (a link is a button); `written` is the role as written. */
  role: string;
  written: string;
  name?: string | RegExp;
  attrs: string[];
  text?: string | RegExp;
  children: ShapeNode[];
  mode?: string;
  /** Position in the page, in document order (page nodes only). */
  at: number;
  /** A section heading (level 2 and below, outside a dialog): layout, never an added control. */
  section?: boolean;
}

function treeOf(text: string, side: 'template' | 'page'): ShapeNode[] {
  const flat = parse(text);
  const nodes: ShapeNode[] = flat.map((e) => ({
    line: e.line,
    role: ROLE_CLASS[e.role] ?? e.role,
    written: e.role,
    name: e.name,
    // A pre-selected radio is a default, not a meaning: the runbook chooses its own.
    attrs: e.attrs.filter((a) => !(e.role === 'radio' && /^checked\b/.test(a))),
    text: e.text,
    children: [],
    mode: e.children,
    at: 0,
  }));
  const roots: ShapeNode[] = [];
  flat.forEach((e, i) => (e.parent < 0 ? roots : nodes[e.parent]!.children).push(nodes[i]!));
  const inDialog = (i: number): boolean => {
    for (let p = flat[i]!.parent; p >= 0; p = flat[p]!.parent) if (flat[p]!.role === 'dialog') return true;
    return false;
  };
  const dialogHeading = new Set(nodes.filter((n, i) => n.written === 'heading' && inDialog(i)));
  for (const n of nodes) if (n.written === 'table') n.name = undefined; // a table's name is not compared, its columns are
  for (const n of nodes) n.section = n.written === 'heading' && !dialogHeading.has(n) && n.attrs.some((a) => /^level=[2-6]$/.test(a));
  const flatten = (list: ShapeNode[]): ShapeNode[] =>
    list.flatMap((n) => {
      if (NAVIGATION.has(n.written)) return [];
      n.children = flatten(n.children);
      // Unnamed notice containers are wrappers too; a template's own wrappers are flattened the same way.
      let wrapper = WRAPPERS.has(n.role) || (n.role === 'notice' && n.name === undefined && n.mode === undefined);
      if (side === 'template') {
        if (NOT_COMPARED.has(n.written)) wrapper = true;
        if (GROUPINGS.has(n.written) && n.children.length) wrapper = true;
        // A section heading: layout, not meaning (a page's or a dialog's title is compared).
        if (n.section) wrapper = true;
      }
      return wrapper ? n.children : [n];
    });
  const out = flatten(roots);
  if (side === 'page') {
    let at = 0;
    const number = (list: ShapeNode[]) =>
      list.forEach((n) => {
        n.at = at++;
        number(n.children);
      });
    number(out);
  }
  return out;
}

const descendants = (list: ShapeNode[]): ShapeNode[] => list.flatMap((n) => [n, ...descendants(n.children)]);

function sameEntry(page: ShapeNode, template: ShapeNode): boolean {
  return (
    page.role === template.role &&
    sameLabel(page.name, template.name) &&
    hasAttrs(page.attrs, template.attrs) &&
    sameLabel(page.text, template.text)
  );
}

/**
 * The controls directly inside a container, looking through non-controls (a control's own parts are
 * its own) and through tables the template did not ask for (a page laid out in a table); a radio
 * group whose radios the template found is not a new control.
 */
function controlsIn(list: ShapeNode[], used?: Set<ShapeNode>): ShapeNode[] {
  return list.flatMap((n) => {
    if (n.role === 'table' && used && !used.has(n)) return controlsIn(n.children, used);
    // A radio group's legend is not compared: one whose radios the template found is not new.
    if (GROUPINGS.has(n.written) && used && descendants(n.children).some((d) => used.has(d))) return [];
    // A section heading the template does not have is layout (the template's own are not compared either).
    if (n.section) return [];
    return CONTROLS.has(n.role) || n.role === 'button' ? [n] : controlsIn(n.children, used);
  });
}

/** The words of a title written as text: the whole text, or what follows its last ": " ("Step 1 of 2: Select MFA device"). */
const titleWords = (text: string): string[] => {
  const whole = normalSpace(text);
  const at = whole.lastIndexOf(': ');
  return at < 0 ? [whole] : [whole, whole.slice(at + 2)];
};

/** Texts and paragraphs below `list`, leaving out groups' and radio groups' (a legend names the group, not the page). */
const freeTexts = (list: ShapeNode[]): ShapeNode[] =>
  list.flatMap((n) =>
    GROUPINGS.has(n.written) ? [] : [...(n.written === 'text' || n.written === 'paragraph' ? [n] : []), ...freeTexts(n.children)],
  );

/**
 * A title the page does not have as a heading at any level, written as text instead: a text or a
 * paragraph ("Step 1 of 2: Select MFA device"), not a group's legend. A heading of those words at
 * another level is a changed level, not this.
 */
function titleAsText(t: ShapeNode, scope: ShapeNode[], used: Set<ShapeNode>): ShapeNode | undefined {
  if (t.role !== 'heading' || t.name === undefined) return undefined;
  if (descendants(scope).some((n) => n.role === 'heading' && sameLabel(n.name, t.name))) return undefined;
  return freeTexts(scope).find((n) => !used.has(n) && typeof n.text === 'string' && titleWords(n.text).some((w) => sameLabel(w, t.name)));
}

/** A dialog's entries as a page of its own would show them: its title a heading of any level, no dismiss control. */
function asPageOfItsOwn(entries: ShapeNode[]): ShapeNode[] {
  return entries
    .filter((n) => !(n.role === 'button' && typeof n.name === 'string' && DIALOG_CLOSE.test(n.name)))
    .map((n) => (n.role === 'heading' ? { ...n, attrs: n.attrs.filter((a) => !a.startsWith('level=')) } : n));
}

const wordsOf = (n: ShapeNode): Set<string> =>
  new Set(
    String(n.name ?? n.text ?? '')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  );

/** Which unused page entry of the same role most likely took a missing one's place: among `between` first, else anywhere in `scope` if it shares a word. */
function replacement(missing: ShapeNode, between: ShapeNode[], scope: ShapeNode[], used: Set<ShapeNode>): ShapeNode | undefined {
  if (!CONTROLS.has(missing.role) && missing.role !== 'button') return undefined;
  const wanted = wordsOf(missing);
  const pick = (pool: ShapeNode[], alone: boolean): ShapeNode | undefined => {
    const same = pool.filter((n) => !used.has(n) && n.role === missing.role);
    const written = same.filter((n) => n.written === missing.written);
    const pinned = (written.length ? written : same).filter((n) => missing.attrs.every((a) => n.attrs.includes(a)));
    const candidates = pinned.length ? pinned : written.length ? written : same;
    let best: ShapeNode | undefined;
    let bestScore = 0;
    for (const c of candidates) {
      const have = wordsOf(c);
      const score = [...have].filter((w) => wanted.has(w)).length / (new Set([...have, ...wanted]).size || 1);
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    return best ?? (alone && candidates.length === 1 ? candidates[0] : undefined);
  };
  return pick(between, true) ?? pick(descendants(scope), false);
}

interface Outcome {
  missing: number;
  lines: string[];
  paired: ShapeNode[];
}

/** Where a template entry was found, or not: what `matchAll` reports from. */
interface Found extends Outcome {
  node?: ShapeNode;
  absent?: ShapeNode;
}

const wordsBelow = (n: ShapeNode): Set<string> => new Set([n, ...descendants(n.children)].flatMap((d) => [...wordsOf(d)]));
const overlap = (a: Set<string>, b: Set<string>): number => [...a].filter((w) => b.has(w)).length / (new Set([...a, ...b]).size || 1);

const endOf = (n: ShapeNode): number => Math.max(n.at, ...descendants(n.children).map((d) => d.at));

/**
 * Finds every template entry among the page entries of `scope` (anywhere below it, so a wrapper
 * the page added does not count), each page entry used once; order does not count. A missing
 * entry is reported with the page entry that most likely took its place: of its role, between the
 * page entries of its template neighbours.
 */
function matchAll(templates: ShapeNode[], scope: ShapeNode[], used: Set<ShapeNode>): Outcome {
  const found = templates.map((t) => matchOne(t, scope, used));
  const all = descendants(scope);
  const out: Outcome = { missing: 0, lines: [], paired: [] };
  found.forEach((f, k) => {
    out.missing += f.missing;
    out.lines.push(...f.lines);
    out.paired.push(...f.paired);
    if (!f.absent) return;
    const before = found
      .slice(0, k)
      .map((g) => g.node)
      .filter((n): n is ShapeNode => !!n)
      .at(-1);
    const after = found
      .slice(k + 1)
      .map((g) => g.node)
      .find((n): n is ShapeNode => !!n);
    const from = before ? endOf(before) : -1;
    const to = after ? after.at : Infinity;
    const instead = replacement(
      f.absent,
      all.filter((n) => n.at > from && n.at < to),
      scope,
      used,
    );
    if (!instead) return;
    used.add(instead);
    out.lines.push(`+ ${instead.line}`);
  });
  return out;
}

function matchOne(t: ShapeNode, scope: ShapeNode[], used: Set<ShapeNode>): Found {
  const candidates = descendants(scope).filter((n) => !used.has(n) && sameEntry(n, t));
  let best: { node: ShapeNode; used: Set<ShapeNode>; outcome: Outcome; like: number } | undefined;
  for (const node of candidates) {
    const trial = new Set(used).add(node);
    const outcome = matchChildren(t, node, trial);
    if (outcome.missing === 0) {
      best = { node, used: trial, outcome, like: 1 };
      break;
    }
    // None whole: the one that looks most like it (words in common), so the report compares the right two.
    const like = overlap(wordsBelow(t), wordsBelow(node));
    if (!best || outcome.missing < best.outcome.missing || (outcome.missing === best.outcome.missing && like > best.like))
      best = { node, used: trial, outcome, like };
  }
  if (best) {
    for (const n of best.used) used.add(n);
    return { missing: best.outcome.missing, lines: best.outcome.lines, paired: [best.node, ...best.outcome.paired], node: best.node };
  }
  const text = titleAsText(t, scope, used);
  if (text) {
    used.add(text);
    return { missing: 0, lines: [], paired: [text], node: text };
  }
  // A dialog is looked for as a page of its own only where no dialog shows (a renamed dialog is reported as such).
  const noDialog = t.role !== 'dialog' || !descendants(scope).some((n) => n.role === 'dialog');
  if (OPTIONAL_CONTAINERS.has(t.role) && noDialog) {
    // Not there as a container (no <main>, a bare aria-live region, a dialog asked on a page): its entries where it would have been.
    const inner = matchAll(t.role === 'dialog' ? asPageOfItsOwn(t.children) : t.children, scope, used);
    if (t.mode === 'equal' || t.mode === 'deep-equal') inner.lines.push(...addedBetween(inner.paired, scope, used));
    return inner;
  }
  return { missing: 1 + descendants(t.children).length, lines: [`- ${t.line}`], paired: [], absent: t };
}

function matchChildren(t: ShapeNode, node: ShapeNode, used: Set<ShapeNode>): Outcome {
  const inner = matchAll(t.children, node.children, used);
  if (t.mode === 'equal' || t.mode === 'deep-equal') {
    const added = controlsIn(node.children, used).filter((c) => !used.has(c));
    inner.missing += added.length;
    inner.lines.push(...added.map((c) => `+ ${c.line}`));
  }
  return inner;
}

/** A pinned container the page does not have: the controls it added between the first and last entry found of it. */
function addedBetween(paired: ShapeNode[], scope: ShapeNode[], used: Set<ShapeNode>): string[] {
  if (!paired.length) return [];
  const from = Math.min(...paired.map((n) => n.at));
  const to = Math.max(...paired.map((n) => n.at));
  return controlsIn(scope, used)
    .filter((c) => !used.has(c) && c.at > from && c.at < to)
    .map((c) => `+ ${c.line}`);
}

/**
 * Compares a page's aria snapshot with a recorded shape, ignoring markup (see above). `ok` when every
 * entry of the template stands on the page and no control was added to a pinned container; otherwise
 * `lines` says what differs: `- <template entry>` missing, `+ <page entry>` in its place or added.
 */
export function shapeMatch(templateText: string, pageText: string): { ok: boolean; lines: string[] } {
  const used = new Set<ShapeNode>();
  const outcome = matchAll(treeOf(templateText, 'template'), treeOf(pageText, 'page'), used);
  const ok = outcome.missing === 0 && !outcome.lines.length;
  return { ok, lines: outcome.lines };
}
