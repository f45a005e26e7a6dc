import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config/settings.ts';
import type { FleetAccount } from '../fleet/fleet.ts';
import type { ApiCall, ManagementApi } from './aws.ts';
import type { Classification, ClassifyResult } from './classify.ts';

/**
 * A fleet's plan: every account classified before any browser starts (bin/fleet-cli.ts
 * prepareFleet), written to `<EVIDENCE_DIR>/fleet-classification.json` with the hash of the
 * manifest it was made for; runbooks/fleet.runbook.ts reads it back to send each account down its
 * path, and the fleet report lists it.
 */

export const PLAN_FILE = 'fleet-classification.json';

export interface FleetPlanFile extends ClassifyResult {
  schema: 'aws-console-runbooks/fleet-classification@1';
  manifest: string;
  manifestSha256: string;
  classifiedAt: string;
  /** The Organizations, IAM and STS calls the classification made (request ids; no credentials). */
  apiCalls: ApiCall[];
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Classifies the manifest's accounts with the management account's API, `api` (fixtures/management-access.ts;
 * null when none is configured: every account takes the console path). Closes it.
 */
export async function planFleet(
  config: Config,
  manifest: string,
  accounts: FleetAccount[],
  api: ManagementApi | null,
): Promise<{ plan: FleetPlanFile; file: string; table: string }> {
  try {
    // Loaded here, not with the file: a fleet's workers read the plan (readFleetPlan) without the SDK clients behind it.
    const { classificationTable, classifyAccounts } = await import('./classify.ts');
    const result = await classifyAccounts(
      api,
      accounts.map((a) => ({
        key: a.key,
        accountId: a.accountId,
        alias: a.alias,
        rootEmail: a.rootEmail,
        keepRootPassword: a.keepRootPassword,
        runbooks: a.runbooks,
      })),
      { enableCentralRootAccess: config.organization.enableCentralRootAccess },
    );
    const plan: FleetPlanFile = {
      schema: 'aws-console-runbooks/fleet-classification@1',
      manifest,
      manifestSha256: sha256(manifest),
      classifiedAt: new Date().toISOString(),
      ...result,
      apiCalls: api?.log.calls ?? [],
    };
    await mkdir(config.evidenceDir, { recursive: true });
    const file = path.join(config.evidenceDir, PLAN_FILE);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(plan, null, 2)}\n`);
    await rename(temporary, file);
    return { plan, file, table: classificationTable(result) };
  } finally {
    api?.close();
  }
}

/** The plan made for this manifest (same content hash), or undefined: then each account runs the runbooks it lists. */
export function readFleetPlan(evidenceDir: string, manifest: string): FleetPlanFile | undefined {
  const file = path.join(evidenceDir, PLAN_FILE);
  if (!existsSync(file)) return undefined;
  const plan = JSON.parse(readFileSync(file, 'utf8')) as FleetPlanFile;
  return plan.manifestSha256 === sha256(manifest) ? plan : undefined;
}

/** The runbooks an account runs: its classification's, else the manifest's. */
export function runbooksFor(plan: FleetPlanFile | undefined, entry: FleetAccount): { runbooks: string[]; classification?: Classification } {
  const classification = plan?.accounts.find((c) => c.key === entry.key);
  // A manifest that names root-credentials itself is obeyed; otherwise the classification decides.
  if (!classification) return { runbooks: entry.runbooks };
  return { runbooks: classification.runbooks, classification };
}
