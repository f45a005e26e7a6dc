import { randomFrom } from '../core/random.ts';

/**
 * Access portal password rules (console-facts §4.2): 8–64 characters, a lower-case and an
 * upper-case letter, a digit and a symbol; none of the last three passwords; none known from
 * breach lists (the replica knows only a handful of them).
 */

export const PASSWORD_SYMBOLS = '~!@#$%^&*_-+=`|\\(){}[]:;"\'<>,.?/';
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 64;
/** Stand-in for the third-party breach lists AWS checks against. */
const BREACHED = new Set(['Password1!', 'P@ssw0rd', 'P@ssw0rd1', 'Passw0rd!', 'Password123!', 'Welcome1!', 'Qwerty123!']);

/** The rules as the page lists them, in order. */
export const PASSWORD_RULES = [
  `Between ${PASSWORD_MIN} and ${PASSWORD_MAX} characters`,
  'At least one lowercase letter (a-z)',
  'At least one uppercase letter (A-Z)',
  'At least one number (0-9)',
  'At least one non-alphanumeric character',
] as const;

/** What is wrong with a new password, worded for the page; empty when it is acceptable. */
export function passwordProblems(password: string, confirm: string, previous: string[]): string[] {
  const problems: string[] = [];
  const symbols = [...password].some((c) => PASSWORD_SYMBOLS.includes(c));
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
    problems.push(`Password must be between ${PASSWORD_MIN} and ${PASSWORD_MAX} characters.`);
  if (!/[a-z]/.test(password)) problems.push('Password must contain at least one lowercase letter (a-z).');
  if (!/[A-Z]/.test(password)) problems.push('Password must contain at least one uppercase letter (A-Z).');
  if (!/[0-9]/.test(password)) problems.push('Password must contain at least one number (0-9).');
  if (!symbols) problems.push('Password must contain at least one non-alphanumeric character.');
  if (problems.length === 0 && previous.slice(0, 3).includes(password)) problems.push('You cannot reuse any of your last 3 passwords.');
  if (problems.length === 0 && BREACHED.has(password))
    problems.push('This password has appeared in a data breach. Choose a different password.');
  if (problems.length === 0 && password !== confirm) problems.push('Passwords do not match.');
  return problems;
}

/** A one-time password that meets the rules (what "Generate a one-time password" hands the admin). */
export function oneTimePassword(): string {
  const chars = [
    ...randomFrom('ABCDEFGHJKLMNPQRSTUVWXYZ', 3),
    ...randomFrom('abcdefghijkmnopqrstuvwxyz', 6),
    ...randomFrom('23456789', 3),
    ...randomFrom('!#%+-=@_', 2),
    ...randomFrom('abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789', 4),
  ];
  return chars.join('');
}
