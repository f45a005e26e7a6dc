import { existsSync } from 'node:fs';
import { chromium } from 'playwright';

/** Debian's Chromium, used when Playwright's own browser is not installed. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
/**
 * Debian's headless shell (package chromium-headless-shell), for headless runs when installed: as
 * Playwright does with its own browsers, since the full browser's headless mode costs a fleet about a
 * second of CPU and 100 MB per worker more (bench/fleet).
 */
export const SYSTEM_HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/** Flags for a sandbox-less, offline machine (no background network, no first-run UI). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export class BrowserNotFoundError extends Error {
  override name = 'BrowserNotFoundError';
}

/**
 * Which Chromium to launch: PLAYWRIGHT_CHROMIUM_EXECUTABLE when set, else Playwright's own when
 * installed (undefined = let Playwright choose), else Debian's: its headless shell for headless runs
 * when installed, else its full browser. Throws one clear message otherwise.
 */
export function findChromium(explicit?: string, opts: { headless?: boolean } = {}): string | undefined {
  if (explicit) return explicit;
  let bundled = '';
  try {
    bundled = chromium.executablePath();
  } catch {
    /* not installed: fall through to the system browser */
  }
  if (bundled && existsSync(bundled)) return undefined;
  if (opts.headless && existsSync(SYSTEM_HEADLESS_SHELL)) return SYSTEM_HEADLESS_SHELL;
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  throw new BrowserNotFoundError(
    'No Chromium found. Install one with `npx playwright install chromium` (needs internet), ' +
      'or `apt-get install chromium` (Debian/Ubuntu), or point PLAYWRIGHT_CHROMIUM_EXECUTABLE at a Chromium binary.',
  );
}
