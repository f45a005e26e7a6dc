import { codeForStep, stepOf } from '../core/totp.ts';
import type { IdcMfaDevice } from '../identity-center/model.ts';

/**
 * How the access portal checks authenticator codes, like IAM's sign-in check (mfa-check.ts): one
 * 6-digit code from a step within one step of the account's clock, after the device's last used step.
 */

/** At most 2 authenticator apps per user (console-facts §3.9). */
export const MAX_AUTHENTICATOR_APPS = 2;

/** The step a code belongs to when it is acceptable for a device whose last used step is `floor`; null otherwise. */
export function acceptedStep(seed: string, code: string, nowSeconds: number, floor: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const now = stepOf(nowSeconds);
  for (let s = now - 1; s <= now + 1; s++) {
    if (s > (floor ?? -Infinity) && codeForStep(seed, s) === code) return s;
  }
  return null;
}

/** Sign-in: the device that accepts the code (its step is then used), or null. */
export function acceptSignInCode(devices: IdcMfaDevice[], code: string, nowSeconds: number): IdcMfaDevice | null {
  for (const device of devices) {
    const step = acceptedStep(device.seed, code, nowSeconds, device.lastUsedStep);
    if (step !== null) {
      device.lastUsedStep = step;
      return device;
    }
  }
  return null;
}
