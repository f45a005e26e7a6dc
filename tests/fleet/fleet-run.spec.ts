import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseResultsTable, type ResultRow } from '../../lib/run/results-table.ts';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { SideDoorClient } from '../../replica/sidedoor/client.ts';
import type { Account } from '../../replica/iam/model.ts';
import { runbookCli } from '../helpers/spawn.ts';

// Each test runs whole fleets (several browsers): one at a time, on one replica started here.
test.describe.configure({ mode: 'serial' });

let replica: ReplicaServer;
let sideDoor: SideDoorClient;
test.beforeAll(async () => {
  replica = await startReplica({ port: 0 });
  sideDoor = new SideDoorClient(replica.baseUrl);
});
test.afterAll(async () => {
  await replica?.close();
});

/** A manifest of accounts 9000000000NN, written to a fresh folder with its evidence and vault folders. */
async function fleet(accounts: object[]): Promise<{ manifest: string; env: Record<string, string> }> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'fleet-'));
  const manifest = path.join(work, 'fleet.json');
  await writeFile(manifest, `${JSON.stringify({ accounts }, null, 2)}\n`);
  return {
    manifest,
    env: {
      REPLICA_URL: replica.baseUrl,
      EVIDENCE_DIR: path.join(work, 'evidence'),
      VAULT_DIR: path.join(work, 'vault'),
      LOG_LEVEL: 'warn',
    },
  };
}

const evidenceOf = async (row: ResultRow) => JSON.parse(await readFile(path.resolve(row.evidenceFolder!, 'evidence.json'), 'utf8'));
const byAccount = (rows: ResultRow[]) => Object.fromEntries(rows.map((r) => [r.account, r]));

