import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FleetManifestError, parseManifest, type ManifestContext } from '../../lib/fleet/fleet.ts';
import { FLEET_RUNBOOKS } from '../../runbooks/registry.ts';
import { REPO, run, runbookCli } from '../helpers/spawn.ts';

/** A literal password someone pasted in: must be refused and never echoed. */
const LITERAL = 'Hunter2-Correct-Horse!';

/** Line numbers matter: each entry is on its own line (line 1 is `{`, line 2 `"accounts": [`). */
const BAD_JSON = [
  '{',
  '  "accounts": [',
  '    { "accountId": "12345", "rootEmail": "a@example.com", "password": "replica" },',
  `    { "accountId": "111122223333", "rootEmail": "not-an-email", "password": "${LITERAL}" },`,
  '    { "alias": "Bad_Alias", "rootEmail": "c@example.com", "password": "prompt", "runbooks": ["root-mfa", "identity-centre"] },',
  `    { "accountId": "222233334444", "rootEmail": "d@example.com", "password": "prompt", "rootPassword": "${LITERAL}" },`,
  '    { "rootEmail": "e@example.com", "password": "prompt" },',
  '    { "accountId": "555566667777", "rootEmail": "f@example.com", "password": "env:FLEET_TEST_UNSET" },',
  '    { "accountId": "555566667777", "rootEmail": "g@example.com", "password": "replica" }',
  '  ]',
  '}',
].join('\n');

