import { randomInt } from 'node:crypto';
import { test, expect } from '@playwright/test';
import { codeAt, stepOf as libStepOf } from '../../lib/secrets/totp.ts';
import { codeForStep, stepOf } from '../../replica/core/totp.ts';

// The replica's TOTP (replica/core/totp.ts, HOTP over the time step) is written apart from ours
// (lib/secrets/totp.ts) so each checks the other; both must meet RFC 6238 and each other.
const RFC_SEED_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // ASCII "12345678901234567890"
const RFC_SHA1_VECTORS: ReadonlyArray<[time: number, code8: string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

test('the replica computes the RFC 6238 SHA-1 vectors (their last 6 digits)', () => {
  for (const [time, code8] of RFC_SHA1_VECTORS) expect(codeForStep(RFC_SEED_BASE32, stepOf(time)), `T=${time}`).toBe(code8.slice(2));
});

test('the replica and lib agree on random seeds and times, and a neighbouring step gives another code', () => {
  const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let differ = 0;
  for (let i = 0; i < 50; i++) {
    const seed = Array.from({ length: 64 }, () => B32[randomInt(32)]).join('');
    const t = randomInt(2 ** 40);
    expect(stepOf(t)).toBe(libStepOf(t));
    expect(codeForStep(seed, stepOf(t))).toBe(codeAt(seed, t));
    if (codeForStep(seed, stepOf(t) + 1) !== codeAt(seed, t)) differ++;
  }
  expect(differ).toBeGreaterThan(45);
});
