import { defineRunbook, loadedOnFirstRun } from './define.ts';

export type { RootMfaContext, RootMfaResult } from './procedures/root-mfa.ts';

/** What a virtual root MFA device is worth to an auditor (aws-apis.md §5.1, peers §2.11). */
export const ROOT_MFA_CONTROL = {
  satisfies: [
    'AWS Security Hub IAM.9 (MFA should be enabled for the root user)',
    'CIS AWS Foundations v5.0.0 1.4 / v6.0.0 2.4 (MFA enabled for the root user)',
  ],
  doesNotSatisfy: [
    'AWS Security Hub IAM.6 (hardware MFA for the root user)',
    'CIS AWS Foundations v5.0.0 1.5 / v6.0.0 2.5 (hardware MFA for the root user)',
  ],
  note: 'A virtual (TOTP) device whose seed is held in the vault; a hardware device is needed for IAM.6.',
};

/** The root-mfa runbook, as the registry lists it (runbooks/registry.ts). */
export const rootMfa = defineRunbook({
  name: 'root-mfa',
  title: 'Assign a virtual MFA device to the root user',
  summary: 'Assign a virtual MFA device to the root user; seed to the vault; verify.',
  kind: 'console',
  control: ROOT_MFA_CONTROL,
  fleet: true,
  chain: 1,
  procedure: loadedOnFirstRun(async () => (await import('./procedures/root-mfa.ts')).assignRootMfaSteps),
});

/** The procedure (with the runbook's name and control recorded in the evidence first): for specs, fleets and tests. */
export const assignRootMfa = rootMfa.procedure;
