import { generateSync } from 'otplib';

// The replica checks MFA codes the way AWS does, on its own: RFC 6238 as an RFC 4226 HOTP whose counter is
// the 30-second time step. It shares no code with lib/secrets/totp.ts, the code it tests: were both to use
// one helper, a mistake in it would pass unnoticed on both sides.

/** Seconds per time step of a virtual MFA device (RFC 6238 X, the value AWS uses). */
export const TIME_STEP_SECONDS = 30;

/** The time step (RFC 6238 T) that holds `epochSeconds`. */
export const stepOf = (epochSeconds: number): number => Math.floor(epochSeconds / TIME_STEP_SECONDS);

/** The 6-digit code of a Base32 seed at time step `step`: HMAC-SHA-1 HOTP with counter = step. */
export function codeForStep(seed: string, step: number): string {
  return generateSync({ strategy: 'hotp', secret: seed, counter: step, digits: 6, algorithm: 'sha1' });
}
