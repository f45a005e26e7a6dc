import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { test, expect } from '@playwright/test';
import { generateSync } from 'otplib';
import { manualClock, systemClock, type Clock } from '../../lib/run/clock.ts';
import { codeAfter, codeAt, codeForStep, enrolmentCodes, normalizeSecret, secondsLeft, stepOf } from '../../lib/secrets/totp.ts';

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII "12345678901234567890"; this is its Base32 form.
const RFC_SEED_ASCII = '12345678901234567890';
const RFC_SEED_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_SHA1_VECTORS: ReadonlyArray<[time: number, code8: string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

/** Independent RFC 4226 HOTP (node:crypto), to check otplib and lib/secrets/totp.ts against. */
function hotpRef(key: Buffer, counter: number, digits: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', key).update(msg).digest();
  const off = h[h.length - 1]! & 0x0f;
  const bin = ((h[off]! & 0x7f) << 24) | (h[off + 1]! << 16) | (h[off + 2]! << 8) | h[off + 3]!;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** Independent RFC 4648 Base32 encoder (no padding), so the test secret does not come from the code under test. */
function base32(bytes: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0,
    value = 0,
    out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** The oathtool CLI's code; the key goes through stdin, not argv. */
function oathtool(secret: string, now: string): string {
  return execFileSync('oathtool', ['--totp', '--base32', `--now=${now}`, '-'], { input: `${secret}\n` })
    .toString()
    .trim();
}

// An AWS-like seed: 40 random bytes, 64 Base32 characters.
const KEY = randomBytes(40);
const SECRET = base32(KEY);

test.describe('RFC 6238 Appendix B (SHA-1)', () => {
  for (const [time, code8] of RFC_SHA1_VECTORS) {
    test(`otplib generateSync, 8 digits, T=${time}`, () => {
      expect(generateSync({ secret: RFC_SEED_BASE32, epoch: time, digits: 8, algorithm: 'sha1' })).toBe(code8);
    });
    test(`codeAt is the last 6 digits of the 8-digit vector, T=${time}`, () => {
      expect(codeAt(RFC_SEED_BASE32, time)).toBe(code8.slice(-6));
    });
  }

  test('the Base32 form used above is the RFC seed', () => {
    expect(base32(Buffer.from(RFC_SEED_ASCII, 'ascii'))).toBe(RFC_SEED_BASE32);
  });

  test('6-digit code = 8-digit code mod 10^6 (RFC 4226 truncation), checked on 2000 random counters', () => {
    // Both are the same 31-bit number mod 10^d, and 10^6 divides 10^8; check it rather than trust it.
    const key = randomBytes(20);
    for (let i = 0; i < 2000; i++) {
      const counter = randomInt(0, 2 ** 40);
      expect(hotpRef(key, counter, 6)).toBe(hotpRef(key, counter, 8).slice(-6));
    }
  });

  test('the independent reference reproduces the vectors', () => {
    const key = Buffer.from(RFC_SEED_ASCII, 'ascii');
    for (const [time, code8] of RFC_SHA1_VECTORS) expect(hotpRef(key, Math.floor(time / 30), 8)).toBe(code8);
  });
});

test.describe('codeAt / codeForStep against oathtool', () => {
  test('the random secret is 64 Base32 characters', () => {
    expect(SECRET).toMatch(/^[A-Z2-7]{64}$/);
  });

  const times = [
    1, 29, 30, 59, 60,
    // 1_700_000_010 = 56_666_667 × 30: the last second before a step, its first, its last, the next one's first.
    1_700_000_000, 1_700_000_009, 1_700_000_010, 1_700_000_039, 1_700_000_040, 1_795_416_359, 1_795_416_360, 1_795_416_364, 2_000_000_000,
    2_147_483_647, 2_147_483_648, 4_102_444_799,
  ];
  for (const t of times) {
    test(`codeAt at @${t}`, () => {
      expect(codeAt(SECRET, t)).toBe(oathtool(SECRET, `@${t}`));
    });
  }

  test('codeAt now', () => {
    // Retry across a step change between the two reads.
    for (;;) {
      const t = Math.floor(Date.now() / 1000);
      const ours = codeAt(SECRET, t);
      const theirs = oathtool(SECRET, `@${t}`);
      if (stepOf(Math.floor(Date.now() / 1000)) !== stepOf(t)) continue;
      expect(ours).toBe(theirs);
      return;
    }
  });

  test('codeAt floors fractional seconds (last millisecond of a step)', () => {
    expect(codeAt(SECRET, 1_700_000_039.999)).toBe(oathtool(SECRET, '@1700000039'));
    expect(codeAt(SECRET, 1_700_000_039.999)).not.toBe(oathtool(SECRET, '@1700000040'));
  });

  test('codeAt with a calendar time (oathtool --now date form)', () => {
    // 2023-11-14 22:13:20 UTC = 1700000000
    expect(codeAt(SECRET, 1_700_000_000)).toBe(oathtool(SECRET, '2023-11-14 22:13:20 UTC'));
  });

  for (const step of [1, 56_666_666, 56_666_667, 59_847_212, 66_666_666]) {
    test(`codeForStep(${step}) is the code of both ends of that step`, () => {
      const code = codeForStep(SECRET, step);
      expect(code).toBe(oathtool(SECRET, `@${step * 30}`));
      expect(code).toBe(oathtool(SECRET, `@${step * 30 + 29}`));
      expect(code).toBe(hotpRef(KEY, step, 6));
    });
  }

  test('neighbouring steps give the codes oathtool gives for them (no off-by-one)', () => {
    const step = 56_666_667;
    expect(codeForStep(SECRET, step - 1)).toBe(oathtool(SECRET, `@${step * 30 - 1}`));
    expect(codeForStep(SECRET, step + 1)).toBe(oathtool(SECRET, `@${(step + 1) * 30}`));
  });

  test('the secret as the console shows it (lowercase, spaced, padded) gives the same codes', () => {
    const shown =
      SECRET.toLowerCase()
        .replace(/(.{4})/g, '$1 ')
        .trim() + '====';
    expect(codeAt(shown, 1_700_000_000)).toBe(oathtool(SECRET, '@1700000000'));
  });
});

test.describe('normalizeSecret', () => {
  test('strips spaces, tabs, newlines and dashes, upper-cases', () => {
    expect(normalizeSecret(' jbsw y3dp\tehpk-3pxp\n')).toBe('JBSWY3DPEHPK3PXP');
  });
  test('strips = padding', () => {
    expect(normalizeSecret('MZXW6YQ=')).toBe('MZXW6YQ');
    expect(normalizeSecret('mzxw6===')).toBe('MZXW6');
  });
  test('keeps a canonical secret unchanged', () => {
    expect(normalizeSecret(SECRET)).toBe(SECRET);
  });
  for (const bad of ['', '   ', '====', 'JBSWY3DP0', 'JBSWY3DP1', 'JBSWY3DP8', 'JBSWY3DP9', 'JBSW!Y3DP', 'JBSWÉY3DP', 'JBSW_Y3DP']) {
    test(`rejects ${JSON.stringify(bad)} without echoing it`, () => {
      let message = '';
      try {
        normalizeSecret(bad);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/not Base32/);
      if (bad.trim()) expect(message).not.toContain(bad.trim());
    });
  }
});

test.describe('enrolmentCodes (manual clock)', () => {
  const step = 56_666_667; // starts at 1_700_000_010

  test('mid-step: code 1 is step t-1, code 2 is step t, no wait', async () => {
    const t = step * 30 + 10;
    const clock = manualClock(t);
    const codes = await enrolmentCodes(SECRET, clock);
    expect(codes).toEqual({ code1: hotpRef(KEY, step - 1, 6), code2: hotpRef(KEY, step, 6), step });
    expect(codes.code1).toBe(oathtool(SECRET, `@${t - 30}`));
    expect(codes.code2).toBe(oathtool(SECRET, `@${t}`));
    expect(clock.now()).toBe(t);
  });

  test('exactly 3 s left: no wait', async () => {
    const clock = manualClock(step * 30 + 27);
    const codes = await enrolmentCodes(SECRET, clock);
    expect(codes.step).toBe(step);
    expect(codes.code2).toBe(hotpRef(KEY, step, 6));
    expect(clock.now()).toBe(step * 30 + 27);
  });

  for (const into of [27.001, 28, 29.5, 29.999]) {
    test(`fewer than 3 s left (${(30 - into).toFixed(3)} s): waits for the next step`, async () => {
      const clock = manualClock(step * 30 + into);
      const codes = await enrolmentCodes(SECRET, clock);
      expect(clock.now()).toBe((step + 1) * 30);
      expect(codes).toEqual({ code1: hotpRef(KEY, step, 6), code2: hotpRef(KEY, step + 1, 6), step: step + 1 });
    });
  }

  test('at the first second of a step: no wait', async () => {
    const clock = manualClock(step * 30);
    const codes = await enrolmentCodes(SECRET, clock);
    expect(codes.step).toBe(step);
    expect(clock.now()).toBe(step * 30);
  });

  test('a clock that wakes 1 ms early still yields codes from the new step', async () => {
    const clock = earlyClock(step * 30 + 29, 0.001);
    const codes = await enrolmentCodes(SECRET, clock);
    expect(codes.step).toBe(step + 1);
    expect(codes.code2).toBe(hotpRef(KEY, step + 1, 6));
    expect(secondsLeft(clock.now())).toBeGreaterThanOrEqual(3);
  });

  test('a clock that never moves is reported, not looped on forever', async () => {
    const stuck: Clock = { now: () => step * 30 + 29, waitUntil: async () => {} };
    await expect(enrolmentCodes(SECRET, stuck)).rejects.toThrow(/did not reach/);
  });
});

test.describe('codeAfter (manual clock)', () => {
  const step = 56_666_667;

  test('after an earlier step, mid-step: the current code, no wait', async () => {
    const clock = manualClock(step * 30 + 5);
    expect(await codeAfter(SECRET, step - 1, clock)).toEqual({ code: hotpRef(KEY, step, 6), step });
    expect(clock.now()).toBe(step * 30 + 5);
  });

  test('after the current step: waits for the next one', async () => {
    const clock = manualClock(step * 30 + 5);
    expect(await codeAfter(SECRET, step, clock)).toEqual({ code: hotpRef(KEY, step + 1, 6), step: step + 1 });
    expect(clock.now()).toBe((step + 1) * 30);
  });

  test('after a future step: waits until the step after it', async () => {
    const clock = manualClock(step * 30 + 5);
    const r = await codeAfter(SECRET, step + 2, clock);
    expect(r.step).toBe(step + 3);
    expect(r.code).toBe(oathtool(SECRET, `@${(step + 3) * 30}`));
  });

  test('fewer than 3 s left: the next step', async () => {
    const clock = manualClock(step * 30 + 28);
    expect((await codeAfter(SECRET, step - 5, clock)).step).toBe(step + 1);
  });

  test('a clock that wakes 1 ms early never hands back a used step', async () => {
    const clock = earlyClock(step * 30 + 5, 0.001);
    const r = await codeAfter(SECRET, step, clock);
    expect(r.step).toBe(step + 1);
    expect(r.code).toBe(hotpRef(KEY, step + 1, 6));
  });

  test('never returns a step <= afterStep (500 random cases)', async () => {
    for (let i = 0; i < 500; i++) {
      const start = 1_700_000_000 + randomInt(0, 10_000) + randomInt(0, 1000) / 1000;
      const afterStep = stepOf(start) + randomInt(-3, 4);
      const clock = manualClock(start);
      const r = await codeAfter(SECRET, afterStep, clock);
      expect(r.step).toBeGreaterThan(afterStep);
      expect(r.step).toBe(stepOf(clock.now()));
      expect(secondsLeft(clock.now())).toBeGreaterThanOrEqual(3);
      expect(r.code).toBe(hotpRef(KEY, r.step, 6));
    }
  });
});

test.describe('systemClock', () => {
  test('waitUntil never resolves before the target (fractional targets)', async () => {
    // A single setTimeout fires up to ~1 ms early; this caught that.
    for (let i = 0; i < 15; i++) {
      const target = Date.now() / 1000 + 0.02 + randomInt(0, 1000) / 1e6;
      await systemClock.waitUntil(target);
      expect(systemClock.now()).toBeGreaterThanOrEqual(target);
    }
  });
  test('waitUntil in the past resolves at once', async () => {
    const before = Date.now();
    await systemClock.waitUntil(0);
    expect(Date.now() - before).toBeLessThan(50);
  });
});

/** A manual clock whose waitUntil lands `early` seconds before the target the first time it is asked. */
function earlyClock(start: number, early: number): Clock {
  let now = start;
  const asked = new Set<number>();
  return {
    now: () => now,
    waitUntil: async (t) => {
      const target = asked.has(t) ? t : t - early;
      asked.add(t);
      if (target > now) now = target;
    },
  };
}
