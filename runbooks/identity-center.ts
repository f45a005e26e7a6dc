import { defineRunbook, loadedOnFirstRun } from './define.ts';

export type { IdentityCenterResult } from './procedures/identity-center.ts';

/** What an administrator in IAM Identity Center is worth to an auditor. */
export const IDENTITY_CENTER_CONTROL = {
  satisfies: [
    'CIS AWS Foundations v3.0.0 1.7 / v5.0.0 1.6 (eliminate use of the root user for administrative and daily tasks): an administrator signs in through IAM Identity Center instead',
    'AWS Well-Architected SEC02-BP04 (rely on a centralized identity provider)',
  ],
  doesNotSatisfy: [
    'MFA for the Identity Center user: the portal-user-mfa runbook registers it',
    'Least privilege: the group holds AdministratorAccess',
  ],
  note: 'Ids only are recorded; a one-time password goes to the vault before the dialog that shows it is closed.',
};

/** The identity-center runbook, as the registry lists it (runbooks/registry.ts). */
export const identityCenter = defineRunbook({
  name: 'identity-center',
  title: 'Set up IAM Identity Center with an administrator group, user and permission set',
  summary:
    'Enable the organization instance of IAM Identity Center; add the administrator (one-time password to the vault), group, AdministratorAccess; verify.',
  kind: 'console',
  control: IDENTITY_CENTER_CONTROL,
  needs: ['identity-center-user', 'identity-center-api'],
  chain: 2,
  procedure: loadedOnFirstRun(async () => (await import('./procedures/identity-center.ts')).setUpIdentityCenterSteps),
});

/** The procedure (with the runbook's name and control recorded in the evidence first): for specs, fleets and tests. */
export const setUpIdentityCenter = identityCenter.procedure;
