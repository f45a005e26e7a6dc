import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { Evidence } from '../../lib/evidence/evidence.ts';
import { createLogger } from '../../lib/run/log.ts';
import { runbookStep } from '../../lib/run/runbook-step.ts';
import { SecretStore } from '../../lib/secrets/secrets.ts';
import { traceContext } from '../../fixtures/trace.ts';
import { BUNDLE } from '../../lib/evidence/bundle.ts';

const TICKING = `<main><h1>Security credentials</h1><p id="n" style="font-size:64px">0</p></main>
<script>let n = 0; const tick = () => { document.getElementById('n').textContent = String(++n); requestAnimationFrame(tick); }; tick();</script>`;

/** Runs one screenshotted step on a page in a traced context, then `after` (what a test or runbook does next); returns the step's and the final screenshot. */
async function finalAfter(
  browser: import('@playwright/test').Browser,
  trace: import('@playwright/test').PlaywrightWorkerOptions['trace'],
  name: string,
  after: (page: import('@playwright/test').Page) => Promise<void>,
): Promise<{ step: Buffer; final: Buffer }> {
  const dir = test.info().outputPath(name);
  const evidence = new Evidence(dir, {
    runbook: 'root-mfa',
    runbookVersion: 'test',
    target: 'replica',
    account: '111122223333',
    control: { satisfies: [], doesNotSatisfy: [], note: '' },
  });
  const context = await browser.newContext({ viewport: { width: 640, height: 360 } });
  let shot: string | undefined;
  await traceContext(
    { context, secrets: new SecretStore(), evidence, log: createLogger({ level: 'silent', format: 'json' }), trace, screencast: false },
    async (traced) => {
      const page = await traced.newPage();
      await runbookStep(evidence, 'Open the page', async () => {
        // A page of its own address (the evidence takes no screenshot of about:blank) that redraws a counter on every
        // frame: two captures of it differ, so only a copy of the step screenshot equals it.
        await page.goto(`data:text/html,${encodeURIComponent(TICKING)}`);
      });
      shot = evidence.record.steps[0]!.screenshot;
      await after(page);
    },
    test.info(),
  );
  await context.close();
  return {
    step: await readFile(path.join(dir, shot!)),
    final: await readFile(path.join(dir, BUNDLE.screenshots, 'final-1.jpg')),
  };
}

test('the final screenshot is the last step screenshot when no call acted on the page after it, and a new one when one did', async ({
  browser,
  trace,
}) => {
  const still = await finalAfter(browser, trace, 'still', async () => undefined);
  expect(still.final.equals(still.step)).toBe(true);

  const changed = await finalAfter(browser, trace, 'changed', async (page) => {
    await page.getByText('Security credentials').click();
  });
  expect(changed.final.equals(changed.step)).toBe(false);

  // A screenshot of the test's own as the last call is not the step's: captured anew.
  const ownShot = await finalAfter(browser, trace, 'own-shot', async (page) => {
    await page.getByText('Security credentials').click();
    await page.screenshot();
  });
  expect(ownShot.final.equals(ownShot.step)).toBe(false);
  expect(changed.final.subarray(0, 2).toString('hex')).toBe('ffd8'); // a JPEG of its own
});