/** Every bad value of BAD_JSON, with the line that names it. */
const EXPECTED_JSON = [
  /line 3, accounts\[0\]\.accountId: "12345" must be 12 digits/,
  /line 4, accounts\[1\]\.rootEmail: "not-an-email" must be an email address/,
  /line 4, accounts\[1\]\.password: must be "prompt", "replica" or "env:NAME"/,
  /line 5, accounts\[2\]\.alias: "Bad_Alias" must be 3 to 63 lower-case/,
  /line 5, accounts\[2\]\.runbooks\[1\]: "identity-centre" must be one of root-mfa, root-access-keys/,
  /line 6, accounts\[3\]: unknown field rootPassword \(passwords never go in the manifest/,
  /line 7, accounts\[4\]\.accountId: is missing \(needs an accountId or an alias\)/,
  /line 8, accounts\[5\]\.password: the environment variable FLEET_TEST_UNSET is not set/,
  /line 9, accounts\[6\]\.accountId: "555566667777" is already listed on line 8/,
  /line 9, accounts\[6\]\.password: "replica" only works on the replica target/,
];

const ON_AWS: ManifestContext = { target: 'aws', hasEnv: () => false, fleetRunbooks: FLEET_RUNBOOKS };

function problemsOf(text: string, name: string, context: ManifestContext): string {
  try {
    parseManifest(text, name, context);
  } catch (err) {
    expect(err).toBeInstanceOf(FleetManifestError);
    return (err as Error).message;
  }
  throw new Error(`${name} was accepted`);
}

test('a JSON manifest: every problem at once, each with its line, and a literal password refused without being echoed', () => {
  const message = problemsOf(BAD_JSON, 'fleet.json', ON_AWS);
  for (const expected of EXPECTED_JSON) expect(message).toMatch(expected);
  expect(message.match(/✖/g)).toHaveLength(EXPECTED_JSON.length);
  expect(message).not.toContain(LITERAL);
});

test('a CSV manifest: every problem at once, each with its line and row', () => {
  const csv = [
    'accountId,alias,rootEmail,password,runbooks',
    '# comments and blank lines are skipped',
    '',
    `12345,,a@example.com,replica,root-mfa`,
    `111122223333,,not-an-email,${LITERAL},`,
    `,,c@example.com,prompt,root-mfa;identity-centre`,
    `444455556666,,d@example.com,prompt`,
  ].join('\n');
  const message = problemsOf(csv, 'fleet.csv', ON_AWS);
  expect(message).toMatch(/line 4 \(row 1\), accountId: "12345" must be 12 digits/);
  expect(message).toMatch(/line 5 \(row 2\), rootEmail: "not-an-email" must be an email address/);
  expect(message).toMatch(/line 5 \(row 2\), password: must be "prompt", "replica" or "env:NAME"/);
  expect(message).toMatch(/line 6 \(row 3\), runbooks: "identity-centre" must be one of/);
  expect(message).toMatch(/line 6 \(row 3\), accountId: is missing \(needs an accountId or an alias\)/);
  expect(message).toMatch(/line 7 \(row 4\): has 4 fields, the header has 5/);
  expect(message).not.toContain(LITERAL);

  expect(problemsOf('accountId,rootEmail,rootPassword\n111122223333,a@example.com,x\n', 'fleet.csv', ON_AWS)).toMatch(
    /line 1 \(header\): unknown column "rootPassword".*\(passwords never go in the manifest\)[\s\S]*needs a "password" column/,
  );
});

test("a CSV manifest: a quoted field over two lines keeps the rows' line numbers; an unclosed quote is one problem naming its line", () => {
  const header = 'accountId,alias,rootEmail,password,runbooks';
  const spanning = [header, '111122223333,"two\nlines",a@example.com,prompt,root-mfa', '12345,,b@example.com,prompt,root-mfa'].join('\n');
  expect(problemsOf(spanning, 'fleet.csv', ON_AWS)).toMatch(/line 4 \(row 2\), accountId: "12345" must be 12 digits/);
  const unclosed = [header, '111122223333,,a@example.com,prompt,root-mfa', '444455556666,"open,b@example.com,prompt,root-mfa'].join('\n');
  const message = problemsOf(unclosed, 'fleet.csv', ON_AWS);
  expect(message).toMatch(/✖ line \d+: Quote Not Closed/);
  expect(message.match(/✖/g)).toHaveLength(1);
});

test('JSON and CSV give the same accounts; runbooks default to root-mfa, keepRootPassword to false; the example manifest is valid', async () => {
  const json = JSON.stringify(
    {
      accounts: [
        { accountId: '111122223333', alias: 'prod-core', rootEmail: 'a@example.com', password: 'prompt' },
        {
          alias: 'sandbox-7',
          rootEmail: 'b@example.com',
          password: 'env:SANDBOX_PW',
          runbooks: ['root-mfa', 'root-access-keys'],
          keepRootPassword: true,
        },
      ],
    },
    null,
    2,
  );
  const csv =
    'accountId,alias,rootEmail,password,runbooks,keepRootPassword\n111122223333,prod-core,a@example.com,prompt,,\n,sandbox-7,b@example.com,env:SANDBOX_PW,"root-mfa root-access-keys",true\n';
  const context: ManifestContext = { target: 'aws', hasEnv: (name) => name === 'SANDBOX_PW', fleetRunbooks: FLEET_RUNBOOKS };
  const fromJson = parseManifest(json, 'fleet.json', context);
  const fromCsv = parseManifest(csv, 'fleet.csv', context);
  const strip = (list: typeof fromJson) => list.map(({ line: _line, ...rest }) => rest);
  expect(strip(fromCsv)).toEqual(strip(fromJson));
  expect(strip(fromJson)).toEqual([
    {
      key: '111122223333',
      accountId: '111122223333',
      alias: 'prod-core',
      rootEmail: 'a@example.com',
      password: 'prompt',
      runbooks: ['root-mfa'],
      keepRootPassword: false,
    },
    {
      key: 'sandbox-7',
      alias: 'sandbox-7',
      rootEmail: 'b@example.com',
      password: 'env:SANDBOX_PW',
      runbooks: ['root-mfa', 'root-access-keys'],
      keepRootPassword: true,
    },
  ]);

  const example = await readFile(path.join(REPO, 'fleet.example.json'), 'utf8');
  expect(
    parseManifest(example, 'fleet.example.json', { target: 'replica', hasEnv: () => true, fleetRunbooks: FLEET_RUNBOOKS }).length,
  ).toBeGreaterThan(1);
});

/** A stand-in browser that records being started (as tests/config.spec.ts does). */
async function fakeBrowser(): Promise<{ dir: string; exe: string; marker: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fleet-fake-chromium-'));
  const exe = path.join(dir, 'chromium');
  const marker = path.join(dir, 'launched');
  await writeFile(exe, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
  await chmod(exe, 0o755);
  return { dir, exe, marker };
}

test('a bad manifest stops the operator command with exit 2 naming every bad value, before any browser', async () => {
  const { dir, exe, marker } = await fakeBrowser();
  const manifest = path.join(dir, 'fleet.json');
  await writeFile(manifest, BAD_JSON);
  const env = {
    PLAYWRIGHT_CHROMIUM_EXECUTABLE: exe,
    RUNBOOK_TARGET: 'aws',
    ROOT_EMAIL: 'unused@example.com',
    EVIDENCE_DIR: path.join(dir, 'evidence'),
    VAULT_DIR: path.join(dir, 'vault'),
  };
  // Valid aws settings, so that only the manifest is wrong.
  const key = path.join(dir, 'key.pem');
  await writeFile(key, 'not read before the run');
  const result = await runbookCli(['--manifest', manifest], {
    ...env,
    VAULT_RECIPIENTS: 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p',
    EVIDENCE_SIGNING_KEY: key,
  });
  expect(result.code, result.stdout + result.stderr).toBe(2);
  for (const expected of EXPECTED_JSON) expect(result.stderr).toMatch(expected);
  expect(result.stdout + result.stderr).not.toContain(LITERAL);
  expect(existsSync(marker)).toBe(false);

  // `playwright test` run directly reads the manifest in the spec: it stops there too, naming the problems.
  const direct = await run(
    process.execPath,
    ['node_modules/@playwright/test/cli.js', 'test', '--project=runbooks', 'runbooks/fleet.runbook.ts'],
    { ...env, FLEET_MANIFEST: manifest, RUNBOOK_TARGET: 'replica' },
  );
  expect(direct.code).not.toBe(0);
  expect(direct.stdout + direct.stderr).toMatch(/line 3, accounts\[0\]\.accountId: "12345" must be 12 digits/);
  expect(direct.stdout + direct.stderr).not.toContain(LITERAL);
  expect(existsSync(marker)).toBe(false);
});

test('bad fleet options exit 2 with every problem listed', async () => {
  const result = await runbookCli(['--shard', '3/2', '--workers', 'two', '--force'], {});
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--shard must be x/y with 1 ≤ x ≤ y');
  expect(result.stderr).toContain('--workers must be a whole number');
  expect(result.stderr).toContain('--shard and --force split or repeat a fleet: add --manifest <file>');
  expect(result.stderr).toContain('name a runbook');

  const missing = await runbookCli(['root-mfa', '--manifest', '/no/such/fleet.json'], {});
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('FLEET_MANIFEST');
  expect(missing.stderr).toContain('no file at that path');

  const dir = await mkdtemp(path.join(os.tmpdir(), 'fleet-options-'));
  const manifest = path.join(dir, 'fleet.json');
  await writeFile(manifest, JSON.stringify({ accounts: [{ accountId: '111122223333', rootEmail: 'a@example.com', password: 'replica' }] }));
  const unlisted = await runbookCli(['root-access-keys', '--manifest', manifest], {});
  expect(unlisted.code).toBe(2);
  expect(unlisted.stderr).toContain('lists the runbook "root-access-keys"');
});
