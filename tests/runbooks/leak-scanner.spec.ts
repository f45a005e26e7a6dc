import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright';
import QRCode from 'qrcode';
import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../lib/run/browser.ts';
import { scanRun } from '../helpers/scan.ts';

// The runner's own tracing would own this context's trace; this test records one itself.
test.use({ trace: 'off' });

for (const screencast of [false, true]) {
  test(`the leak scan sees a seed that a careless trace records, screencast ${screencast ? 'on' : 'off'} (so the clean-run check can fail)`, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'careless-trace-'));
    const seed = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext();
      await context.tracing.start({ snapshots: true, screenshots: screencast });
      const page = await context.newPage();
      // With the screencast on, the page also shows the seed as a QR code (as the MFA wizard does): only the frames can give that away.
      const qr = screencast
        ? `<img alt="QR code" width="240" src="${await QRCode.toDataURL(`otpauth://totp/AWS:root?secret=${seed}&issuer=AWS`)}">`
        : '';
      await page.setContent(`${qr}<label>Secret <input id="s"></label>`);
      await page.getByLabel('Secret').fill(seed.toLowerCase());
      await context.tracing.stop({ path: path.join(dir, 'evidence', 'trace.zip') });
    } finally {
      await browser.close();
    }
    const { leaks } = await scanRun(path.join(dir, 'evidence'), dir, '', [{ kind: 'root-mfa-seed', value: seed }]);
    expect(leaks.map((l) => l.form)).toContain('lower-case');
    const inFrames = leaks.filter((l) => /trace\.zip:screencast\//.test(l.artifact));
    if (screencast) expect(inFrames.length, JSON.stringify(leaks)).toBeGreaterThan(0);
    else expect(inFrames).toEqual([]);
  });
}
