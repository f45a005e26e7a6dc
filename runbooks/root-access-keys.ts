import { defineRunbook, loadedOnFirstRun } from './define.ts';

export type { KeyRecord, RootAccessKeysResult } from './procedures/root-access-keys.ts';

/** What deleting every root access key is worth to an auditor (aws-apis.md §5.1). */
export const ROOT_ACCESS_KEYS_CONTROL = {
  satisfies: [
    'AWS Security Hub IAM.4 (IAM root user access key should not exist)',
    'CIS AWS Foundations v3.0.0 1.4 / v5.0.0 1.3 / v6.0.0 2.3 (no root user access key exists)',
  ],
  doesNotSatisfy: [],
  note: 'Deleted keys are gone for good; programs that used them stop working. Only key ids are recorded, never secrets.',
};

/** The root-access-keys runbook, as the registry lists it (runbooks/registry.ts). */
export const rootAccessKeys = defineRunbook({
  name: 'root-access-keys',
  title: "Delete the root user's access keys",
  summary: "Deactivate and delete the root user's access keys; record their ids; verify.",
  kind: 'console',
  control: ROOT_ACCESS_KEYS_CONTROL,
  fleet: true,
  procedure: loadedOnFirstRun(async () => (await import('./procedures/root-access-keys.ts')).deleteRootAccessKeysSteps),
});

/** The procedure (with the runbook's name and control recorded in the evidence first): for specs, fleets and tests. */
export const deleteRootAccessKeys = rootAccessKeys.procedure;
