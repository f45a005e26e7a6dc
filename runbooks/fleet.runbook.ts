import path from 'node:path';
import { envSecret, loadConfig } from '../config/settings.ts';
import { test } from '../fixtures/index.ts';
import { accountDisplay, loadManifest, type FleetRunbook } from '../lib/fleet/fleet.ts';
import { managementApi } from '../lib/org/access.ts';
import type { ManagementApi } from '../lib/org/aws.ts';
import { readFleetPlan, runbooksFor } from '../lib/org/fleet-plan.ts';
import type { RunbookContext } from './context.ts';
import { deleteRootAccessKeys } from './root-access-keys.ts';
import { removeMemberRootCredentials } from './root-credentials.ts';
import { assignRootMfa } from './root-mfa.ts';

/** The console procedures a manifest may name, with their task titles (as in their own *.runbook.ts). */
const PROCEDURES: Record<Exclude<FleetRunbook, 'root-credentials'>, { task: string; run: (ctx: RunbookContext) => Promise<unknown> }> = {
  'root-mfa': { task: 'Assign a virtual MFA device to the root user', run: assignRootMfa },
  'root-access-keys': { task: "Delete the root user's access keys", run: deleteRootAccessKeys },
};
/** The API-only procedure (runbooks/root-credentials.runbook.ts): its test asks for no page, so no browser starts. */
const ROOT_CREDENTIALS_TASK = "Delete a member account's root credentials (centralized root access)";

// A fleet (FLEET_MANIFEST, `npm run runbook -- --manifest <file>`): one test per account and runbook of the
// manifest, with the usual fixtures; the `account` fixture builds the account from the manifest entry.
// The plan the CLI made before any browser (lib/org/fleet-plan.ts) picks each account's runbooks: members
// under centralized root access → root-credentials, every other account → its console runbooks.
// Without a manifest this file declares nothing.
const settings = loadConfig();
if (settings.fleet.manifest) {
  // Validated again here (the CLI did it first), for `playwright test` run directly.
  const accounts = loadManifest(settings.fleet.manifest, { target: settings.target, hasEnv: (name) => envSecret(name) !== undefined });
  const plan = readFleetPlan(settings.evidenceDir, settings.fleet.manifest);
  const stateDir = path.join(settings.evidenceDir, 'fleet-state');
  // One management-account API per worker for every root-credentials run (the plan names the management account).
  let sharedApi: Promise<ManagementApi | null> | undefined;
  const apiFor = (config: typeof settings) => (sharedApi ??= managementApi(
    { ...config, organization: { ...config.organization, managementAccountId: config.organization.managementAccountId ?? plan?.managementAccountId } },
    config.replica.url,
  ));
  // Accounts in parallel: workers share them out, and --shard splits the fleet by account.
  test.describe.configure({ mode: 'parallel' });
  for (const entry of accounts) {
    const who = accountDisplay(entry);
    const { runbooks, classification } = runbooksFor(plan, entry);
    test.describe(() => {
      // One account's runbooks run one after the other, in the manifest's order, in one worker (one root
      // session at a time); a failed one does not stop the next, nor any other account.
      test.describe.configure({ mode: 'default' });
      for (const runbook of runbooks as FleetRunbook[]) {
        test.describe(() => {
          test.use({ fleetRun: { entry, runbook, stateDir, force: settings.fleet.force, checking: settings.mode === 'check' } });
          const details = {
            tag: ['@mutating', `@${runbook}`, '@fleet'],
            annotation: [{ type: 'account', description: who }, { type: 'runbook', description: runbook }, ...(classification ? [{ type: 'class', description: `${classification.kind}: ${classification.reason}` }] : [])],
          };
          if (runbook === 'root-credentials') {
            test(`${ROOT_CREDENTIALS_TASK}, account ${who}`, details, async ({ config, account, log, evidence }) => {
              const api = (await apiFor(config)) ?? undefined;
              await removeMemberRootCredentials({ config, account, log, evidence, classification, api });
            });
            return;
          }
          // The account ends the title: the evidence folder's name keeps a long title's end.
          test(`${PROCEDURES[runbook].task}, account ${who}`, details, async ({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff }) => {
            try {
              await PROCEDURES[runbook].run({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff });
            } finally {
              // Why this account took the console path, beside what the runbook recorded.
              if (classification) evidence.record.details = { ...evidence.record.details, classification };
            }
          });
        });
      }
    });
  }
}
