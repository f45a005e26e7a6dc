import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright';
import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../lib/run/browser.ts';
import { verifyBundle } from '../../lib/evidence/bundle.ts';
import { SealedEvidenceSchema } from '../../lib/evidence/evidence.ts';
import { parseResultsTable } from '../../lib/run/results-table.ts';
import { startReplica } from '../../replica/server.ts';
import { filesUnder } from '../helpers/scan.ts';
import { run, runbookCli } from '../helpers/spawn.ts';
import { serveTraceViewer } from '../helpers/trace-viewer.ts';

test.describe.configure({ mode: 'serial' });

/** The bundle of one operator run of root-mfa on the replica, made once for every test here. */
let bundle: string;
let work: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const replica = await startReplica({ port: 0 });
  try {
    work = await mkdtemp(path.join(os.tmpdir(), 'bundle-'));
    const result = await runbookCli(['root-mfa'], {
      REPLICA_URL: replica.baseUrl,
      EVIDENCE_DIR: path.join(work, 'evidence'),
      VAULT_DIR: path.join(work, 'vault'),
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    bundle = path.resolve(parseResultsTable(result.stdout)[0]!.evidenceFolder!);
  } finally {
    await replica.close();
  }
});

const verifyCli = (dir: string, ...args: string[]) => run(process.execPath, ['--import', 'tsx', 'bin/verify.ts', dir, ...args], {});

test('a fresh bundle verifies: schema, signature, every hash, nothing added, no secret shape', async () => {
  const record = SealedEvidenceSchema.parse(JSON.parse(await readFile(path.join(bundle, 'evidence.json'), 'utf8')));
  expect(record).toMatchObject({
    runbook: 'root-mfa',
    target: 'replica',
    result: 'assigned',
    gitCommit: expect.stringMatching(/^([0-9a-f]{40}(-dirty)?|unknown)$/),
  });
  expect(record.artifacts.map((a) => a.path)).toEqual(
    expect.arrayContaining(['trace.zip', 'index.html', 'runbook.log', 'evidence.pub.pem', 'screenshots/final-1.jpg']),
  );
  expect(record.control.doesNotSatisfy.join(' ')).toMatch(/IAM\.6/);
  // The default evidence: no screencast recorded, so no frame to replace (tests/runbooks/operator-run.spec.ts runs both).
  expect(record.trace).toMatchObject({ screencast: false, redaction: { framesRecorded: 0, framesReplaced: 0 } });

  const verdict = await verifyBundle(bundle);
  expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
  const cli = await verifyCli(bundle, '--key', path.join(bundle, 'evidence.pub.pem'));
  expect(cli.code, cli.stdout + cli.stderr).toBe(0);
  expect(cli.stdout).toContain(`signed by key ${record.signing.fingerprint}`);
  expect(cli.stdout).toMatch(/^VALID: root-mfa .* assigned/m);
});

