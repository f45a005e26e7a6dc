import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { FleetReport } from '../../lib/org/fleet-report.ts';
import { parseResultsTable, type ResultRow } from '../../lib/run/results-table.ts';
import { OrgSideDoorClient } from '../../replica/sidedoor/organizations-client.ts';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { SideDoorClient } from '../../replica/sidedoor/client.ts';
import type { Account } from '../../replica/iam/model.ts';
import { run, runbookCli } from '../helpers/spawn.ts';

// A fleet over an organization: each account goes down its own path (issue 13 item 3), and the run ends with
// fleet-report.html/.json (item 4); npm run fleet-report merges the reports of several shards or machines.
test.describe.configure({ mode: 'serial' });

let replica: ReplicaServer;
test.beforeAll(async () => {
  replica = await startReplica({ port: 0 });
});
test.afterAll(async () => {
  await replica?.close();
});

const byAccount = (rows: ResultRow[]) => Object.fromEntries(rows.map((r) => [`${r.account}/${r.runbook}`, r]));

test('the fleet sends each kind down its path: member under centralized root access → root-credentials (no browser), management, member keeping its password and standalone → root-mfa; the report lists all four', async () => {
  test.setTimeout(300_000);
  const org = await new OrgSideDoorClient(replica.baseUrl).createOrganization({
    management: { accountId: '910000000001', rootEmail: 'root+mgmt@example.com' },
    members: [
      {
        accountId: '910000000002',
        rootEmail: 'root+member@example.com',
        accessKeys: ['Active'],
        mfaDevices: ['old-device'],
        signingCertificates: ['Active'],
      },
      { accountId: '910000000003', rootEmail: 'root+keeper@example.com' },
    ],
    features: ['RootCredentialsManagement', 'RootSessions'],
  });
  await new SideDoorClient(replica.baseUrl).createAccount({ accountId: '910000000004', rootEmail: 'root+alone@example.com' });
  const work = await mkdtemp(path.join(os.tmpdir(), 'org-fleet-'));
  const manifest = path.join(work, 'fleet.json');
  await writeFile(
    manifest,
    JSON.stringify(
      {
        accounts: [
          { accountId: '910000000001', rootEmail: 'root+mgmt@example.com', password: 'replica' },
          { accountId: '910000000002', rootEmail: 'root+member@example.com', password: 'replica' },
          { accountId: '910000000003', rootEmail: 'root+keeper@example.com', password: 'replica', keepRootPassword: true },
          { accountId: '910000000004', rootEmail: 'root+alone@example.com', password: 'replica' },
        ],
      },
      null,
      2,
    ),
  );
  const evidenceDir = path.join(work, 'evidence');
  const env = {
    REPLICA_URL: replica.baseUrl,
    ORG_MANAGEMENT_ACCOUNT_ID: org.management.accountId,
    EVIDENCE_DIR: evidenceDir,
    VAULT_DIR: path.join(work, 'vault'),
    LOG_LEVEL: 'warn',
  };

  const first = await runbookCli(['--manifest', manifest, '--workers=2'], env, 280_000);
  const terminal = first.stdout + first.stderr;
  expect(first.code, terminal).toBe(0);
  // The classification table comes before any run.
  expect(first.stdout).toContain(`Accounts of ${org.organizationId}`);
  expect(first.stdout).toMatch(/910000000002\s+member\s+on\s+password 1k 1mfa 1cert\s+root-credentials \(API\)/);
  expect(first.stdout).toContain('4 accounts, 4 runs (root-mfa, root-credentials)');
  const rows = byAccount(parseResultsTable(first.stdout));
  expect(Object.keys(rows).sort()).toEqual([
    '910000000001/root-mfa',
    '910000000002/root-credentials',
    '910000000003/root-mfa',
    '910000000004/root-mfa',
  ]);
  expect(rows['910000000002/root-credentials']).toMatchObject({ result: 'removed' });
  for (const id of ['910000000001', '910000000003', '910000000004']) {
    expect(rows[`${id}/root-mfa`]).toMatchObject({ result: 'assigned', detail: `arn:aws:iam::${id}:mfa/root-mfa` });
    expect((await new SideDoorClient(replica.baseUrl).state<Account>(id)).mfaDevices.filter((d) => d.enableDate)).toHaveLength(1);
  }
  // The member: nothing left, and no console device was made for it.
  expect(await new OrgSideDoorClient(replica.baseUrl).rootCredentials('910000000002')).toMatchObject({
    loginProfile: false,
    accessKeys: [],
    mfaDevices: [],
    signingCertificates: [],
  });
  // Its evidence records the classification; it had no browser, so no trace.
  const memberRecord = JSON.parse(
    await readFile(path.resolve(rows['910000000002/root-credentials']!.evidenceFolder!, 'evidence.json'), 'utf8'),
  );
  expect(memberRecord).toMatchObject({ result: 'removed', details: { classification: { kind: 'member', path: 'root-credentials' } } });
  expect(memberRecord.trace).toBeUndefined();
  const keeperRecord = JSON.parse(await readFile(path.resolve(rows['910000000003/root-mfa']!.evidenceFolder!, 'evidence.json'), 'utf8'));
  expect(keeperRecord).toMatchObject({
    result: 'assigned',
    details: { classification: { kind: 'member', keepRootPassword: true, path: 'console' } },
  });

  // The report: every account, its class, what was done, the result and a link to the evidence.
  expect(first.stdout).toContain(`Fleet report: ${path.join(evidenceDir, 'fleet-report.html')}`);
  const report = JSON.parse(await readFile(path.join(evidenceDir, 'fleet-report.json'), 'utf8')) as FleetReport;
  expect(report).toMatchObject({ organizationId: org.organizationId, totals: { accounts: 4, removed: 1, assigned: 3 } });
  const reported = Object.fromEntries(report.accounts.map((a) => [a.key, a]));
  expect(reported['910000000001']).toMatchObject({
    class: 'management',
    path: 'console',
    runs: [{ runbook: 'root-mfa', result: 'assigned' }],
  });
  expect(reported['910000000002']).toMatchObject({
    class: 'member',
    path: 'root-credentials',
    runs: [{ runbook: 'root-credentials', result: 'removed' }],
  });
  expect(reported['910000000003']).toMatchObject({ class: 'member', path: 'console', reason: expect.stringContaining('keepRootPassword') });
  expect(reported['910000000004']).toMatchObject({ class: 'standalone', path: 'console' });
  const link = reported['910000000002']!.runs[0]!.evidenceFolder!;
  expect(existsSync(path.join(evidenceDir, link, 'index.html'))).toBe(true);
  const html = await readFile(path.join(evidenceDir, 'fleet-report.html'), 'utf8');
  expect(html).toContain(`href="${encodeURI(`${link}/index.html`)}"`);
  expect(html).not.toContain(org.members[0]!.rootPassword);

  // A re-run skips what is done, the API path included.
  const second = await runbookCli(['--manifest', manifest, '--workers=2'], env, 200_000);
  expect(second.code, second.stdout + second.stderr).toBe(0);
  expect(parseResultsTable(second.stdout).every((r) => r.result.startsWith('skipped'))).toBe(true);
});

