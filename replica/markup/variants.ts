/**
 * `label-variants`: the replica's texts as another era of the console writes them, only variants
 * that console-facts §7 lists (case, punctuation, the older or newer word for the same control).
 * Whole texts only, like drift's `renameLabel`: the server pages rename text nodes and aria-labels
 * (markup/server.ts), the console app takes them as renames (console/drift.ts `label`).
 */
export const LABEL_VARIANTS: ReadonlyArray<{ from: string; to: string }> = [
  // Sign-in (§7 "sign-in headings", "root email label", "MFA at sign-in").
  { from: 'Sign in', to: 'Sign In' },
  { from: 'Root user email address', to: 'Email address' },
  { from: 'Troubleshoot MFA', to: 'Troubleshoot your authentication device' },
  // IAM Security credentials and the MFA wizard (§7 "MFA section", "submit", "code fields", "QR / secret", options).
  { from: 'Multi-factor authentication (MFA)', to: 'Multi-Factor Authentication (MFA)' },
  { from: 'Add MFA', to: 'Assign MFA' },
  { from: 'MFA code 1', to: 'MFA Code 1' },
  { from: 'MFA code 2', to: 'MFA Code 2' },
  { from: 'Show QR code', to: 'Show QR Code' },
  { from: 'Show secret key', to: 'Show secret key for manual configuration' },
  { from: 'Passkey or security key', to: 'Security Key' },
  { from: 'Hardware TOTP token', to: 'Hardware MFA device' },
  // Identity Center's password options (§7 "IC password option").
  {
    from: 'Send an email to this user with password setup instructions. (Recommended)',
    to: 'Send an email to this user with password setup instructions (Recommended)',
  },
  {
    from: 'Generate a one-time password that you can share with this user.',
    to: 'Generate a one-time password that you can share with the user',
  },
  // Access portal (§7 "portal self-service", "QR / secret").
  { from: 'Register MFA device', to: 'Register device' },
  { from: 'show secret key', to: 'Show secret key' },
];