test('verify fails after one byte of any artifact, or of the record, changes; or a file is added; or the key is not the expected one', async () => {
  test.setTimeout(120_000);
  const files = (await filesUnder(bundle)).map((f) => path.relative(bundle, f));
  expect(files).toEqual(expect.arrayContaining(['evidence.json', 'evidence.sig', 'trace.zip', 'index.html']));
  for (const file of files) {
    const copy = await mkdtemp(path.join(work, 'tampered-'));
    await cp(bundle, copy, { recursive: true });
    const data = await readFile(path.join(copy, file));
    data[Math.floor(data.length / 2)]! ^= 0x01;
    await writeFile(path.join(copy, file), data);
    // The leak scan is left out here for speed: a changed byte must fail the hashes or the signature.
    const verdict = await verifyBundle(copy, { scan: false });
    expect(verdict.ok, `one byte changed in ${file}`).toBe(false);
  }
  // A change that keeps the record valid JSON and on schema: only the signature catches it.
  const copy = await mkdtemp(path.join(work, 'tampered-record-'));
  await cp(bundle, copy, { recursive: true });
  const record = await readFile(path.join(copy, 'evidence.json'), 'utf8');
  await writeFile(path.join(copy, 'evidence.json'), record.replace('"result": "assigned"', '"result": "checked"'));
  const verdict = await verifyBundle(copy);
  expect(verdict.checks.filter((c) => !c.ok).map((c) => c.what)).toEqual([
    expect.stringMatching(/evidence\.sig is a valid Ed25519 signature/),
  ]);
  const cli = await verifyCli(copy);
  expect(cli.code).toBe(1);
  expect(cli.stdout).toMatch(/^INVALID \(1 check failed\)/m);

  const added = await mkdtemp(path.join(work, 'added-'));
  await cp(bundle, added, { recursive: true });
  await writeFile(path.join(added, 'notes.txt'), 'added later');
  expect((await verifyBundle(added, { scan: false })).checks.filter((c) => !c.ok).map((c) => c.what)).toEqual([
    'files not in the record: notes.txt',
  ]);

  expect((await verifyBundle(bundle, { expectFingerprint: 'SHA256:someone-else', scan: false })).ok).toBe(false);

  // A public key that no longer decodes at all is a failed check too, not an exception.
  const badKey = await mkdtemp(path.join(work, 'bad-key-'));
  await cp(bundle, badKey, { recursive: true });
  await writeFile(path.join(badKey, 'evidence.pub.pem'), '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n');
  const unreadable = await verifyBundle(badKey, { scan: false });
  expect(unreadable.ok).toBe(false);
  expect(unreadable.checks.filter((c) => !c.ok).map((c) => c.what)).toEqual([
    expect.stringMatching(/^the public key evidence\.pub\.pem is a readable public key/),
  ]);
});

test('the redacted trace opens in the trace viewer (headless) and lists the runbook steps', async () => {
  const viewer = await serveTraceViewer(path.join(bundle, 'trace.zip'));
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(viewer.url);
    const actions = page.getByRole('tree', { name: 'Actions' }).or(page.getByRole('tree')).first();
    for (const step of [
      'Sign in as root',
      'Capture the secret key',
      'Store the seed in the vault',
      'Add MFA with two consecutive codes',
      'Verify through the IAM API',
    ]) {
      await expect(actions.getByRole('treeitem', { name: new RegExp(step) }).first()).toBeVisible({ timeout: 30_000 });
    }
  } finally {
    await browser.close();
    await viewer.close();
  }
});

test('the index page shows the steps, times, masked screenshots, result, verification and how to open the trace', async () => {
  const html = await readFile(path.join(bundle, 'index.html'), 'utf8');
  const record = JSON.parse(await readFile(path.join(bundle, 'evidence.json'), 'utf8'));
  for (const step of record.steps) expect(html).toContain(step.title.replace(/"/g, '&quot;'));
  for (const shot of record.steps.map((s: { screenshot?: string }) => s.screenshot).filter(Boolean))
    expect(html).toContain(`src="${shot}"`);
  expect(html).toContain('npx playwright show-trace trace.zip');
  // A screenshot after every step that used the browser; none after the vault and API steps, whose screen is the step before's.
  const shots = Object.fromEntries(record.steps.map((s: { title: string; screenshot?: string }) => [s.title, s.screenshot ?? null]));
  expect(shots).toMatchObject({
    'Sign in as root': expect.stringMatching(/^screenshots\/.+\.jpg$/),
    'Add MFA with two consecutive codes': expect.stringMatching(/^screenshots\/.+\.jpg$/),
    'Store the seed in the vault': null,
    'Verify through the IAM API': null,
  });
  expect(html).toContain(record.signing.fingerprint);
  expect(html).toContain('accountMfaEnabled');
  expect(html).toMatch(/Does not satisfy[\s\S]*IAM\.6/);
});
