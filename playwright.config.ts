import { defineConfig } from '@playwright/test';
import type { RunbookOptions } from './fixtures/index.ts';
import { configOrExit } from './fixtures/config.ts';
import { CHROMIUM_ARGS, findChromium, BrowserNotFoundError } from './lib/browser.ts';

// Settings are validated here, in the runner's process, so bad input exits 2 before any browser starts.
const config = configOrExit();

let executablePath: string | undefined;
try {
  executablePath = findChromium(config.chromiumExecutable);
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

// Traces keep actions and sources only: DOM snapshots, network bodies and screencast frames would
// carry the seed (peers-and-playwright.md §4.1). Secrets never reach action arguments (lib/secrets.ts).
const safeTrace = { mode: 'on', snapshots: false, screenshots: false, sources: true } as const;

export default defineConfig<RunbookOptions>({
  globalSetup: './fixtures/global-setup.ts',
  reporter: [['./fixtures/reporter.ts']],
  workers: 2,
  use: {
    headless: config.headless,
    locale: 'en-US',
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
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
      use: { trace: safeTrace },
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
