import path from 'node:path';
import { envSecret, type Config } from '../config/settings.ts';
import { FleetManifestError, loadManifest } from '../lib/fleet/fleet.ts';
import { FLEET_RUNBOOKS, tagPattern } from '../runbooks/registry.ts';

/**
 * The fleet part of the operator command (bin/runbook.ts): its options, their checks, and what
 * happens before `playwright test` starts a fleet.
 */

/** Options for node:util parseArgs. */
export const FLEET_OPTIONS = {
  manifest: { type: 'string' },
  shard: { type: 'string' },
  workers: { type: 'string' },
  force: { type: 'boolean' },
  organization: { type: 'boolean' },
  'enable-central-root-access': { type: 'boolean' },
} as const;

export const FLEET_HELP = `Fleets (one run per account and runbook of a manifest; README, "Fleets"):
  --manifest <file>           accounts manifest, JSON or CSV (FLEET_MANIFEST); the runbook name then
                              picks one runbook, else each account runs the runbooks it lists
  --workers <n>               runs at once on this machine (default 2)
  --shard <x/y>               run part x of y of the accounts, e.g. one part per CI machine
  --force                     run again what an earlier run finished (FLEET_FORCE); otherwise
                              accounts done are skipped, as recorded in EVIDENCE_DIR/fleet-state/
  --organization              the fleet is every account of the organization (Organizations ListAccounts
                              with the management account's credentials, ORG_MANAGEMENT_ACCOUNT_ID)
  --enable-central-root-access  turn centralized root access on first (the two IAM calls) when a member
                              needs it (ORG_ENABLE_CENTRAL_ROOT_ACCESS)
  Before any browser, each account is classified (README, "Organizations"): members under centralized
  root access run root-credentials (API only), every other account its console runbooks. The run
  ends with EVIDENCE_DIR/fleet-report.html and .json; npm run fleet-report -- <dirs…> merges shards.
`;

interface FleetValues {
  manifest?: string;
  shard?: string;
  workers?: string;
  force?: boolean;
  organization?: boolean;
  'enable-central-root-access'?: boolean;
}

/** Checks the fleet options, adding to `problems`; returns the settings they set and the arguments for `playwright test`. */
export function fleetOptions(
  values: FleetValues,
  envManifest: string | undefined,
  problems: string[],
): { env: Record<string, string>; args: string[] } {
  const env: Record<string, string> = {};
  const args: string[] = [];
  if (values.manifest !== undefined) env.FLEET_MANIFEST = path.resolve(values.manifest);
  if (values.force) env.FLEET_FORCE = 'true';
  if (values.organization) env.FLEET_ORGANIZATION = 'true';
  if (values['enable-central-root-access']) env.ORG_ENABLE_CENTRAL_ROOT_ACCESS = 'true';
  if (values.organization && values.manifest) problems.push('choose either --manifest or --organization');
  if (values.workers !== undefined) {
    if (/^[1-9]\d{0,2}$/.test(values.workers)) args.push(`--workers=${values.workers}`);
    else problems.push(`--workers must be a whole number from 1, not "${values.workers}"`);
  }
  if (values.shard !== undefined) {
    const [, x, y] = /^(\d+)\/(\d+)$/.exec(values.shard) ?? [];
    if (x && y && Number(x) >= 1 && Number(x) <= Number(y)) args.push(`--shard=${values.shard}`);
    else problems.push(`--shard must be x/y with 1 ≤ x ≤ y (e.g. 2/3), not "${values.shard}"`);
  }
  if (!values.manifest && !envManifest && !values.organization && (values.shard !== undefined || values.force))
    problems.push('--shard and --force split or repeat a fleet: add --manifest <file>');
  return { env, args };
}

/** What `playwright test` runs for a fleet. */
export interface FleetPlan {
  /** The fleet spec, and a --grep for the runbook's tag when one runbook was named. */
  args: string[];
  /** Settings for the run, e.g. REPLICA_URL of the replica every worker shares. */
  env: Record<string, string>;
  /** One line for the terminal. */
  summary: string;
}

