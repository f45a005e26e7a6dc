import { defineRunbook, loadedOnFirstRun } from './define.ts';

export type { RootCredentialsContext } from './procedures/root-credentials.ts';

/** What deleting a member's root credentials is worth to an auditor (aws-apis.md §5.1, §5.2). */
export const ROOT_CREDENTIALS_CONTROL = {
  satisfies: [
    'CIS AWS Foundations v5.0.0 1.3 / v6.0.0 2.3 (no root user access key exists)',
    'CIS AWS Foundations v5.0.0 1.4 / v6.0.0 2.4 (root MFA): with centralized root access the member has no root credentials, so root MFA is "neither possible nor necessary"',
    'AWS Security Hub IAM.4 (IAM root user access key should not exist)',
  ],
  doesNotSatisfy: ['CIS hardware root MFA (L2) for the management account: that account keeps its root user (root-mfa in the console)'],
  note:
    'API only (STS AssumeRoot from the management account, task policies IAMAuditRootUserCredentials and IAMDeleteRootUserCredentials); ' +
    'the member cannot sign in as root or recover its password until IAMCreateRootUserPassword is used. Request ids are recorded, never credentials.',
};

/** The root-credentials runbook, as the registry lists it (runbooks/registry.ts). */
export const rootCredentials = defineRunbook({
  name: 'root-credentials',
  title: "Delete a member account's root credentials (centralized root access)",
  summary: "API only: delete a member account's root credentials with STS AssumeRoot (centralized root access); verify.",
  kind: 'api',
  control: ROOT_CREDENTIALS_CONTROL,
  fleet: true,
  // Its check mode only audits through the API: not part of the console's scheduled checks.
  checks: false,
  procedure: loadedOnFirstRun(async () => (await import('./procedures/root-credentials.ts')).removeMemberRootCredentialsSteps),
});

/** The procedure (with the runbook's name and control recorded in the evidence first): for specs, fleets and tests. */
export const removeMemberRootCredentials = rootCredentials.procedure;
