import { expect, test } from '@playwright/test';
import { newPortalPassword, PORTAL_PASSWORD_LENGTH } from '../../lib/secrets/portal-password.ts';
import { PASSWORD_SYMBOLS, passwordProblems } from '../../replica/portal/password.ts';

// The runbook's new access portal passwords meet IAM Identity Center's rules (console-facts.md §4.2),
// as the replica checks them, every time; and they do not repeat.

test('every generated password meets the rules, and none repeats', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const p = newPortalPassword();
    expect(p).toHaveLength(PORTAL_PASSWORD_LENGTH);
    expect(passwordProblems(p, p, [])).toEqual([]);
    expect([...p].every((c) => /[A-Za-z0-9]/.test(c) || PASSWORD_SYMBOLS.includes(c))).toBe(true);
    seen.add(p);
  }
  expect(seen.size).toBe(500);
});

test('the shortest allowed length still has every class; lengths outside 8–64 are refused', () => {
  for (let i = 0; i < 500; i++) {
    const p = newPortalPassword(8);
    expect(passwordProblems(p, p, [])).toEqual([]);
  }
  expect(() => newPortalPassword(7)).toThrow('An access portal password must have 8 to 64 characters, not 7');
  expect(() => newPortalPassword(65)).toThrow(/not 65/);
});