test('a fleet of three where one account fails: the others succeed, exit 1, the table lists all three; a re-run skips the two done; --force runs them', async () => {
  test.setTimeout(300_000);
  const password = 'Fleet-test-Passw0rd!';
  // The third account exists already, with its password, and refuses every MFA code.
  await sideDoor.createAccount({
    accountId: '900000000003',
    rootEmail: 'root+fleet3@example.com',
    rootPassword: password,
    faults: { rejectCodes: 10 },
  });
  const { manifest, env } = await fleet([
    { accountId: '900000000001', alias: 'fleet-one', rootEmail: 'root+fleet1@example.com', password: 'replica' },
    { accountId: '900000000002', rootEmail: 'root+fleet2@example.com', password: 'replica' },
    { accountId: '900000000003', rootEmail: 'root+fleet3@example.com', password: 'env:FLEET_THREE_PASSWORD' },
  ]);
  const fleetEnv = { ...env, FLEET_THREE_PASSWORD: password };

  const first = await runbookCli(['--manifest', manifest], fleetEnv, 240_000);
  const terminal = first.stdout + first.stderr;
  expect(first.code, terminal).toBe(1);
  expect(first.stdout).toContain('3 accounts, 3 runs (root-mfa)');
  expect(terminal).not.toContain(password);
  const rows = byAccount(parseResultsTable(first.stdout));
  expect(Object.keys(rows).sort(), first.stdout).toEqual(['900000000001 (fleet-one)', '900000000002', '900000000003']);
  for (const [account, id] of [
    ['900000000001 (fleet-one)', '900000000001'],
    ['900000000002', '900000000002'],
  ] as const) {
    expect(rows[account]).toMatchObject({ runbook: 'root-mfa', result: 'assigned', detail: `arn:aws:iam::${id}:mfa/root-mfa` });
    expect(await evidenceOf(rows[account]!)).toMatchObject({ account: id, result: 'assigned' });
    // Created by the fleet through the side door, as the manifest says.
    const state = await sideDoor.state<Account>(id);
    expect(state.rootEmail).toBe(`root+fleet${id.slice(-1)}@example.com`);
    expect(state.mfaDevices.filter((d) => d.enableDate)).toHaveLength(1);
  }
  expect(rows['900000000003']).toMatchObject({
    runbook: 'root-mfa',
    result: 'failed',
    detail: expect.stringContaining('Could not assign MFA to root of 900000000003'),
  });
  expect(await evidenceOf(rows['900000000003']!)).toMatchObject({ account: '900000000003', result: 'failed' });
  const done = Object.fromEntries(Object.values(rows).map((r) => [r.account, path.resolve(r.evidenceFolder!)]));

  // The account is fixed; a re-run runs only it, and lists the other two as skipped, with their first evidence.
  await sideDoor.setFaults('900000000003', { rejectCodes: null } as never);
  const second = await runbookCli(['--manifest', manifest], fleetEnv, 240_000);
  expect(second.code, second.stdout + second.stderr).toBe(0);
  const again = byAccount(parseResultsTable(second.stdout));
  for (const account of ['900000000001 (fleet-one)', '900000000002']) {
    expect(again[account]).toMatchObject({
      result: expect.stringMatching(/^skipped \(done on \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/),
      detail: expect.stringContaining(':mfa/root-mfa'),
    });
    expect(path.resolve(again[account]!.evidenceFolder!)).toBe(done[account]);
  }
  // The failed run created a device it never enabled, which keeps the name "root-mfa": the runbook takes the next one.
  expect(again['900000000003']).toMatchObject({ result: 'assigned', detail: 'arn:aws:iam::900000000003:mfa/root-mfa-2' });
  expect(path.resolve(again['900000000003']!.evidenceFolder!)).not.toBe(done['900000000003']);
  expect(second.stdout).toMatch(/0 passed|1 passed, 0 failed, 2 skipped/);
  // Skipped accounts got no browser, no evidence folder in the second run, and still have one device each.
  // Beside the run folders: fleet-state/, the plan (fleet-classification.json) and the report (fleet-report.*).
  const runs = (await readdir(env.EVIDENCE_DIR!)).filter((d) => d !== 'fleet-state' && !d.startsWith('fleet-'));
  expect(runs).toHaveLength(2);
  const secondRun = runs.find((d) => !done['900000000001 (fleet-one)']!.includes(d))!;
  const bundles = (await readdir(path.join(env.EVIDENCE_DIR!, secondRun))).filter((f) =>
    existsSync(path.join(env.EVIDENCE_DIR!, secondRun, f, 'bundle')),
  );
  expect(bundles).toEqual([expect.stringContaining('900000000003')]);
  expect((await sideDoor.state<Account>('900000000001')).mfaDevices).toHaveLength(1);
  expect(existsSync(path.join(env.EVIDENCE_DIR!, 'fleet-state', '900000000003--root-mfa.json'))).toBe(true);

  // --force runs every account again: each checks first and finds MFA already there.
  const forced = await runbookCli(['--manifest', manifest, '--force'], fleetEnv, 240_000);
  expect(forced.code, forced.stdout + forced.stderr).toBe(0);
  expect(parseResultsTable(forced.stdout).map((r) => r.result)).toEqual(['already-compliant', 'already-compliant', 'already-compliant']);
});

test('--shard=1/2 and --shard=2/2, run at the same time like two CI machines, cover every account exactly once', async () => {
  test.setTimeout(300_000);
  const accounts = ['900000000011', '900000000012', '900000000013'].map((accountId) => ({
    accountId,
    rootEmail: `root+${accountId}@example.com`,
    password: 'replica',
  }));
  const machines = await Promise.all([fleet(accounts), fleet(accounts)]);
  const shards = await Promise.all(
    machines.map(({ manifest, env }, i) =>
      runbookCli(['root-mfa', '--manifest', manifest, `--shard=${i + 1}/2`, '--workers=1'], env, 240_000),
    ),
  );
  for (const shard of shards) expect(shard.code, shard.stdout + shard.stderr).toBe(0);
  const ran = shards.flatMap((s) => parseResultsTable(s.stdout));
  expect(ran.map((r) => r.account).sort()).toEqual(accounts.map((a) => a.accountId));
  expect(ran.every((r) => r.result === 'assigned')).toBe(true);
  expect(shards.map((s) => parseResultsTable(s.stdout).length).sort()).toEqual([1, 2]);
});
