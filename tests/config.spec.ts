import { existsSync } from 'node:fs';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ConfigError, loadConfig } from '../fixtures/config.ts';
import { run, runbookCli } from './helpers/spawn.ts';

const BAD = {
  RUNBOOK_TARGET: 'aws',
  ROOT_EMAIL: 'not-an-email',
  MFA_DEVICE_NAME: 'has spaces!',
  VAULT_RECIPIENTS: 'age1notarecipient',
  HANDOFF_TIMEOUT_SECONDS: '5',
  AWS_CONSOLE_URL: 'console.aws.amazon.com',
};

/** A stand-in browser that records being started, so a test can tell whether one was launched. */
async function fakeBrowser(): Promise<{ exe: string; marker: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fake-chromium-'));
  const exe = path.join(dir, 'chromium');
  const marker = path.join(dir, 'launched');
  await writeFile(exe, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
  await chmod(exe, 0o755);
  return { exe, marker };
}

test('loadConfig names every bad value at once', () => {
  let error: unknown;
  try {
    loadConfig(BAD);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as Error).message;
  for (const key of Object.keys(BAD).filter((k) => k !== 'RUNBOOK_TARGET')) expect(message).toContain(key);
});

test('loadConfig requires a root email and vault recipients on aws, and nothing on the replica', () => {
  expect(() => loadConfig({ RUNBOOK_TARGET: 'aws' })).toThrow(/ROOT_EMAIL[\s\S]*VAULT_RECIPIENTS|VAULT_RECIPIENTS[\s\S]*ROOT_EMAIL/);
  const config = loadConfig({});
  expect(config.target).toBe('replica');
  expect(config.headless).toBe(true);
  expect(config.mfaDeviceName).toBe('root-mfa');
});

test('bad config exits 2 naming every bad value, before any browser starts', async () => {
  const { exe, marker } = await fakeBrowser();
  const result = await runbookCli(['root-mfa'], { ...BAD, PLAYWRIGHT_CHROMIUM_EXECUTABLE: exe });
  expect(result.code).toBe(2);
  for (const key of Object.keys(BAD).filter((k) => k !== 'RUNBOOK_TARGET')) expect(result.stderr).toContain(key);
  expect(existsSync(marker)).toBe(false);
});

test('the same bad config stops `playwright test` directly with exit 2', async () => {
  const { exe, marker } = await fakeBrowser();
  const result = await run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '--project=runbooks'], { ...BAD, PLAYWRIGHT_CHROMIUM_EXECUTABLE: exe });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('MFA_DEVICE_NAME');
  expect(existsSync(marker)).toBe(false);
});

test('with good config the fake browser IS launched (so the checks above can fail)', async () => {
  const { exe, marker } = await fakeBrowser();
  const result = await runbookCli(['root-mfa'], { PLAYWRIGHT_CHROMIUM_EXECUTABLE: exe, EVIDENCE_DIR: path.join(path.dirname(exe), 'evidence'), VAULT_DIR: path.join(path.dirname(exe), 'vault') });
  expect(result.code).not.toBe(0);
  expect(existsSync(marker)).toBe(true);
});

test('bad command-line input exits 2 with every problem listed', async () => {
  const result = await runbookCli(['no-such-runbook', 'extra', '--headed', '--headless'], {});
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('unknown runbook "no-such-runbook"');
  expect(result.stderr).toContain('unexpected arguments: extra');
  expect(result.stderr).toContain('--headed or --headless');
  const option = await runbookCli(['root-mfa', '--no-such-option'], {});
  expect(option.code).toBe(2);
  expect(option.stderr).toMatch(/no-such-option/);
});