test('npm run fleet-report merges the reports of two shards: every account once, runs joined, links rewritten to the output folder', async () => {
  const work = await mkdtemp(path.join(os.tmpdir(), 'fleet-report-'));
  const plan = {
    schema: 'aws-console-runbooks/fleet-classification@1',
    manifest: 'fleet.json',
    manifestSha256: '0',
    classifiedAt: '2026-12-02T19:00:00.000Z',
    organizationId: 'o-abcdefghij',
    managementAccountId: '920000000001',
    features: ['RootCredentialsManagement'],
    enabledNow: false,
    apiCalls: [],
    accounts: [
      {
        key: '920000000001',
        accountId: '920000000001',
        kind: 'management',
        keepRootPassword: false,
        path: 'console',
        runbooks: ['root-mfa'],
        reason: 'management account',
      },
      {
        key: '920000000002',
        accountId: '920000000002',
        kind: 'member',
        keepRootPassword: false,
        path: 'root-credentials',
        runbooks: ['root-credentials'],
        reason: 'member',
      },
    ],
  };
  const shard = async (name: string, state: { account: string; runbook: string; result: string }) => {
    const dir = path.join(work, name);
    await mkdir(path.join(dir, 'fleet-state'), { recursive: true });
    await mkdir(path.join(dir, `run-${state.account}`, 'bundle'), { recursive: true });
    await writeFile(path.join(dir, 'fleet-classification.json'), JSON.stringify(plan));
    await writeFile(
      path.join(dir, 'fleet-state', `${state.account}--${state.runbook}.json`),
      JSON.stringify({ ...state, at: '2026-12-02T19:05:00.000Z', evidenceFolder: path.join(dir, `run-${state.account}`, 'bundle') }),
    );
    return dir;
  };
  const a = await shard('machine-a', { account: '920000000001', runbook: 'root-mfa', result: 'assigned' });
  const b = await shard('machine-b', { account: '920000000002', runbook: 'root-credentials', result: 'removed' });
  const out = path.join(work, 'merged');
  const merged = await run(process.execPath, ['--import', 'tsx', 'bin/fleet-report.ts', a, b, '--output', out], {});
  expect(merged.code, merged.stdout + merged.stderr).toBe(0);
  expect(merged.stdout).toContain('2 accounts from 2 report(s)');
  const report = JSON.parse(await readFile(path.join(out, 'fleet-report.json'), 'utf8')) as FleetReport;
  expect(report.totals).toEqual({ accounts: 2, assigned: 1, removed: 1 });
  expect(report.accounts.map((x) => [x.key, x.runs.map((r) => `${r.runbook}:${r.result}`)])).toEqual([
    ['920000000001', ['root-mfa:assigned']],
    ['920000000002', ['root-credentials:removed']],
  ]);
  expect(path.resolve(out, report.accounts[1]!.runs[0]!.evidenceFolder!)).toBe(path.join(b, 'run-920000000002', 'bundle'));
  expect(existsSync(path.join(out, 'fleet-report.html'))).toBe(true);
  // Nothing to merge: exit 2.
  expect((await run(process.execPath, ['--import', 'tsx', 'bin/fleet-report.ts'], {})).code).toBe(2);
});

