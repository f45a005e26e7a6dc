import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseResultsTable } from '../../lib/run/results-table.ts';
import { startReplica } from '../../replica/server.ts';
import type { Account } from '../../replica/iam/model.ts';
import { SideDoorClient } from '../../replica/sidedoor/client.ts';
import { runbookCli } from '../helpers/spawn.ts';

/** The newest vault file of a kind, decrypted with the demo identity by the age CLI. */
async function fromVault(vaultDir: string, accountId: string, kind: string): Promise<string> {
  const folder = path.join(vaultDir, accountId);
  const files = (await readdir(folder)).filter((f) => f.endsWith(`.age`) && f.includes(`-${kind}-`)).sort();
  expect(files.length, `${kind} in ${folder}`).toBeGreaterThan(0);
  return execFileSync('age', ['-d', '-i', path.join(vaultDir, 'demo-identity.txt'), path.join(folder, files.at(-1)!)]).toString();
}

test.describe('new-account: root-mfa → identity-center → portal-user-mfa in one command', () => {
  test.setTimeout(300_000);

  test('a fresh account ends with root MFA, an administrator with MFA, and every secret in the vault; a second run changes nothing', async () => {
    const replica = await startReplica({ port: 0 });
    try {
      const work = await mkdtemp(path.join(os.tmpdir(), 'new-account-'));
      const vaultDir = path.join(work, 'vault');
      const env = { REPLICA_URL: replica.baseUrl, EVIDENCE_DIR: path.join(work, 'evidence'), VAULT_DIR: vaultDir };
      const first = await runbookCli(['new-account'], env, 280_000);
      const terminal = first.stdout + first.stderr;
      expect(first.code, terminal).toBe(0);
      const rows = parseResultsTable(first.stdout);
      expect(
        rows.map((r) => [r.runbook, r.result]),
        first.stdout,
      ).toEqual([
        ['root-mfa', 'assigned'],
        ['identity-center', 'remediated'],
        ['portal-user-mfa', 'remediated'],
      ]);
      const accountId = rows[0]!.account;
      expect(accountId).toMatch(/^\d{12}$/);
      expect(
        rows.every((r) => r.account === accountId),
        first.stdout,
      ).toBe(true);

      // The replica's truth, and the vault holding each secret the chain made.
      const sideDoor = new SideDoorClient(replica.baseUrl);
      const account = await sideDoor.state<Account>(accountId);
      expect(account.mfaDevices.filter((d) => d.enableDate)).toHaveLength(1);
      expect(await fromVault(vaultDir, accountId, 'root-mfa-seed')).toBe(account.mfaDevices[0]!.seed);
      const user = account.identityCenter.users.find((u) => u.userName === 'cloud-admin')!;
      expect(user.password.kind).toBe('set');
      expect(await fromVault(vaultDir, accountId, 'portal-password')).toBe((user.password as { secret: string }).secret);
      expect(user.mfaDevices).toHaveLength(1);
      expect(await fromVault(vaultDir, accountId, 'portal-mfa-seed')).toBe(user.mfaDevices[0]!.seed);
      // The one-time password was a real one: the user's earlier password.
      expect(user.previousPasswords).toContain(await fromVault(vaultDir, accountId, 'identity-center-one-time-password'));

      // Again on the finished account: each runbook finds its work done.
      const second = await runbookCli(['new-account'], { ...env, REPLICA_ACCOUNT_ID: accountId }, 280_000);
      expect(second.code, second.stdout + second.stderr).toBe(0);
      expect(
        parseResultsTable(second.stdout).map((r) => [r.runbook, r.account, r.result]),
        second.stdout,
      ).toEqual(['root-mfa', 'identity-center', 'portal-user-mfa'].map((r) => [r, accountId, 'already-compliant']));
      const after = await sideDoor.state<Account>(accountId);
      expect(after.mfaDevices).toEqual(account.mfaDevices.map((d) => ({ ...d, lastUsedStep: expect.anything() })));
      const userAfter = after.identityCenter.users.find((u) => u.userName === 'cloud-admin')!;
      expect(userAfter.password).toEqual(user.password);
      expect(userAfter.mfaDevices.map((d) => d.seed)).toEqual(user.mfaDevices.map((d) => d.seed));
      expect(after.identityCenter.users).toHaveLength(account.identityCenter.users.length);
      expect(after.identityCenter.groups).toEqual(account.identityCenter.groups);
      expect(after.identityCenter.permissionSets).toEqual(account.identityCenter.permissionSets);
    } finally {
      await replica.close();
    }
  });

  test('a failed runbook stops the chain: the rest are listed as not run and the command exits 1', async () => {
    const replica = await startReplica({ port: 0 });
    try {
      const work = await mkdtemp(path.join(os.tmpdir(), 'new-account-'));
      // Every Add MFA answers a server error that never enables the device: root-mfa fails, safely.
      const created = await new SideDoorClient(replica.baseUrl).createAccount({
        faults: { addMfaServerError: { count: 50, afterEnable: false } },
      });
      const env = {
        REPLICA_URL: replica.baseUrl,
        REPLICA_ACCOUNT_ID: created.accountId,
        EVIDENCE_DIR: path.join(work, 'evidence'),
        VAULT_DIR: path.join(work, 'vault'),
      };
      const run = await runbookCli(['new-account'], env, 280_000);
      expect(run.code, run.stdout + run.stderr).toBe(1);
      const rows = parseResultsTable(run.stdout);
      expect(
        rows.map((r) => [r.runbook, r.result]),
        run.stdout,
      ).toEqual([
        ['root-mfa', 'failed'],
        ['identity-center', 'not run'],
        ['portal-user-mfa', 'not run'],
      ]);
      const account = await new SideDoorClient(replica.baseUrl).state<Account>(created.accountId);
      expect(account.identityCenter.organization).toBeNull();
    } finally {
      await replica.close();
    }
  });
});
