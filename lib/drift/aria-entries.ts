import { isMap, isScalar, isSeq, parseDocument } from 'yaml';

/**
 * The entries of an aria snapshot or template, read as YAML: what both comparisons of a page with its
 * recorded shape start from (aria-diff.ts, the report's difference; shape-match.ts, check mode's match).
 */

/** One entry of a snapshot or template: `- role "name" [attrs]: text`. */
export interface Entry {
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

const KEY = /^(?<role>\/?[a-z][\w-]*)(?:\s+(?<name>"(?:[^"\\]|\\.)*"|\/(?:[^/\\]|\\.)+\/))?(?<attrs>(?:\s*\[[^\]]*\])*)$/;

function regexOf(text: string): RegExp | undefined {
  if (text.length < 2 || !text.startsWith('/') || !text.endsWith('/')) return undefined;
  try {
    return new RegExp(text.slice(1, -1));
  } catch {
    return undefined; // not a valid pattern: Playwright reads it as plain text, and so does this
  }
}

/** One entry's key (`role "name" [attrs]`) and value (text, or a `/…/` pattern), already unquoted by the YAML parser. */
function entryOf(key: string, value: string | undefined, at: Pick<Entry, 'line' | 'depth' | 'parent' | 'end'>): Entry {
  const text = value === undefined || value === '' ? undefined : (regexOf(value) ?? value);
  const parts = KEY.exec(key.trim())?.groups;
  if (!parts) return { ...at, role: key.trim(), attrs: [], text };
  const name = parts.name?.startsWith('"')
    ? (JSON.parse(parts.name) as string)
    : parts.name
      ? (regexOf(parts.name) ?? parts.name)
      : undefined;
  const attrs = [...(parts.attrs ?? '').matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!.trim());
  return { ...at, role: parts.role!, name, attrs, text };
}

/**
 * The entries of a template or snapshot (an aria snapshot is YAML: a sequence of `- key` or
 * `- key: value` items, a nested sequence for children), read by the `yaml` package with the
 * failsafe schema (every scalar a string, as Playwright reads them). `/children` settles on the entry
 * it belongs to, `/url` and other `/` properties are left out. `line` is the item as written, for the report.
 */
export function parse(text: string): Entry[] {
  const doc = parseDocument(text, { schema: 'failsafe', prettyErrors: false });
  if (doc.errors.length) throw new Error(`Not an aria snapshot (YAML): ${doc.errors[0]!.message.split('\n')[0]}`);
  const out: Entry[] = [];
  const lineAt = (offset: number): string => {
    const from = text.lastIndexOf('\n', offset - 1) + 1;
    const to = text.indexOf('\n', offset);
    return text
      .slice(from, to < 0 ? undefined : to)
      .trim()
      .replace(/^- /, '');
  };
  const walk = (seq: unknown, depth: number, parent: number): void => {
    if (!isSeq(seq)) return;
    for (const item of seq.items) {
      let key: string;
      let value: string | undefined;
      let children: unknown;
      if (isScalar(item)) key = String(item.value);
      else if (isMap(item) && item.items[0] && isScalar(item.items[0].key)) {
        const pair = item.items[0];
        key = String((pair.key as { value: unknown }).value);
        if (isScalar(pair.value)) value = String(pair.value.value ?? '');
        else children = pair.value;
      } else continue;
      const offset = (item as { range?: [number, number, number] }).range?.[0] ?? 0;
      const at = { line: lineAt(offset), depth, parent, end: 0 };
      if (key === '/children') {
        const owner = out[parent];
        if (owner && value !== undefined) owner.children = value;
        continue;
      }
      if (key.startsWith('/')) continue;
      out.push(entryOf(key, value, at));
      const index = out.length - 1;
      walk(children, depth + 1, index);
      out[index]!.end = out.length;
    }
  };
  walk(doc.contents, 0, -1);
  return out;
}

/** Roles that stand for something a runbook reads or operates; new ones are worth reporting. */
export const CONTROLS = new Set([
  'button',
  'checkbox',
  'combobox',
  'dialog',
  'heading',
  'link',
  'listbox',
  'menuitem',
  'navigation',
  'radio',
  'radiogroup',
  'searchbox',
  'slider',
  'spinbutton',
  'switch',
  'tab',
  'table',
  'textbox',
]);

/** Whether a page entry has every attribute a template entry asks for (`[checked]` on the page stands for `[checked=true]`). */
export const hasAttrs = (page: readonly string[], wanted: readonly string[]): boolean =>
  wanted.every((a) => page.includes(a) || (a.endsWith('=true') && page.includes(a.slice(0, -5))));
