import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseResultsTable } from '../../lib/run/results-table.ts';
import { codeForStep } from '../../lib/secrets/totp.ts';
import { startReplica } from '../../replica/server.ts';
import type { Account } from '../../replica/iam/model.ts';
import { SideDoorClient } from '../../replica/sidedoor/client.ts';
import { scanRun } from '../helpers/scan.ts';
import { runbookCli } from '../helpers/spawn.ts';

for (const screencast of ['off', 'on'] as const) {
  test.describe(`evidence screencast ${screencast}`, () => {
    test('the operator command runs root-mfa on the replica, prints a summary, and no secret reaches any artifact', async () => {
      test.setTimeout(180_000);
      const replica = await startReplica({ port: 0 });
      try {
        const work = await mkdtemp(path.join(os.tmpdir(), 'root-mfa-run-'));
        const evidenceDir = path.join(work, 'evidence');
        const vaultDir = path.join(work, 'vault');
        const result = await runbookCli(['root-mfa'], {
          REPLICA_URL: replica.baseUrl,
          EVIDENCE_DIR: evidenceDir,
          VAULT_DIR: vaultDir,
          LOG_LEVEL: 'debug',
          LOG_FORMAT: 'json',
          EVIDENCE_SCREENCAST: screencast,
        });
        const terminal = result.stdout + result.stderr;
        expect(result.code, terminal).toBe(0);

        // Each step as it ran, then the table of results (account, device serial, evidence folder) and the vault file.
        for (const step of [
          'Sign in as root',
          'Store the seed in the vault',
          'Add MFA with two consecutive codes',
          'Verify through the IAM API',
        ]) {
          expect(result.stdout).toContain(`✓ ${step}`);
        }
        const [row, ...others] = parseResultsTable(result.stdout);
        expect(others, result.stdout).toEqual([]);
        expect(row, result.stdout).toMatchObject({ runbook: 'root-mfa', account: expect.stringMatching(/^\d{12}$/), result: 'assigned' });
        const accountId = row!.account;
        expect(row!.detail).toBe(`arn:aws:iam::${accountId}:mfa/root-mfa`);
        const vaultFile = result.stdout.match(/^vault file\s+(\S+)/m)![1]!;
        const folder = row!.evidenceFolder!;
        const evidence = JSON.parse(await readFile(path.resolve(folder, 'evidence.json'), 'utf8'));
        expect(evidence).toMatchObject({
          runbook: 'root-mfa',
          target: 'replica',
          account: accountId,
          result: 'assigned',
          deviceSerial: `arn:aws:iam::${accountId}:mfa/root-mfa`,
        });
        expect((await readdir(path.resolve(folder))).sort()).toEqual([
          'evidence.json',
          'evidence.pub.pem',
          'evidence.sig',
          'index.html',
          'runbook.log',
          'screenshots',
          'trace.zip',
        ]);

        // The replica's truth: the seed, the password, and every code around the steps used.
        const account = await new SideDoorClient(replica.baseUrl).state<Account>(accountId!);
        const device = account.mfaDevices[0]!;
        expect(execFileSync('age', ['-d', '-i', path.join(vaultDir, 'demo-identity.txt'), path.resolve(vaultFile)]).toString()).toBe(
          device.seed,
        );
        const last = device.lastUsedStep!;
        const secrets = [
          { kind: 'root-mfa-seed', value: device.seed },
          { kind: 'root-password', value: account.rootPassword },
          ...[last - 3, last - 2, last - 1, last].map((s) => ({ kind: 'totp-code', value: codeForStep(device.seed, s) })),
        ];
        const { leaks, scanned } = await scanRun(evidenceDir, vaultDir, terminal, secrets);
        // The scan read the trace's own entries, its screencast frames (when recorded) and the masked screenshots.
        expect(scanned).toEqual(
          expect.arrayContaining([expect.stringMatching(/trace\.zip:trace\.trace$/), expect.stringMatching(/trace\.zip:trace\.network$/)]),
        );
        const frames = scanned.filter((s) => /trace\.zip:screencast\/.+\.jpeg$/.test(s)).length;
        const redaction = evidence.trace.redaction;
        expect(evidence.trace.screencast).toBe(screencast === 'on');
        expect(redaction.framesRecorded).toBe(frames);
        const index = await readFile(path.resolve(folder, 'index.html'), 'utf8');
        if (screencast === 'on') {
          // The film strip is there, and the frames taken while the seed was on screen were replaced.
          expect(frames).toBeGreaterThan(5);
          expect(redaction.framesReplaced).toBeGreaterThan(0);
          expect(index).toContain(`the screencast (${frames} frames)`);
          expect(index).toContain(`${redaction.framesReplaced} screencast frames replaced`);
        } else {
          // The default trace has no screencast at all, and the index claims no frame replaced.
          expect(frames).toBe(0);
          expect(redaction.framesReplaced).toBe(0);
          expect(index).toContain('no screencast (not recorded: EVIDENCE_SCREENCAST=off, the default');
          expect(index).not.toContain('frames replaced');
        }
        expect(scanned.filter((s) => /screenshots\/.+\.jpg$/.test(s)).length).toBeGreaterThan(5);
        expect(leaks).toEqual([]);
      } finally {
        await replica.close();
      }
    });
  });
}
