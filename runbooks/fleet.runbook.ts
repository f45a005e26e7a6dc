import path from 'node:path';
import { envSecret, loadConfig } from '../config/settings.ts';
import { runbookDetails, test, testFor } from '../fixtures/runbook.ts';
import { accountDisplay, loadManifest } from '../lib/fleet/fleet.ts';
import type { ManagementApi } from '../lib/org/aws.ts';
import { readFleetPlan, runbooksFor } from '../lib/org/fleet-plan.ts';
import { runbook as definitionOf, FLEET_RUNBOOKS } from './registry.ts';

// A fleet (FLEET_MANIFEST, `npm run runbook -- --manifest <file>`): one test per account and runbook of the
// manifest, with the usual fixtures; the `account` fixture builds the account from the manifest entry.
// The plan the CLI made before any browser (lib/org/fleet-plan.ts) picks each account's runbooks: members
// under centralized root access → root-credentials, every other account → its console runbooks.
// Each runbook's title, tags and procedure come from the registry (runbooks/registry.ts); its `runbook` fixture
// from testFor (fixtures/runbook.ts). Without a manifest this file declares nothing.
const settings = loadConfig();
if (settings.fleet.manifest) {
  // Validated again here (the CLI did it first), for `playwright test` run directly.
  const accounts = loadManifest(settings.fleet.manifest, {
    target: settings.target,
    hasEnv: (name) => envSecret(name) !== undefined,
    fleetRunbooks: FLEET_RUNBOOKS,
  });
  const plan = readFleetPlan(settings.evidenceDir, settings.fleet.manifest);
  const stateDir = path.join(settings.evidenceDir, 'fleet-state');
  // One management-account API per worker for every root-credentials run (the plan names the management account).
  // Loaded on first use: a fleet of console runbooks never holds the Organizations and STS clients.
  let sharedApi: Promise<ManagementApi | null> | undefined;
  const apiFor = (config: typeof settings) =>
    (sharedApi ??= import('../fixtures/management-access.ts').then(({ managementApi }) =>
      managementApi(
        {
          ...config,
          organization: {
            ...config.organization,
            managementAccountId: config.organization.managementAccountId ?? plan?.managementAccountId,
          },
        },
        config.replica.url,
      ),
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
      for (const name of runbooks) {
        const definition = definitionOf(name);
        test.describe(() => {
          test.use({ fleetRun: { entry, runbook: name, stateDir, force: settings.fleet.force, checking: settings.mode === 'check' } });
          const details = runbookDetails(definition, {
            tag: '@fleet',
            annotation: [
              { type: 'account', description: who },
              ...(classification ? [{ type: 'class', description: `${classification.kind}: ${classification.reason}` }] : []),
            ],
          });
          // The account ends the title: the evidence folder's name keeps a long title's end.
          const title = `${definition.title}, account ${who}`;
          if (definition.kind === 'api') {
            // API only (root-credentials): the test asks for no page, so no browser starts.
            testFor(definition)(title, details, async ({ runbook }) => {
              const api = (await apiFor(runbook.config)) ?? undefined;
              await definition.procedure({ ...runbook, classification, api } as never);
            });
            return;
          }
          testFor(definition)(title, details, async ({ runbook }) => {
            try {
              await definition.procedure(runbook as never);
            } finally {
              // Why this account took the console path, beside what the runbook recorded.
              if (classification) runbook.evidence.record.details = { ...runbook.evidence.record.details, classification };
            }
          });
        });
      }
    });
  }
}
