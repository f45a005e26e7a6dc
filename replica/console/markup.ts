import type { ConsoleDrift } from '../contract.ts';
import type { MarkupTransform } from '../markup/catalog.ts';
import { seededRandom } from '../markup/random.ts';
import { LABEL_VARIANTS } from '../markup/variants.ts';

/**
 * The console app's side of the markup variations (replica/markup): what needs React's
 * cooperation. The console shell sets `window.__REPLICA_MARKUP__` (markup/app.ts) for the
 * signed-in account; without it every helper here hands back the page as recorded.
 */

declare global {
  interface Window {
    __REPLICA_MARKUP__?: { transforms: MarkupTransform[]; seed: number };
  }
}

const markup = (): { transforms: MarkupTransform[]; seed: number } => window.__REPLICA_MARKUP__ ?? { transforms: [], seed: 1 };

/** True when the shell's markup switches `name` on. */
export function markupOn(name: MarkupTransform): boolean {
  return markup().transforms.includes(name);
}

/**
 * The radio a group starts with: the recorded one, or under `radio-other` another one (seeded),
 * or under `radio-none` none (null).
 */
export function initialChoice<T extends string>(group: string, values: readonly T[], recorded: T): T | null {
  if (markupOn('radio-none')) return null;
  if (!markupOn('radio-other')) return recorded;
  const others = values.filter((v) => v !== recorded);
  return others[Math.floor(seededRandom(markup().seed, `radio:${group}`) * others.length)] ?? recorded;
}

/** The drift with the §7 label variants added to its renames (`label-variants`); the drift's own renames come first. */
export function withLabelVariants(drift: ConsoleDrift): ConsoleDrift {
  if (!markupOn('label-variants')) return drift;
  return { ...drift, renameLabel: [...(drift.renameLabel ?? []), ...LABEL_VARIANTS] };
}
