import { randomInt } from 'node:crypto';

/**
 * A new access portal password that meets IAM Identity Center's rules (console-facts.md §4.2):
 * 8–64 characters with a lower-case letter, an upper-case letter, a digit and a symbol. Crypto
 * random, 24 characters, so it is on no breach list and repeats none of the last three.
 */

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
// Symbols from the documented list that need no quoting in a shell, a URL form or JSON.
const SYMBOLS = '~!@#%^*_-+=.,:?';
export const PORTAL_PASSWORD_LENGTH = 24;

const pick = (alphabet: string): string => alphabet[randomInt(alphabet.length)]!;

/** A fresh password: one character of each class, the rest from all of them, shuffled (Fisher–Yates, crypto random). */
export function newPortalPassword(length = PORTAL_PASSWORD_LENGTH): string {
  if (length < 8 || length > 64) throw new Error(`An access portal password must have 8 to 64 characters, not ${length}`);
  const all = UPPER + LOWER + DIGITS + SYMBOLS;
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
