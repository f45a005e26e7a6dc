import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SealedEvidenceSchema } from '../../lib/evidence/evidence.ts';
import { parseResultsTable } from '../../lib/run/results-table.ts';
import { startReplica } from '../../replica/server.ts';
import { SideDoorClient } from '../../replica/sidedoor/client.ts';
import { REPO, run, runbookCli } from '../helpers/spawn.ts';

/** `npm run checks`, as the README and the CI workflow run it. */
const checksCli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', 'bin/checks.ts', ...args], env, 240_000);

test.describe.configure({ mode: 'parallel' });

/** A replica of the test's own (the drift test changes every account's pages), closed afterwards. */
async function withReplica(body: (baseUrl: string) => Promise<void>): Promise<void> {
  const replica = await startReplica({ port: 0 });
  try {
    await body(replica.baseUrl);
  } finally {
    await replica.close();
  }
}

async function settings(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'console-checks-'));
  return {
    EVIDENCE_DIR: path.join(work, 'evidence'),
    VAULT_DIR: path.join(work, 'vault'),
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    RUNBOOK_JUNIT_FILE: path.join(work, 'junit.xml'),
    ...extra,
  };
}

test('on pages as recorded, the checks pass: exit 0, a JUnit report, every runbook checked', async () => {
  test.setTimeout(240_000);
  await withReplica(async (baseUrl) => {
    const env = await settings({ REPLICA_URL: baseUrl });
    const result = await checksCli([], env);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/root-mfa\s+\d{12}\s+checked/);
    // Identity Center's enable page on a fresh account; the portal has no page yet, and says so.
    expect(result.stdout).toMatch(/identity-center\s+\d{12}\s+checked/);
    expect(result.stdout).toMatch(/portal-user-mfa\s+\d{12}\s+checked/);
    expect(result.stdout).not.toContain('Console drift');
    const junit = await readFile(env.RUNBOOK_JUNIT_FILE!, 'utf8');
    expect(junit).toMatch(/<testsuites[^>]* failures="0"/);
    expect(junit).toContain('Assign a virtual MFA device to the root user');
  });
});

test('on a changed page, both commands exit 3 and end with one short block naming runbook, page object, shape and difference', async () => {
  test.setTimeout(300_000);
  await withReplica(async (baseUrl) => {
    await new SideDoorClient(baseUrl).setReplicaDrift({ renameLabel: [{ from: 'Authenticator app', to: 'Authenticator application' }] });
    const env = await settings({ REPLICA_URL: baseUrl });

    const single = await runbookCli(['root-mfa', '--check'], env, 240_000);
    expect(single.code, single.stdout + single.stderr).toBe(3);
    const block = single.stdout.slice(single.stdout.indexOf('\nConsole drift:'));
    expect(block).toContain('Console drift: 1 page no longer looks as recorded');
    expect(block).toContain('root-mfa · AssignMfaWizard · pages/__aria__/assign-mfa-select-device.aria.yml');
    expect(block).toContain('- radio "Authenticator app"');
    expect(block).toContain('+ radio "Authenticator application"');
    // Short: the block, then the closing count.
    expect(block.trim().split('\n').length).toBeLessThanOrEqual(8);

    const all = await checksCli([], env);
    expect(all.code, all.stdout + all.stderr).toBe(3);
    const junit = await readFile(env.RUNBOOK_JUNIT_FILE!, 'utf8');
    expect(junit).toContain('ConsoleDriftError');
    expect(junit).toContain('Console drift on AssignMfaWizard (root-mfa)');
  });
});

test('root-access-keys on a changed Delete dialog: exit 3, the block names the dialog and the new field, the record says drift and verifies', async () => {
  test.setTimeout(240_000);
  await withReplica(async (baseUrl) => {
    const account = await new SideDoorClient(baseUrl).createAccount({
      accessKeys: ['Inactive'],
      drift: { addRequiredField: 'Reason for deletion' },
    });
    const env = await settings({ REPLICA_URL: baseUrl, REPLICA_ACCOUNT_ID: account.accountId });

    const result = await runbookCli(['root-access-keys', '--check'], env, 240_000);
    expect(result.code, result.stdout + result.stderr).toBe(3);
    const block = result.stdout.slice(result.stdout.indexOf('\nConsole drift:'));
    expect(block).toContain('root-access-keys · DeleteAccessKeyDialog · pages/__aria__/delete-access-key.aria.yml');
    expect(block).toContain('+ textbox "Reason for deletion"');
    expect(block).not.toContain(account.accountId);

    // The results table and the sealed record call it drift, not a failure; the bundle still verifies.
    const [row] = parseResultsTable(result.stdout);
    expect(row).toMatchObject({ runbook: 'root-access-keys', account: account.accountId, result: 'drift' });
    const bundle = path.resolve(REPO, row!.evidenceFolder!);
    const record = SealedEvidenceSchema.parse(JSON.parse(await readFile(path.join(bundle, 'evidence.json'), 'utf8')));
    expect(record).toMatchObject({
      runbook: 'root-access-keys',
      result: 'drift',
      error: expect.stringContaining('Console drift on DeleteAccessKeyDialog (root-access-keys)'),
    });
    const verified = await run(process.execPath, ['--import', 'tsx', 'bin/verify.ts', bundle], {});
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toMatch(/VALID: root-access-keys .* account \d{12}: drift,/);
  });
});

test('a check that fails for another reason (a security check nobody can solve) exits 1, not 3', async () => {
  test.setTimeout(240_000);
  await withReplica(async (baseUrl) => {
    const account = await new SideDoorClient(baseUrl).createAccount({ faults: { securityCheck: 'after-email' } });
    const env = await settings({ REPLICA_URL: baseUrl, REPLICA_ACCOUNT_ID: account.accountId });
    const result = await runbookCli(['root-mfa', '--check'], env, 240_000);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain('needs a person');
    expect(result.stdout).not.toContain('Console drift:');
  });
});

test('bad settings still exit 2 before anything starts', async () => {
  const env = await settings({ RUNBOOK_TARGET: 'aws' });
  const result = await checksCli([], env);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('ROOT_EMAIL');
  expect(existsSync(env.RUNBOOK_JUNIT_FILE!)).toBe(false);
});
