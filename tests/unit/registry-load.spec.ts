import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { REPO } from '../helpers/spawn.ts';

/**
 * The registry (runbooks/registry.ts) is read by every process of a run: the operator command, `--help`, the
 * test runner, each worker. It lists the runbooks without loading their procedures: those, with the page objects
 * and SDK clients they import, are loaded by the process that runs one (runbooks/define.ts loadedOnFirstRun).
 */

/** The repo's files (and packages) a Node process loads while running `script`. */
function modulesLoadedBy(script: string, logFile: string): string[] {
  execFileSync(process.execPath, ['--import', 'tsx', '--import', './tests/helpers/import-log.mjs', '--input-type=module', '-e', script], {
    cwd: REPO,
    env: { ...process.env, IMPORT_LOG: logFile, RUNBOOK_ENV_FILE: '/dev/null' },
  });
  const prefix = `file://${REPO}/`;
  const loaded = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith(prefix))
    // A package by its name (node_modules/@scope/name/… → "package @scope/name"), a repo file by its path.
    .map((url) => url.slice(prefix.length).replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, 'package $1'));
  return [...new Set(loaded)].sort();
}

const HEAVY = /^(pages\/|runbooks\/procedures\/|lib\/aws\/|lib\/org\/aws\.ts|package @playwright\/|package playwright|package @aws-sdk\/)/;

test('reading the registry loads every definition but no procedure, page object, Playwright or AWS SDK client', () => {
  const loaded = modulesLoadedBy(
    "const { RUNBOOK_NAMES } = await import('./runbooks/registry.ts'); if (RUNBOOK_NAMES.length < 5) throw new Error('registry empty');",
    test.info().outputPath('imports.log'),
  );
  expect(loaded).toEqual(expect.arrayContaining(['runbooks/registry.ts', 'runbooks/root-mfa.ts', 'runbooks/identity-center.ts']));
  expect(loaded.filter((f) => HEAVY.test(f))).toEqual([]);
});

test('running a procedure loads its own module, and no other runbook’s', () => {
  // A context with no page: the procedure is loaded, starts, and fails at its first use of the browser.
  const loaded = modulesLoadedBy(
    [
      "const { rootMfa } = await import('./runbooks/root-mfa.ts');",
      'const evidence = { record: {}, step: async () => { throw new Error("no page here"); } };',
      'await rootMfa.procedure({ evidence, config: {}, account: {}, log: { info() {}, warn() {}, child() { return this; } } }).catch(() => {});',
    ].join('\n'),
    test.info().outputPath('imports.log'),
  );
  expect(loaded).toContain('runbooks/procedures/root-mfa.ts');
  expect(loaded).toEqual(expect.arrayContaining([expect.stringMatching(/^pages\/iam\//)]));
  expect(loaded.filter((f) => /^runbooks\/procedures\//.test(f))).toEqual(['runbooks/procedures/root-mfa.ts']);
  expect(loaded.filter((f) => /^pages\/(identity-center|portal)\//.test(f))).toEqual([]);
});