test('--organization: the fleet is every account of ListAccounts; root-credentials alone runs no browser; a member with centralized root access off is told how to turn it on', async () => {
  test.setTimeout(200_000);
  const door = new OrgSideDoorClient(replica.baseUrl);
  const org = await door.createOrganization({ members: [{ accessKeys: ['Active'] }, {}], features: [] });
  const work = await mkdtemp(path.join(os.tmpdir(), 'org-fleet-'));
  const env = {
    REPLICA_URL: replica.baseUrl,
    ORG_MANAGEMENT_ACCOUNT_ID: org.management.accountId,
    EVIDENCE_DIR: path.join(work, 'evidence'),
    VAULT_DIR: path.join(work, 'vault'),
    LOG_LEVEL: 'warn',
  };

  // Off: every member would take the console path (not asked for here, so nothing runs); the plan says how to turn it on.
  const off = await runbookCli(['root-credentials', '--organization'], env, 150_000);
  expect(off.stdout + off.stderr).toContain('2 members take the console path because centralized root access is off');
  expect(off.stdout).toContain('3 accounts, 0 runs');

  const on = await runbookCli(['root-credentials', '--organization', '--enable-central-root-access'], env, 150_000);
  expect(on.code, on.stdout + on.stderr).toBe(0);
  expect(on.stdout).toContain('turned on by this run');
  expect(on.stdout).toContain('3 accounts, 2 runs (root-credentials)');
  const rows = parseResultsTable(on.stdout);
  // Both members had a root password (and the first a key): both removed, by API only.
  expect(rows.map((r) => [r.account, r.result]).sort()).toEqual(org.members.map((m) => [m.accountId, 'removed']).sort());
  for (const m of org.members)
    expect(await door.rootCredentials(m.accountId)).toMatchObject({
      loginProfile: false,
      accessKeys: [],
      features: ['RootCredentialsManagement', 'RootSessions'],
    });
  const manifest = JSON.parse(await readFile(path.join(env.EVIDENCE_DIR, 'organization-manifest.json'), 'utf8'));
  expect(manifest.accounts.map((a: { accountId: string }) => a.accountId)).toEqual([
    org.management.accountId,
    ...org.members.map((m) => m.accountId),
  ]);
});
