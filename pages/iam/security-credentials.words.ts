/** The root "Security credentials" page's words, both generations (console-facts.md §2, §7). */
export const SECURITY_CREDENTIALS = {
  path: '/iam/home#/security_credentials',
  heading: /^(My security credentials|Your Security Credentials|Security credentials|My Security Credentials)$/i,
  // G1 dialog shown first on some accounts.
  continueInterstitial: /^Continue to Security credentials$/i,
  assign: /^(Assign MFA device|Add MFA)$/i,
  legacyActivate: /^(Activate MFA|Manage MFA)$/i,
  legacyMfaSection: /^Multi-Factor Authentication \(MFA\)$/i,
  mfaSerial: /arn:aws[\w-]*:iam::\d{12}:mfa\/[\w+=,.@/-]+/,
  noMfaDevices: /^No MFA devices/i,
} as const;
