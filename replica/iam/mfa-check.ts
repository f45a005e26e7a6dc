import { randomBytes } from 'node:crypto';
import { codeForStep, stepOf } from '../core/totp.ts';
import { AwsError } from '../core/http.ts';
import type { Account, VirtualMfaDevice } from './model.ts';

/**
 * How the replica checks MFA codes and device names, the way AWS does (aws-apis.md §2):
 * two adjacent codes to enable, one code to sign in, each step usable once, ±1 step of skew.
 */

/** "MFA devices in use by the AWS account root user | 8" (IAM quotas). */
export const MAX_ROOT_MFA_DEVICES = 8;
export const DEVICE_NAME_PATTERN = /^[\w+=,.@-]+$/;
export const DEVICE_NAME_MAX = 128;
export const INVALID_CODE = { code: 'InvalidAuthenticationCode', message: 'Authentication code for device is not valid.' } as const;

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A new seed: 40 random bytes in Base32 (64 characters, no padding), like the console's. */
export function newSeed(): string {
  let bits = 0,
    value = 0,
    out = '';
  for (const byte of randomBytes(40)) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export const serialFor = (accountId: string, name: string): string => `arn:aws:iam::${accountId}:mfa/${name}`;

const enabledCount = (account: Account): number => account.mfaDevices.filter((d) => d.enableDate).length;

function assertBelowLimit(account: Account): void {
  if (enabledCount(account) >= MAX_ROOT_MFA_DEVICES) {
    throw new AwsError(
      409,
      'LimitExceeded',
      `Cannot exceed quota for MFA devices in use by the AWS account root user: ${MAX_ROOT_MFA_DEVICES}.`,
    );
  }
}

/** Checks a device name like IAM does: required, `[\w+=,.@-]+`, at most 128 characters, unique in the account. */
export function checkDeviceName(account: Account, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) throw new AwsError(400, 'ValidationError', 'The device name is required.');
  if (name.length > DEVICE_NAME_MAX)
    throw new AwsError(400, 'ValidationError', `The device name must have ${DEVICE_NAME_MAX} characters or fewer.`);
  if (!DEVICE_NAME_PATTERN.test(name)) {
    throw new AwsError(400, 'ValidationError', 'The device name may contain only letters, digits and the characters + = , . @ _ -');
  }
  // Created-but-never-enabled devices keep their name (console-facts §2.5).
  if (account.mfaDevices.some((d) => d.name === name)) {
    throw new AwsError(409, 'EntityAlreadyExists', `MFA device with the name ${name} already exists.`);
  }
  return name;
}

/** Creates an unassigned virtual device (CreateVirtualMFADevice). */
export function addVirtualDevice(account: Account, name: unknown, createDate = new Date().toISOString()): VirtualMfaDevice {
  const checked = checkDeviceName(account, name);
  assertBelowLimit(account);
  const device: VirtualMfaDevice = {
    name: checked,
    serialNumber: serialFor(account.id, checked),
    seed: newSeed(),
    createDate,
    enableDate: null,
    lastUsedStep: null,
  };
  account.mfaDevices.push(device);
  return device;
}

/** Marks a device enabled for the root user; `lastUsedStep` is the step of the last code accepted. */
export function enableDevice(
  account: Account,
  device: VirtualMfaDevice,
  lastUsedStep: number | null,
  enableDate = new Date().toISOString(),
): void {
  if (device.enableDate) throw new AwsError(409, 'EntityAlreadyExists', 'MFA Device is already in use.');
  assertBelowLimit(account);
  device.enableDate = enableDate;
  device.lastUsedStep = lastUsedStep;
}

function assertSixDigits(field: string, code: unknown): string {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code)) {
    throw new AwsError(
      400,
      'ValidationError',
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must be 6 digits.`,
    );
  }
  return code;
}

/**
 * EnableMFADevice's check: some step N with code1 = code(N), code2 = code(N+1), N+1 within one step
 * of the server's step, and N after the device's last used step. Returns N+1; throws
 * InvalidAuthenticationCode (403) otherwise (wrong, out of order, not adjacent, reused, too old).
 */
export function checkEnableCodes(device: VirtualMfaDevice, code1: unknown, code2: unknown, nowSeconds: number): number {
  const c1 = assertSixDigits('authenticationCode1', code1);
  const c2 = assertSixDigits('authenticationCode2', code2);
  const now = stepOf(nowSeconds);
  const floor = device.lastUsedStep ?? -Infinity;
  for (let n = now - 2; n <= now; n++) {
    if (n > floor && codeForStep(device.seed, n) === c1 && codeForStep(device.seed, n + 1) === c2) return n + 1;
  }
  throw new AwsError(403, INVALID_CODE.code, INVALID_CODE.message);
}

/**
 * Sign-in's check: one code from a step within one step of the server's, after the device's last
 * used step. Returns the device that accepted it (and records the step), or null.
 */
export function acceptSignInCode(devices: VirtualMfaDevice[], code: string, nowSeconds: number): VirtualMfaDevice | null {
  if (!/^\d{6}$/.test(code)) return null;
  const now = stepOf(nowSeconds);
  for (const device of devices) {
    if (!device.enableDate) continue;
    const floor = device.lastUsedStep ?? -Infinity;
    for (let s = now - 1; s <= now + 1; s++) {
      if (s > floor && codeForStep(device.seed, s) === code) {
        device.lastUsedStep = s;
        return device;
      }
    }
  }
  return null;
}
