import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseResultsTable } from '../../lib/run/results-table.ts';
import { startReplica } from '../../replica/server.ts';
import { SideDoorClient } from '../../replica/sidedoor/client.ts';
import type { Account } from '../../replica/iam/model.ts';
import { filesUnder } from '../helpers/scan.ts';
import { childEnv, REPO, runbookCli } from '../helpers/spawn.ts';

/** root-mfa's operator steps, in order: the run is killed right after each in turn. */
const STEPS = [
  'Check whether the root user already has MFA',
  'Sign in as root',
  'Open the MFA assignment',
  'Choose an authenticator app',
  'Capture the secret key',
  'Store the seed in the vault',
  'Add MFA with two consecutive codes',
  'Confirm the device is listed',
  'Verify through the IAM API',
  'Sign out and sign back in with MFA',
];

/** Runs the operator command and SIGKILLs its whole process group as soon as `step` is reported done. */
function runAndKillAfter(step: string, env: Record<string, string>): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/runbook.ts', 'root-mfa'], {
      cwd: REPO,
      env: childEnv(env),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      if (!killed && output.split('\n').some((l) => l.startsWith(`  ✓ ${step} (`))) {
        killed = true;
        process.kill(-child.pid!, 'SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`no "${step}" within 60 s:\n${output}`));
    }, 60_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ killed, output });
    });
  });
}

/** Every seed in the vault for this account, decrypted with the age command-line tool. */
async function vaultSeeds(vaultDir: string, accountId: string): Promise<string[]> {
  const files = (await filesUnder(vaultDir).catch(() => [])).filter(
    (f) => f.includes(`${path.sep}${accountId}${path.sep}`) && f.endsWith('.age'),
  );
  return files.map((f) => execFileSync('age', ['-d', '-i', path.join(vaultDir, 'demo-identity.txt'), f]).toString());
}

/** The invariant: whenever the replica shows a device enabled, the vault holds its seed. */
async function expectNoSeedLost(sideDoor: SideDoorClient, accountId: string, vaultDir: string): Promise<number> {
  const enabled = (await sideDoor.state<Account>(accountId)).mfaDevices.filter((d) => d.enableDate);
  const seeds = await vaultSeeds(vaultDir, accountId);
  for (const device of enabled) expect(seeds, `seed of ${device.serialNumber} is in the vault`).toContain(device.seed);
  return enabled.length;
}

test.describe.configure({ mode: 'parallel' });

let replica: Awaited<ReturnType<typeof startReplica>>;
test.beforeAll(async () => {
  replica = await startReplica({ port: 0 });
});
test.afterAll(async () => {
  await replica.close();
});

for (const step of STEPS) {
  test(`killed right after "${step}": no seed is lost, and a re-run finishes the job`, async () => {
    test.setTimeout(150_000);
    const sideDoor = new SideDoorClient(replica.baseUrl);
    const { accountId } = await sideDoor.createAccount({});
    const work = await mkdtemp(path.join(os.tmpdir(), 'crash-'));
    const env = {
      REPLICA_URL: replica.baseUrl,
      REPLICA_ACCOUNT_ID: accountId,
      EVIDENCE_DIR: path.join(work, 'evidence'),
      VAULT_DIR: path.join(work, 'vault'),
      LOG_LEVEL: 'warn',
    };

    const crashed = await runAndKillAfter(step, env);
    expect(crashed.killed, crashed.output).toBe(true);
    await expectNoSeedLost(sideDoor, accountId, env.VAULT_DIR);

    const rerun = await runbookCli(['root-mfa'], env);
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(parseResultsTable(rerun.stdout)).toEqual([
      expect.objectContaining({ runbook: 'root-mfa', account: accountId, result: expect.stringMatching(/^(assigned|already-compliant)$/) }),
    ]);
    expect(await expectNoSeedLost(sideDoor, accountId, env.VAULT_DIR)).toBe(1);
  });
}
