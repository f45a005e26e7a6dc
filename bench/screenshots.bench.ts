/**
 * Benchmark: the evidence's masked screenshots as PNG and as JPEG (fixtures/trace.ts SCREENSHOT), on the
 * replica's Assign MFA wizard with its seed and QR code on screen: the time Chromium takes to make one,
 * the browser's and the worker's CPU for it, its size, and the leak scan's reading of it (readQrCode: a
 * full pngjs decode for PNG, the luminance alone for JPEG), which must still find the QR code.
 * Run: npm run bench:screenshots   (BENCH_SHOTS=40 for more shots per kind)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { test } from '../fixtures/index.ts';
import { readQrCode } from '../lib/evidence/images.ts';
import { SCREENSHOT } from '../fixtures/trace.ts';

const SHOTS = Number(process.env.BENCH_SHOTS ?? 20);

/** CPU time so far (ms) of every Chromium process on this machine (this bench runs one browser). */
function chromiumCpuMs(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!/chrom/i.test(readFileSync(`/proc/${entry}/cmdline`, 'utf8'))) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      continue; // the process ended between readdir and read
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

test('evidence screenshots: PNG against JPEG', async ({ browser, replica }) => {
  // A context of its own: the runbook fixtures' evidence would (rightly) fail a page showing a seed unmasked.
  const context = await browser.newContext();
  const page = await context.newPage();
  const created = await replica!.sideDoor.createAccount({});
  await page.goto(`${created.baseUrl}/iam/home#/security_credentials`);
  await page.getByLabel('Root user email address').fill(created.rootEmail);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Password', { exact: true }).fill(created.rootPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const kinds = {
    png: { type: 'png' },
    [`jpeg (quality ${SCREENSHOT.quality})`]: { type: 'jpeg', quality: SCREENSHOT.quality },
  } as const;
  const lines: string[] = [];
  /** Both kinds of the screen as it is; two rounds, the first a warm-up, the second printed. */
  const measure = async (scene: string, expectQr: boolean) => {
    lines.push(`  ${scene}:`);
    for (const round of [0, 1]) {
      for (const [name, options] of Object.entries(kinds)) {
        const cpu = process.cpuUsage();
        const browserBefore = chromiumCpuMs();
        const started = performance.now();
        const shots: Buffer[] = [];
        for (let i = 0; i < SHOTS; i++) shots.push(await page.screenshot(options));
        const makeMs = (performance.now() - started) / SHOTS;
        const browserMs = (chromiumCpuMs() - browserBefore) / SHOTS;
        const used = process.cpuUsage(cpu);
        const workerMs = (used.user + used.system) / 1000 / SHOTS;
        const scanStarted = performance.now();
        const found = shots.map((s) => readQrCode(s, name));
        const scanMs = (performance.now() - scanStarted) / SHOTS;
        const kb = shots.reduce((n, s) => n + s.length, 0) / SHOTS / 1024;
        const right = found.every((f) => (expectQr ? f?.startsWith('otpauth://') : f === null));
        const qr = `QR code ${expectQr ? 'found' : 'none found'}${right ? '' : ': WRONG'}`;
        if (round)
          lines.push(
            `    ${name.padEnd(20)} make ${makeMs.toFixed(1).padStart(5)} ms (browser CPU ${browserMs.toFixed(1).padStart(5)} ms, worker ${workerMs.toFixed(1).padStart(4)} ms)  ${kb.toFixed(0).padStart(4)} KB  leak-scan read ${scanMs.toFixed(1).padStart(5)} ms  ${qr}`,
          );
      }
    }
  };

  await page.getByRole('heading', { name: 'My security credentials' }).waitFor();
  await measure('Security credentials (most step screenshots: no QR code)', false);
  await page.getByRole('button', { name: 'Assign MFA device' }).click();
  await page.getByRole('textbox', { name: 'Device name' }).fill('root-mfa');
  await page.getByRole('radio', { name: 'Authenticator app' }).check();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Show QR code' }).click();
  await page.getByRole('img', { name: /QR code/i }).waitFor();
  await measure('the MFA wizard with its QR code shown (unmasked here, so the scan has something to find)', true);
  await context.close();
  process.stdout.write(`\nevidence step screenshots, ${SHOTS} of each kind per screen, 1280×720\n${lines.join('\n')}\n`);
});
