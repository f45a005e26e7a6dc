// Runs `npm ci` when node_modules is missing or older than package-lock.json, so `npm start` works on a fresh clone;
// then, on a machine with no Chromium at all, installs Playwright's where the network allows it.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';

const mtime = (p) => {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
};
if (mtime('node_modules/.package-lock.json') < mtime('package-lock.json')) {
  process.stdout.write('Installing dependencies (npm ci), once…\n');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// No Chromium on this machine (none named, not Playwright's own, not Debian's): where the network allows
// it, install Playwright's Chromium once and go on; otherwise the runbook's own message says what to do.
const systemBrowsers = ['/usr/bin/chromium', '/usr/bin/chromium-headless-shell'];
if (!process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE && !systemBrowsers.some((p) => mtime(p) > 0)) {
  const { chromium } = await import('playwright');
  let bundled = '';
  try {
    bundled = chromium.executablePath();
  } catch {
    /* none known */
  }
  if (!bundled || mtime(bundled) === 0) {
    process.stdout.write("No Chromium here: installing Playwright's (npx playwright install chromium), once…\n");
    const r = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
    if (r.status !== 0) {
      process.stdout.write(
        "Could not install Playwright's Chromium (no network?): install one with `apt-get install chromium`, " +
          'or point PLAYWRIGHT_CHROMIUM_EXECUTABLE at a Chromium binary.\n',
      );
    }
  }
}