/**
 * Before a fleet starts: validates the manifest (every problem printed, exit 2, no browser), picks
 * the runbook when one was named, and on the replica starts one replica in this process that every worker
 * shares, so that accounts are where the manifest says whichever worker (or restarted worker) runs them.
 */
export async function prepareFleet(config: Config, runbook: string | undefined): Promise<FleetPlan> {
  const env: Record<string, string> = {};
  // On the replica the accounts live in the replica named by REPLICA_URL (else one started here, below).
  let file = config.fleet.manifest;
  if (!file) {
    const { organizationManifest } = await import('../lib/org/organization-manifest.ts');
    const { managementApi } = await import('../fixtures/management-access.ts');
    file = await organizationManifest(config, config.replica.url, (url) => managementApi(config, url));
    env.FLEET_MANIFEST = file;
  }
  const problems: string[] = [];
  let accounts: ReturnType<typeof loadManifest> = [];
  try {
    accounts = loadManifest(file, {
      target: config.target,
      hasEnv: (name) => envSecret(name) !== undefined,
      fleetRunbooks: FLEET_RUNBOOKS,
    });
  } catch (err) {
    if (!(err instanceof FleetManifestError)) throw err;
    problems.push(err.message);
  }
  if (runbook && !FLEET_RUNBOOKS.includes(runbook))
    problems.push(`✖ runbook "${runbook}" does not run as a fleet (fleets: ${FLEET_RUNBOOKS.join(', ')})`);
  else if (runbook && runbook !== 'root-credentials' && accounts.length && !accounts.some((a) => a.runbooks.includes(runbook)))
    problems.push(`✖ no account of ${file} lists the runbook "${runbook}"`);
  if (config.replica.accountId)
    problems.push('✖ REPLICA_ACCOUNT_ID names one account: a fleet takes its accounts from the manifest (unset it)');
  if (problems.length) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exit(2);
  }

  let where = config.target === 'aws' ? 'on aws' : `on the replica at ${config.replica.url}`;
  let replicaUrl = config.replica.url;
  if (config.target === 'replica' && !config.replica.url) {
    // A replica per worker would hold only the accounts that worker ran (and lose them when a failed test restarts it).
    const { startReplica } = await import('../replica/server.ts');
    const replica = await startReplica({ port: 0 });
    env.REPLICA_URL = replicaUrl = replica.baseUrl;
    where = `on a replica shared by every worker (${replica.baseUrl}, gone when the run ends)`;
  }
  // Before any browser: which path each account takes (runbooks/fleet.runbook.ts reads the plan back).
  const { planFleet } = await import('../lib/org/fleet-plan.ts');
  const { managementApi } = await import('../fixtures/management-access.ts');
  const planned = await planFleet(config, file, accounts, await managementApi(config, replicaUrl));
  if (planned.plan.organizationId) process.stdout.write(`${planned.table}\n`);
  const routed = new Map(planned.plan.accounts.map((c) => [c.key, c.runbooks]));
  const runbooksOf = (a: (typeof accounts)[number]) => routed.get(a.key) ?? a.runbooks;
  const runbooks = FLEET_RUNBOOKS.filter((r) => (runbook ? r === runbook : accounts.some((a) => runbooksOf(a).includes(r))));
  const runs = accounts.reduce((n, a) => n + runbooksOf(a).filter((r) => runbooks.includes(r)).length, 0);
  return {
    args: ['runbooks/fleet.runbook.ts', ...(runbook ? [`--grep=${tagPattern(runbook)}`] : [])],
    env,
    summary: `Fleet ${path.relative(process.cwd(), file) || file}: ${accounts.length} account${accounts.length === 1 ? '' : 's'}, ${runs} run${runs === 1 ? '' : 's'} (${runbooks.join(', ')}) ${where}`,
  };
}
