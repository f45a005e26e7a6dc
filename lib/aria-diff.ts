/**
 * A short, readable difference between an aria snapshot template and the page's aria snapshot.
 *
 * Playwright's own diff compares the two texts line by line, so with partial templates (which leave
 * most of the page out on purpose) and regex names it lists nearly every line. This one lists what
 * a person needs: the template entries the page no longer has (`-`), the page's entries that took
 * their place (`+`), and the new controls inside a container the template pins with
 * `/children: equal` (a new field on a form step).
 */

/** One entry of a snapshot or template: `- role "name" [attrs]: text`. */
interface Entry {
  /** The line as written, trimmed. */
  line: string;
  depth: number;
  /** Index of the entry this one is nested in (-1 at the top). */
  parent: number;
  /** Index one past the last entry nested in this one. */
  end: number;
  role: string;
  name?: string | RegExp;
  attrs: string[];
  text?: string | RegExp;
  /** `/children` of this entry, from the template line that follows it. */
  children?: string;
}

/** Roles that stand for something a runbook reads or operates; new ones are worth reporting. */
const CONTROLS = new Set([
  'button', 'checkbox', 'combobox', 'dialog', 'heading', 'link', 'listbox', 'menuitem', 'navigation', 'radio',
  'radiogroup', 'searchbox', 'slider', 'spinbutton', 'switch', 'tab', 'table', 'textbox',
]);

const KEY = /^(?<role>\/?[a-z][\w-]*)(?:\s+(?<name>"(?:[^"\\]|\\.)*"|\/(?:[^/\\]|\\.)+\/))?(?<attrs>(?:\s*\[[^\]]*\])*)$/;

function regexOf(text: string): RegExp | undefined {
  if (text.length < 2 || !text.startsWith('/') || !text.endsWith('/')) return undefined;
  try {
    return new RegExp(text.slice(1, -1));
  } catch {
    return undefined; // not a valid pattern: Playwright reads it as plain text, and so does this
  }
}

/** A YAML scalar as written after `key:`: quoted or plain; a `/…/` value is a pattern. */
function scalar(raw: string): string | RegExp | undefined {
  const value = raw.trim();
  if (!value) return undefined;
  let text = value;
  if (value.startsWith('"') && value.endsWith('"')) text = JSON.parse(value) as string;
  else if (value.startsWith("'") && value.endsWith("'")) text = value.slice(1, -1).replace(/''/g, "'");
  return regexOf(text) ?? text;
}

/** Splits `key: value` where the key may be YAML-quoted (names holding ": " are). */
function splitKey(body: string): { key: string; value?: string } {
  const quote = body[0];
  if (quote === "'" || quote === '"') {
    let i = 1;
    for (; i < body.length; i++) {
      if (quote === "'" && body[i] === "'" && body[i + 1] === "'") { i++; continue; }
      if (quote === '"' && body[i] === '\\') { i++; continue; }
      if (body[i] === quote) break;
    }
    const quoted = body.slice(0, i + 1);
    const key = quote === '"' ? (JSON.parse(quoted) as string) : quoted.slice(1, -1).replace(/''/g, "'");
    const rest = body.slice(i + 1).trim();
    return { key, value: rest.startsWith(':') ? rest.slice(1) : undefined };
  }
  // Unquoted: the key ends at the first ": " (or final ":") outside a "name", /pattern/ or [attr].
  let inName = false;
  let inPattern = false;
  let inAttr = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') { i++; continue; }
    if (!inPattern && !inAttr && c === '"') inName = !inName;
    else if (!inName && !inAttr && c === '/' && (inPattern || body[i - 1] === ' ')) inPattern = !inPattern;
    else if (!inName && !inPattern && (c === '[' || c === ']')) inAttr = c === '[';
    else if (!inName && !inPattern && !inAttr && c === ':' && (i === body.length - 1 || body[i + 1] === ' ')) {
      return { key: body.slice(0, i), value: body.slice(i + 1) };
    }
  }
  return { key: body };
}

/** Parses one line; undefined for comments, blank lines and anything that is not an entry. */
function parseLine(raw: string): Entry | undefined {
  const match = /^(\s*)- (.*)$/.exec(raw);
  if (!match) return undefined;
  const body = match[2]!.trim();
  const { key, value } = splitKey(body);
  const text = value === undefined ? undefined : scalar(value);
  const at = { line: body, depth: match[1]!.length, parent: -1, end: 0 };
  const parts = KEY.exec(key.trim())?.groups;
  if (!parts) return { ...at, role: key.trim(), attrs: [], text };
  const name = parts.name?.startsWith('"') ? (JSON.parse(parts.name) as string) : parts.name ? regexOf(parts.name) ?? parts.name : undefined;
  const attrs = [...(parts.attrs ?? '').matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!.trim());
  return { ...at, role: parts.role!, name, attrs, text };
}

