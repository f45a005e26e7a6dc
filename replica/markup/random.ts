/**
 * The variations' random choices, from the markup's seed: the same seed and key give the same
 * number, so a failing combination can be served again (the mutation suite prints its seed).
 */

/** 32-bit FNV-1a of a text. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A number in [0, 1) fixed by the seed and the key (mulberry32 of both). */
export function seededRandom(seed: number, key: string): number {
  let t = ((seed ^ hash(key)) + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A delay of `late-content`: 200 to 3000 ms, fixed by the seed and the key. */
export function lateDelayMs(seed: number, key: string): number {
  return 200 + Math.floor(seededRandom(seed, key) * 2800);
}
