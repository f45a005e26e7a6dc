import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ConfigError, loadConfig, SETTING_KEYS } from '../config/settings.ts';
import { run, runbookCli } from './helpers/spawn.ts';

const BAD = {
  RUNBOOK_TARGET: 'aws',
  ROOT_EMAIL: 'not-an-email',
  MFA_DEVICE_NAME: 'has spaces!',
  VAULT_RECIPIENTS: 'age1notarecipient',
  HANDOFF_TIMEOUT_SECONDS: '5',
  AWS_CONSOLE_URL: 'console.aws.amazon.com',
  IDC_USER_EMAIL: 'nope',
  IDC_PASSWORD_DELIVERY: 'carrier-pigeon',
  IDC_GROUP_NAME: 'AWSAdministrators',
  EVIDENCE_SCREENCAST: 'sometimes',
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

test('the evidence screencast is off unless EVIDENCE_SCREENCAST says on', () => {
  expect(loadConfig({}).evidenceScreencast).toBe(false);
  expect(loadConfig({ EVIDENCE_SCREENCAST: 'off' }).evidenceScreencast).toBe(false);
  expect(loadConfig({ EVIDENCE_SCREENCAST: 'on' }).evidenceScreencast).toBe(true);
  expect(loadConfig({ EVIDENCE_SCREENCAST: 'true' }).evidenceScreencast).toBe(true);
  expect(() => loadConfig({ EVIDENCE_SCREENCAST: 'film' })).toThrow(/must be on or off\n.*EVIDENCE_SCREENCAST/);
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
  const result = await run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '--project=runbooks'], {
    ...BAD,
    PLAYWRIGHT_CHROMIUM_EXECUTABLE: exe,
  });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('MFA_DEVICE_NAME');
  expect(existsSync(marker)).toBe(false);
});

test('with good config the fake browser IS launched (so the checks above can fail)', async () => {
  const { exe, marker } = await fakeBrowser();
  const result = await runbookCli(['root-mfa'], {
    PLAYWRIGHT_CHROMIUM_EXECUTABLE: exe,
    EVIDENCE_DIR: path.join(path.dirname(exe), 'evidence'),
    VAULT_DIR: path.join(path.dirname(exe), 'vault'),
  });
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

test('the Identity Center runbooks need the administrator on aws: exit 2 naming each key, no browser; root-mfa still starts', async () => {
  const { exe, marker } = await fakeBrowser();
  const dir = path.dirname(exe);
  execFileSync('age-keygen', ['-o', path.join(dir, 'id.txt')], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', path.join(dir, 'id.txt')])
    .toString()
    .trim();
  await writeFile(path.join(dir, 'signing.pem'), 'not read before the run starts');
  const aws = {
    RUNBOOK_TARGET: 'aws',
    ROOT_EMAIL: 'root@example.com',
    VAULT_RECIPIENTS: recipient,
    EVIDENCE_SIGNING_KEY: path.join(dir, 'signing.pem'),
    IDC_USER_NAME: 'ada',
    PLAYWRIGHT_CHROMIUM_EXECUTABLE: exe,
    EVIDENCE_DIR: path.join(dir, 'evidence'),
    VAULT_DIR: path.join(dir, 'vault'),
  };
  for (const runbook of ['identity-center', 'portal-user-mfa', 'new-account']) {
    const result = await runbookCli([runbook], aws);
    expect(result.code, result.stderr).toBe(2);
    for (const key of ['IDC_USER_NAME', 'IDC_USER_EMAIL', 'IDC_USER_GIVEN_NAME', 'IDC_USER_FAMILY_NAME'])
      expect(result.stderr).toContain(key);
    expect(existsSync(marker)).toBe(false);
  }
  // The control: the same settings are enough for root-mfa, which gets as far as launching the browser.
  const rootMfa = await runbookCli(['root-mfa'], aws);
  expect(rootMfa.code).not.toBe(2);
  expect(existsSync(marker)).toBe(true);
});

test('on the replica the Identity Center settings have defaults; set values win', () => {
  expect(loadConfig({}).identityCenter).toEqual({
    region: 'us-east-1',
    passwordDelivery: 'one-time-password',
    groupName: 'Admins',
    permissionSet: 'AdministratorAccess',
    portalUrl: undefined,
    user: { userName: 'cloud-admin', email: 'cloud-admin@example.com', givenName: 'Cloud', familyName: 'Admin' },
  });
  const set = loadConfig({
    AWS_REGION: 'eu-west-1',
    IDC_USER_NAME: 'ada',
    IDC_USER_DISPLAY_NAME: 'Ada L.',
    IDC_PASSWORD_DELIVERY: 'email',
    IDC_GROUP_NAME: 'Ops',
  }).identityCenter;
  expect(set).toMatchObject({
    region: 'eu-west-1',
    passwordDelivery: 'email',
    groupName: 'Ops',
    user: { userName: 'ada', email: 'cloud-admin@example.com', displayName: 'Ada L.' },
  });
  expect(
    loadConfig({
      RUNBOOK_TARGET: 'aws',
      ROOT_EMAIL: 'r@example.com',
      VAULT_RECIPIENTS: 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq',
      EVIDENCE_SIGNING_KEY: 'package.json',
    }).identityCenter.user,
  ).toBeUndefined();
});

test('.env.example documents exactly the settings the schema reads', async () => {
  const text = await readFile(path.resolve(import.meta.dirname, '../.env.example'), 'utf8');
  const documented = [...text.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!).filter((k) => k !== 'RUNBOOK_ENV_FILE');
  expect(SETTING_KEYS.length).toBeGreaterThan(20);
  expect([...new Set(documented)].sort()).toEqual([...SETTING_KEYS].sort());
});
