import { MARKUP_TRANSFORM_NAMES, type MarkupTransform, type MarkupVariation } from './catalog.ts';

/**
 * Reading markup-variation names from outside (side door, REPLICA_MARKUP, `npm run replica --markup`):
 * one place that knows what a valid list is, so every entry point refuses the same names with the
 * same words.
 */

const KNOWN = new Set<string>(MARKUP_TRANSFORM_NAMES);

/** The names of `names` that are not in the catalogue, in the order given, each once. */
export function unknownMarkupNames(names: readonly string[]): string[] {
  return [...new Set(names.filter((n) => !KNOWN.has(n)))];
}

/** One sentence naming every unknown variation and listing the known ones. */
export function unknownMarkupMessage(unknown: readonly string[]): string {
  return `unknown markup variation${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} (known: ${MARKUP_TRANSFORM_NAMES.join(', ')})`;
}

/** Splits `a,b c` into names (commas or spaces), dropping empties and repeats. */
export function splitMarkupList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** A markup variation from a list text and a seed; throws an Error naming every unknown name. */
export function parseMarkupList(text: string, seed?: number): MarkupVariation {
  const names = splitMarkupList(text);
  const unknown = unknownMarkupNames(names);
  if (unknown.length) throw new Error(unknownMarkupMessage(unknown));
  return { transforms: names as MarkupTransform[], ...(seed === undefined ? {} : { seed }) };
}

/** The variation with no transformation: the pages as recorded. */
export const NO_MARKUP: MarkupVariation = Object.freeze({ transforms: [] }) as MarkupVariation;

/** True when `markup` switches `name` on. */
export function hasTransform(markup: MarkupVariation | undefined, name: MarkupTransform): boolean {
  return markup?.transforms.includes(name) ?? false;
}
