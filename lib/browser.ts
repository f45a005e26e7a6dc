import { existsSync } from 'node:fs';
import { chromium } from 'playwright';

/** Debian's Chromium, used when Playwright's own browser is not installed. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Flags for a sandbox-less, offline machine (no background network, no first-run UI). */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

export class BrowserNotFoundError extends Error {
  override name = 'BrowserNotFoundError';
}

/**
 * Which Chromium to launch: PLAYWRIGHT_CHROMIUM_EXECUTABLE when set, else Playwright's own when
 * installed (undefined = let Playwright choose), else Debian's. Throws one clear message otherwise.
 */
export function findChromium(explicit?: string): string | undefined {
  if (explicit) return explicit;
  let bundled = '';
  try { bundled = chromium.executablePath(); } catch { /* not installed: fall through to the system browser */ }
  if (bundled && existsSync(bundled)) return undefined;
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  throw new BrowserNotFoundError(
    'No Chromium found. Install one with `npx playwright install chromium` (needs internet), ' +
    'or `apt-get install chromium` (Debian/Ubuntu), or point PLAYWRIGHT_CHROMIUM_EXECUTABLE at a Chromium binary.',
  );
}
