import { defineRunbook, loadedOnFirstRun } from './define.ts';

export type { PortalUserMfaContext, PortalUserMfaResult } from './procedures/portal-user-mfa.ts';

/** What the runbook is worth to an auditor. */
export const PORTAL_USER_MFA_CONTROL = {
  satisfies: [
    'IAM Identity Center: the administrator signs in to the AWS access portal with a password and MFA (an authenticator app whose seed is in the vault)',
  ],
  doesNotSatisfy: ['Phishing-resistant MFA (a security key or passkey) for the administrator'],
  note: "No public API lists or registers an Identity Center user's MFA devices: the result is confirmed by signing out and back in with a code from the stored seed.",
};

/** The portal-user-mfa runbook, as the registry lists it (runbooks/registry.ts). */
export const portalUserMfa = defineRunbook({
  name: 'portal-user-mfa',
  title: 'Register an MFA device for the Identity Center administrator in the access portal',
  summary: "In the access portal: the administrator's new password and authenticator app (both to the vault); sign in again with MFA.",
  kind: 'console',
  control: PORTAL_USER_MFA_CONTROL,
  needs: ['identity-center-user', 'identity-center-api'],
  chain: 3,
  procedure: loadedOnFirstRun(async () => (await import('./procedures/portal-user-mfa.ts')).registerPortalUserMfaSteps),
});

/** The procedure (with the runbook's name and control recorded in the evidence first): for specs, fleets and tests. */
export const registerPortalUserMfa = portalUserMfa.procedure;
