import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { configOrExit } from '../config/settings.ts';
import { EXIT, exitCodeFor, newSummaryFile } from '../lib/run/run-summary.ts';
import { registryOrExit } from '../runbooks/registry.ts';

/**
 * `npm run checks`: every runbook in check mode (Playwright project `checks`), headless. Walks each
 * page up to the first change, checks its recorded shape, cancels; changes nothing. Writes a JUnit
 * report; exits 0 all pages as recorded, 1 a check failed for another reason, 2 bad settings,
 * 3 console drift. Arguments go to `playwright test` (e.g. `--update-snapshots` to re-record shapes).
 */

const HELP = `Usage: npm run checks [-- <playwright test options>]

Runs every runbook of the registry that has a check mode (runbooks/registry.ts, RUNBOOK_EXTRA_MODULES too)
in check mode against RUNBOOK_TARGET (replica by default; see .env.example):
signs in, walks each page and wizard step up to the one that would change the account, compares
it with its recorded shape (pages/__aria__/*.aria.yml) and cancels. Nothing is changed.

  -- --update-snapshots    re-record the shapes of the pages that changed (review, then commit)
  -- --grep @root-mfa      one runbook only

Writes: JUnit report RUNBOOK_JUNIT_FILE (default test-results/checks/junit.xml), evidence under EVIDENCE_DIR.
Exit codes: 0 every page as recorded, 1 a check failed (not drift), 2 bad settings, 3 console drift.
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(HELP);
  process.exit(EXIT.ok);
}

const env: NodeJS.ProcessEnv = { ...process.env };
// Validate before the runner starts: bad settings exit 2 naming every bad value. (The `checks` project
// runs headless whatever HEADLESS says: nobody watches a scheduled check, so a step that needs a person fails at once.)
configOrExit(env);
// A RUNBOOK_EXTRA_MODULES file that does not load or defines no runbook: exit 2 too (runbooks/registry.ts).
registryOrExit();

const summaryFile = newSummaryFile();
const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('@playwright/test/package.json')), 'cli.js');
const child = spawn(process.execPath, [cli, 'test', '--project=checks', ...args], {
  env: {
    ...env,
    RUNBOOK_SUMMARY_FILE: summaryFile,
    RUNBOOK_JUNIT_FILE: env.RUNBOOK_JUNIT_FILE || path.resolve('test-results/checks/junit.xml'),
    ...(process.stdout.isTTY ? { RUNBOOK_TTY: '1' } : {}),
  },
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(signal ? EXIT.failed : exitCodeFor(code, summaryFile)));
