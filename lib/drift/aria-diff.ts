import { CONTROLS, hasAttrs, parse, type Entry } from './aria-entries.ts';

/**
 * A short, readable difference between an aria snapshot template and the page's aria snapshot.
 *
 * Playwright's own diff compares the two texts line by line, so with partial templates (which leave
 * most of the page out on purpose) and regex names it lists nearly every line. This one lists what
 * a person needs: the template entries the page no longer has (`-`), the page's entries that took
 * their place (`+`), and the new controls inside a container the template pins with
 * `/children: equal` (a new field on a form step).
 */

const matchesValue = (actual: string | RegExp | undefined, wanted: string | RegExp | undefined): boolean => {
  if (wanted === undefined) return true;
  if (typeof actual !== 'string') return false;
  return typeof wanted === 'string' ? actual === wanted : wanted.test(actual);
};

/** Whether a page entry satisfies a template entry (same rules as Playwright's partial matching). */
function matches(page: Entry, template: Entry): boolean {
  return (
    page.role === template.role &&
    matchesValue(page.name, template.name) &&
    hasAttrs(page.attrs, template.attrs) &&
    matchesValue(page.text, template.text)
  );
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

const words = (e: Entry): Set<string> =>
  new Set(
    String(e.name ?? e.text ?? '')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  );

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
    const before =
      at
        .slice(0, k)
        .filter((i): i is number => i !== undefined)
        .at(-1) ?? -1;
    const after = at.slice(k + 1).find((i): i is number => i !== undefined) ?? page.length;
    if (!CONTROLS.has(t.role)) return;
    const candidates: number[] = [];
    for (let i = before + 1; i < after; i++) if (page[i]!.role === t.role && !paired.has(i) && !added.has(i)) candidates.push(i);
    const best = likeliest(
      t,
      candidates.map((i) => page[i]!),
    );
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
