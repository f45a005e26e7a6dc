import { defineConfig } from '@playwright/test';
import type { RunbookOptions } from './fixtures/index.ts';
import { configOrExit } from './config/settings.ts';
import { CHROMIUM_ARGS, findChromium, BrowserNotFoundError } from './lib/run/browser.ts';
import { CHAIN, CHECKED_RUNBOOKS, chainProject, registryOrExit, specOf, tagPattern } from './runbooks/registry.ts';

// Settings are validated here, in the runner's process, so bad input exits 2 before any browser starts.
const config = configOrExit();
// A RUNBOOK_EXTRA_MODULES file that does not load or defines nothing: exit 2 as well.
registryOrExit();

let executablePath: string | undefined;
try {
  // Headless runs take Debian's headless shell when installed (lib/run/browser.ts): lighter for fleets.
  executablePath = findChromium(config.chromiumExecutable, { headless: config.headless });
} catch (err) {
  if (!(err instanceof BrowserNotFoundError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}

// One id per run, shared with the workers through the environment, names the evidence folder.
process.env.RUNBOOK_RUN_ID ??= new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, 'Z');
if (process.stdout.isTTY) process.env.RUNBOOK_TTY = '1';
// The IAM client is pinned (package-lock); its notice about future versions needing Node 22 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Workers inherit this: glibc then serves every allocation of 128 KiB or more (trace zips, decoded screenshots)
// from mmap and gives it back when freed, instead of raising that limit and keeping the freed memory in its
// heap: about 40 MB less per worker once evidence has been sealed (bench/fleet). Ignored outside glibc.
process.env.MALLOC_MMAP_THRESHOLD_ ??= '131072';

// The runner's own traces (this repo's tests, on failure) keep actions and sources only: DOM snapshots,
// network bodies and screencast frames would carry the seed (peers-and-playwright.md §4.1).
// Runbook evidence is traced in full by fixtures/trace.ts instead, and redacted in the worker.
const safeTrace = { mode: 'on', snapshots: false, screenshots: false, sources: true } as const;
// On failure Playwright writes the page's aria snapshot to error-context.md, text a mask cannot hide.
process.env.PLAYWRIGHT_NO_COPY_PROMPT ??= '1';

// Recorded page shapes, one per page or wizard step, checked by the page objects in check mode (lib/drift/drift.ts).
const pageShapes = { toMatchAriaSnapshot: { pathTemplate: 'pages/__aria__/{arg}{ext}' } };
// The real console may take a while to fill a page; a shape check waits this long before it calls the page changed.
const checkExpect = { ...pageShapes, timeout: config.shapeTimeoutMs };

// Set by the CLIs (bin/runbook.ts, bin/checks.ts): where the reporter leaves the outcome (for the exit code), and the JUnit file.
const summaryFile = process.env.RUNBOOK_SUMMARY_FILE || undefined;
const junitFile = process.env.RUNBOOK_JUNIT_FILE || undefined;

export default defineConfig<RunbookOptions>({
  globalSetup: './fixtures/global-setup.ts',
  // The markup table prints only when markup-suite tests ran (tests/helpers/markup-table.ts); the slowest tests
  // only with SLOWEST_TESTS=<n> (tests/helpers/slowest.ts, set by .ci/run).
  reporter: [
    ['./fixtures/reporter.ts', { summaryFile }],
    ['./tests/helpers/markup-table.ts'],
    ['./tests/helpers/slowest.ts'],
    ...(junitFile ? [['junit', { outputFile: junitFile }] as const] : []),
  ],
  expect: pageShapes,
  workers: 2,
  use: {
    headless: config.headless,
    locale: 'en-US',
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
    // No animations (the console honours prefers-reduced-motion): a quarter fewer screencast frames for the
    // evidence trace to encode, store and leak-scan (bench/fleet), and no screenshot caught mid-transition.
    reducedMotion: 'reduce',
    screenshot: 'off',
    video: 'off',
  },
  projects: [
    {
      name: 'runbooks',
      testDir: './runbooks',
      testMatch: '*.runbook.ts',
      retries: 0,
      timeout: 15 * 60_000,
      outputDir: `${config.evidenceDir}/${process.env.RUNBOOK_RUN_ID}`,
      expect: checkExpect,
      // fixtures/trace.ts records and redacts the evidence trace; the runner must not record its own.
      use: { trace: 'off' },
    },
    // The new-account chain (npm run runbook -- new-account; the registry's runbooks that set `chain`): one project
    // per runbook, each depending on the one before; running the last runs them all, in order, and a failure skips the rest.
    ...CHAIN.map((runbook, i) => ({
      name: chainProject(runbook.name),
      testDir: './runbooks',
      testMatch: specOf(runbook).testMatch,
      grep: new RegExp(tagPattern(runbook.name)),
      dependencies: i ? [chainProject(CHAIN[i - 1]!.name)] : [],
      retries: 0,
      timeout: 15 * 60_000,
      outputDir: `${config.evidenceDir}/${process.env.RUNBOOK_RUN_ID}`,
      expect: checkExpect,
      use: { trace: 'off' as const },
    })),
    {
      // Scheduled checks (npm run checks): every runbook the registry marks `checks` (runbooks/registry.ts), in check mode whatever
      // RUNBOOK_MODE says, headless. Changes nothing; console drift exits 3 (bin/checks.ts).
      name: 'checks',
      testDir: './runbooks',
      testMatch: '*.runbook.ts',
      // On an account where identity-center has not run yet portal-user-mfa has no page to check: it says
      // so and passes (tests/runbooks/portal-user-mfa.spec.ts checks its pages on set-up accounts).
      grep: new RegExp(CHECKED_RUNBOOKS.map((r) => tagPattern(r.name)).join('|')),
      retries: 0,
      timeout: 5 * 60_000,
      outputDir: `${config.evidenceDir}/${process.env.RUNBOOK_RUN_ID}`,
      expect: checkExpect,
      // As for runbooks: fixtures/trace.ts records the redacted evidence trace.
      use: { trace: 'off', checkMode: true, headless: true },
    },
    {
      name: 'tests',
      testDir: './tests',
      testMatch: '**/*.spec.ts',
      retries: 0,
      timeout: 120_000,
      outputDir: './test-results',
      use: { trace: { ...safeTrace, mode: 'retain-on-failure' }, forceReplica: true, headless: true },
    },
    {
      name: 'bench',
      testDir: './bench',
      testMatch: '*.bench.ts',
      retries: 0,
      timeout: 30 * 60_000,
      outputDir: './test-results/bench',
      use: { trace: 'off', forceReplica: true, headless: true },
    },
  ],
});