/** The entries of a template or snapshot; `/children` settles on the entry it belongs to, `/url` lines are left out. */
function parse(text: string): Entry[] {
  const out: Entry[] = [];
  const open: number[] = [];
  const close = () => { out[open.pop()!]!.end = out.length; };
  for (const raw of text.split('\n')) {
    const entry = parseLine(raw);
    if (!entry) continue;
    while (open.length && out[open.at(-1)!]!.depth >= entry.depth) close();
    if (entry.role === '/children') {
      const owner = out[open.at(-1) ?? -1];
      if (owner && typeof entry.text === 'string') owner.children = entry.text;
      continue;
    }
    if (entry.role.startsWith('/')) continue;
    entry.parent = open.at(-1) ?? -1;
    out.push(entry);
    open.push(out.length - 1);
  }
  while (open.length) close();
  return out;
}

const matchesValue = (actual: string | RegExp | undefined, wanted: string | RegExp | undefined): boolean => {
  if (wanted === undefined) return true;
  if (typeof actual !== 'string') return false;
  return typeof wanted === 'string' ? actual === wanted : wanted.test(actual);
};

/** Whether a page entry satisfies a template entry (same rules as Playwright's partial matching). */
function matches(page: Entry, template: Entry): boolean {
  return page.role === template.role
    && matchesValue(page.name, template.name)
    && template.attrs.every((a) => page.attrs.includes(a) || (a.endsWith('=true') && page.attrs.includes(a.slice(0, -5))))
    && matchesValue(page.text, template.text);
}

/**
 * Pairs every template entry with an unused page entry it matches: a top entry anywhere, a nested
 * one among the children of the page entry its template parent was paired with (as Playwright
 * matches); after the previous sibling's if possible (Playwright matches in order), else anywhere
 * among them (so a reordered entry is found, not reported missing).
 */
function pair(template: Entry[], page: Entry[]): Array<number | undefined> {
  const used = new Set<number>();
  const at: Array<number | undefined> = [];
  const lastChild = new Map<number, number>();
  template.forEach((t) => {
    const parentAt = t.parent < 0 ? undefined : at[t.parent];
    if (t.parent >= 0 && parentAt === undefined) return void at.push(undefined);
    const from = parentAt === undefined ? 0 : parentAt + 1;
    const to = parentAt === undefined ? page.length : page[parentAt]!.end;
    const find = (start: number) => {
      for (let i = start; i < to; i++) {
        if (!used.has(i) && (parentAt === undefined || page[i]!.parent === parentAt) && matches(page[i]!, t)) return i;
      }
      return undefined;
    };
    const i = find(Math.max(from, (lastChild.get(t.parent) ?? from - 1) + 1)) ?? find(from);
    at.push(i);
    if (i === undefined) return;
    used.add(i);
    lastChild.set(t.parent, i);
  });
  return at;
}

const words = (e: Entry): Set<string> => new Set(String(e.name ?? e.text ?? '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean));

/** Which same-role entry most likely took the place of a missing one: the most words in common; the only one when none share a word. */
function likeliest(missing: Entry, candidates: Entry[]): number | undefined {
  const wanted = words(missing);
  let best: number | undefined;
  let bestScore = 0;
  candidates.forEach((c, i) => {
    const have = words(c);
    const common = [...have].filter((w) => wanted.has(w)).length;
    const score = common / (new Set([...have, ...wanted]).size || 1);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best ?? (candidates.length === 1 ? 0 : undefined);
}

/**
 * The difference as lines: `- <template entry>` missing from the page, `+ <page entry>` standing
 * where a missing one was expected (same role) or new inside a `/children: equal` container.
 * Empty when every entry is there (the order or nesting changed): callers show Playwright's diff then.
 */
export function shapeDiff(templateText: string, pageText: string): string[] {
  const template = parse(templateText);
  const page = parse(pageText);
  const at = pair(template, page);
  const paired = new Set(at.filter((i): i is number => i !== undefined));
  const lines: string[] = [];
  const added = new Set<number>();
  const add = (i: number) => {
    if (paired.has(i) || added.has(i)) return;
    added.add(i);
    lines.push(`+ ${page[i]!.line}`);
  };

  template.forEach((t, k) => {
    // Entries nested in a missing entry go without saying.
    if (at[k] !== undefined || (t.parent >= 0 && at[t.parent] === undefined)) return;
    lines.push(`- ${t.line}`);
    // Where it should have been: between the page entries of its matched neighbours in the template.
    const before = at.slice(0, k).filter((i): i is number => i !== undefined).at(-1) ?? -1;
    const after = at.slice(k + 1).find((i): i is number => i !== undefined) ?? page.length;
    if (!CONTROLS.has(t.role)) return;
    const candidates: number[] = [];
    for (let i = before + 1; i < after; i++) if (page[i]!.role === t.role && !paired.has(i) && !added.has(i)) candidates.push(i);
    const best = likeliest(t, candidates.map((i) => page[i]!));
    if (best !== undefined) add(candidates[best]!);
  });

  template.forEach((t, k) => {
    const start = at[k];
    if (start === undefined || (t.children !== 'equal' && t.children !== 'deep-equal')) return;
    const depth = page[start]!.depth;
    for (let i = start + 1; i < page.length && page[i]!.depth > depth; i++) {
      if (page[i]!.depth === page[start + 1]!.depth && CONTROLS.has(page[i]!.role)) add(i);
    }
  });
  return lines;
}
