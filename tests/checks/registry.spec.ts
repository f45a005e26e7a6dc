import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseResultsTable } from '../../lib/run/results-table.ts';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { REPO, run, runbookCli } from '../helpers/spawn.ts';

// A runbook added through the registry's extension point alone (RUNBOOK_EXTRA_MODULES, runbooks/registry.ts):
// one throw-away file in a temp dir (.mts: outside this package, only that extension says "ES module"), no other file edited, and it is in --help, runs alone, in a fleet, in check
// mode and in the results table. Each CLI run starts browsers: one at a time, on one replica started here.
test.describe.configure({ mode: 'serial' });

const NAME = 'open-sign-in';
const TITLE = 'Open the sign-in page (throw-away runbook)';
const SUMMARY = 'Throw-away test runbook: opens the sign-in page and records one step.';

/** The whole runbook: its definition and a trivial procedure through the page's meaning (a text field to type in). */
const MODULE = `
import { defineRunbook } from ${JSON.stringify(path.join(REPO, 'runbooks/define.ts'))};
import { runbookStep } from ${JSON.stringify(path.join(REPO, 'lib/run/runbook-step.ts'))};

export const openSignIn = defineRunbook({
  name: '${NAME}',
  title: '${TITLE}',
  summary: '${SUMMARY}',
  kind: 'console',
  fleet: true,
  tags: ['@throw-away'],
  control: { satisfies: ['nothing: a test of the runbook registry'], doesNotSatisfy: [], note: 'changes nothing' },
  procedure: async (ctx) => {
    await runbookStep(ctx.evidence, 'Open the sign-in page', async () => {
      await ctx.page.goto(ctx.account.signinUrl);
      await ctx.page.getByRole('textbox').first().waitFor();
    });
    ctx.evidence.record.result = ctx.config.mode === 'check' ? 'checked' : 'already-compliant';
  },
});
`;

/** `npm run checks`, as the README runs it. */
const checksCli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', 'bin/checks.ts', ...args], env, 240_000);

let replica: ReplicaServer;
let work: string;
let moduleFile: string;
test.beforeAll(async () => {
  replica = await startReplica({ port: 0 });
  work = await mkdtemp(path.join(os.tmpdir(), 'registry-'));
  moduleFile = path.join(work, 'open-sign-in.runbook.mts');
  await writeFile(moduleFile, MODULE);
});
test.afterAll(async () => {
  await replica?.close();
});

/** Settings of one CLI run: this test's replica, its own evidence and vault folders, and the extra module. */
const settings = (name: string, extra: Record<string, string> = {}): Record<string, string> => ({
  REPLICA_URL: replica.baseUrl,
  EVIDENCE_DIR: path.join(work, name, 'evidence'),
  VAULT_DIR: path.join(work, name, 'vault'),
  LOG_LEVEL: 'warn',
  LOG_FORMAT: 'json',
  RUNBOOK_EXTRA_MODULES: moduleFile,
  ...extra,
});

const evidenceOf = async (folder: string) => JSON.parse(await readFile(path.resolve(REPO, folder, 'evidence.json'), 'utf8'));

test('--help lists the extra runbook with its summary, and only when the module is named', async () => {
  const withIt = await runbookCli(['--help'], settings('help'));
  expect(withIt.code, withIt.stderr).toBe(0);
  expect(withIt.stdout).toMatch(new RegExp(`^  ${NAME}\\s+${SUMMARY.replace(/[.:]/g, '\\$&')}$`, 'm'));
  const without = await runbookCli(['--help'], { ...settings('help'), RUNBOOK_EXTRA_MODULES: '' });
  expect(without.code, without.stderr).toBe(0);
  expect(without.stdout).not.toContain(NAME);
  expect(without.stdout).toContain('root-mfa');
});

test('it runs alone: exit 0, its row in the results table, its evidence names it and its control', async () => {
  test.setTimeout(180_000);
  const result = await runbookCli([NAME], settings('single'), 150_000);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toContain(`▶ ${TITLE}`);
  const rows = parseResultsTable(result.stdout);
  expect(rows, result.stdout).toHaveLength(1);
  expect(rows[0]).toMatchObject({ runbook: NAME, result: 'already-compliant' });
  const record = await evidenceOf(rows[0]!.evidenceFolder!);
  expect(record).toMatchObject({
    runbook: NAME,
    result: 'already-compliant',
    control: { satisfies: ['nothing: a test of the runbook registry'] },
  });
  expect(record.steps.map((s: { title: string; outcome: string }) => `${s.title}: ${s.outcome}`)).toEqual([
    'Open the sign-in page: passed',
  ]);
});

test('it runs in a fleet whose manifest lists it: one run per account, each in the results table', async () => {
  test.setTimeout(240_000);
  const manifest = path.join(work, 'fleet.json');
  await writeFile(
    manifest,
    `${JSON.stringify(
      {
        accounts: [
          { accountId: '910000000001', rootEmail: 'root+registry1@example.com', password: 'replica', runbooks: [NAME] },
          { accountId: '910000000002', rootEmail: 'root+registry2@example.com', password: 'replica', runbooks: [NAME] },
        ],
      },
      null,
      2,
    )}\n`,
  );
  const result = await runbookCli(['--manifest', manifest], settings('fleet'), 200_000);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toContain(`2 accounts, 2 runs (${NAME})`);
  const rows = parseResultsTable(result.stdout);
  expect(rows.map((r) => `${r.runbook} ${r.account} ${r.result}`).sort(), result.stdout).toEqual([
    `${NAME} 910000000001 already-compliant`,
    `${NAME} 910000000002 already-compliant`,
  ]);
  for (const row of rows) expect(await evidenceOf(row.evidenceFolder!)).toMatchObject({ runbook: NAME, account: row.account });
});

test('it is one of the scheduled checks: npm run checks runs it in check mode, and its row says checked', async () => {
  test.setTimeout(180_000);
  const env = settings('checks', { RUNBOOK_JUNIT_FILE: path.join(work, 'checks', 'junit.xml') });
  // Narrowed to its tag: the project's own grep (the registry's checked runbooks) must let it through as well.
  const result = await checksCli(['--grep', `@${NAME}`], env);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  const rows = parseResultsTable(result.stdout);
  expect(rows, result.stdout).toHaveLength(1);
  expect(rows[0]).toMatchObject({ runbook: NAME, result: 'checked' });
  expect(await readFile(env.RUNBOOK_JUNIT_FILE!, 'utf8')).toContain(TITLE);
});

test('a bad extra module stops the CLI with exit 2 naming it, before anything starts', async () => {
  const empty = path.join(work, 'no-definition.ts');
  await writeFile(empty, 'export const nothing = 1;\n');
  const missing = path.join(work, 'not-there.ts');
  const noDefinition = await runbookCli(['root-mfa'], { ...settings('bad'), RUNBOOK_EXTRA_MODULES: empty });
  expect(noDefinition.code, noDefinition.stdout + noDefinition.stderr).toBe(2);
  expect(noDefinition.stderr).toContain(`RUNBOOK_EXTRA_MODULES: ${empty} exports no defineRunbook(...) definition`);
  const notThere = await runbookCli(['root-mfa'], { ...settings('bad'), RUNBOOK_EXTRA_MODULES: `${moduleFile},${missing}` });
  expect(notThere.code, notThere.stdout + notThere.stderr).toBe(2);
  expect(notThere.stderr).toContain('RUNBOOK_EXTRA_MODULES');
  expect(notThere.stderr).toContain(missing);
  expect(notThere.stdout).not.toContain('Running');
});
