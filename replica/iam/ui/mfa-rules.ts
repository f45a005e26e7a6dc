/** The console's checks on the MFA set-up fields (console-facts.md §2.5, §2.6). */

export const DEVICE_NAME_MAX = 128;

/** Why a device name is refused, or null when it is fine. */
export function deviceNameError(name: string): string | null {
  if (name.length === 0) return 'Enter a device name.';
  if (!/^[\w+=,.@-]+$/.test(name)) return "The device name can contain only alphanumeric characters and '+ = , . @ - _'.";
  if (name.length > DEVICE_NAME_MAX) return `The device name must have ${DEVICE_NAME_MAX} characters or fewer.`;
  return null;
}

/** Why an MFA code is refused, or null when it is six digits. */
export function mfaCodeError(code: string): string | null {
  return /^\d{6}$/.test(code.trim()) ? null : 'Enter a 6-digit MFA code.';
}

/** The two MFA codes of a set-up form, with their field errors. */
export interface CodeFields {
  code1: string;
  code2: string;
  error1: string | null;
  error2: string | null;
}

export const EMPTY_CODES: CodeFields = { code1: '', code2: '', error1: null, error2: null };

/** Checks both codes; the result carries the errors to show. */
export function checkCodes(codes: CodeFields): CodeFields {
  return { ...codes, error1: mfaCodeError(codes.code1), error2: mfaCodeError(codes.code2) };
}
