import { randomBytes, randomInt } from 'node:crypto';

/** A random URL-safe token of `bytes` random bytes (session tokens, flow ids, keys). */
export const randomToken = (bytes = 24): string => randomBytes(bytes).toString('base64url');

/** `length` characters drawn uniformly from `alphabet`. */
export function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
