import { generateSync } from 'otplib';
import type { Clock } from '../run/clock.ts';

/** TOTP period used by AWS virtual MFA devices (seconds). */
export const PERIOD = 30;
/** Below this many seconds left in a step, enrolment waits for the next step so both codes land in time. */
export const MIN_SECONDS_LEFT = 3;

const BASE32 = /^[A-Z2-7]+$/;

/** Strips spaces, dashes and `=` padding and upper-cases a Base32 seed as shown by the console. */
export function normalizeSecret(raw: string): string {
  const secret = raw.replace(/[\s=-]/g, '').toUpperCase();
  if (!secret || !BASE32.test(secret)) {
    throw new Error('The captured MFA secret is not Base32 (A-Z, 2-7); the page may have changed');
  }
  return secret;
}

/** The 30-second step number that contains `epochSeconds`. */
export const stepOf = (epochSeconds: number): number => Math.floor(epochSeconds / PERIOD);
/** Seconds left in the step that contains `epochSeconds`. */
export const secondsLeft = (epochSeconds: number): number => PERIOD - (epochSeconds % PERIOD);

/** The 6-digit SHA-1 code for the step that contains `epochSeconds` (seconds, never milliseconds). */
export function codeAt(secret: string, epochSeconds: number): string {
  return generateSync({ secret: normalizeSecret(secret), epoch: Math.floor(epochSeconds) });
}

/** The code for a given step number. */
export const codeForStep = (secret: string, step: number): string => codeAt(secret, step * PERIOD);

/** Two consecutive codes for enrolment: code 1 from the previous step, code 2 from the current one. */
export interface EnrolmentCodes {
  code1: string;
  code2: string;
  /** Step of code 2: any later sign-in must use a code from a step after this one. */
  step: number;
}

/**
 * Codes for "MFA code 1" and "MFA code 2": step t-30 and step t, so no 30 s wait.
 * Waits for the next step first when fewer than MIN_SECONDS_LEFT seconds remain.
 */
export async function enrolmentCodes(secret: string, clock: Clock): Promise<EnrolmentCodes> {
  let t = clock.now();
  // A loop, not an if: a clock may wake a hair before the boundary (timers, float sums), and
  // codes from the step being left would expire at once.
  for (let waits = 0; secondsLeft(t) < MIN_SECONDS_LEFT; waits++) {
    if (waits === MAX_WAITS) throw clockStuck(clock, (stepOf(t) + 1) * PERIOD);
    await clock.waitUntil((stepOf(t) + 1) * PERIOD);
    t = clock.now();
  }
  const step = stepOf(t);
  return { code1: codeForStep(secret, step - 1), code2: codeForStep(secret, step), step };
}

/**
 * A fresh code from a step later than `afterStep` (codes already used are refused),
 * waiting for that step to begin when needed.
 */
export async function codeAfter(secret: string, afterStep: number, clock: Clock): Promise<{ code: string; step: number }> {
  let t = clock.now();
  // A loop for the same reason as in enrolmentCodes: an early wake-up must not hand back a used step.
  for (let waits = 0; stepOf(t) <= afterStep || secondsLeft(t) < MIN_SECONDS_LEFT; waits++) {
    const next = Math.max(afterStep + 1, stepOf(t) + 1);
    if (waits === MAX_WAITS) throw clockStuck(clock, next * PERIOD);
    await clock.waitUntil(next * PERIOD);
    t = clock.now();
  }
  const step = stepOf(t);
  return { code: codeForStep(secret, step), step };
}

// More re-waits than any honest clock needs; beyond this the clock is not moving.
const MAX_WAITS = 10;
function clockStuck(clock: Clock, target: number): Error {
  return new Error(
    `The clock did not reach ${new Date(target * 1000).toISOString()} (it says ${new Date(clock.now() * 1000).toISOString()}) after ${MAX_WAITS} waits`,
  );
}
