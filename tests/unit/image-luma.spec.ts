import type { Page } from '@playwright/test';
// The full decoders: jpeg-js, which the JPEG luminance decoder stands in for, and pngjs, which lib/evidence/images.ts reads PNGs with.
import jpegjs from 'jpeg-js';
import { PNG } from 'pngjs';
import { expect, test } from '@playwright/test';
import QRCode from 'qrcode';
import { decodeJpegLuma } from '../../lib/evidence/jpeg-luma.ts';
import { LeakScanner } from '../../lib/evidence/scan.ts';

const seed = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const otpauth = `otpauth://totp/Amazon%20Web%20Services:root-mfa@111122223333?secret=${seed}&issuer=Amazon%20Web%20Services`;

/** A console-like page: text, a dark bar, coloured buttons, a gradient, and optionally the QR code the wizard shows (200 px). */
async function consolePage(page: Page, qr: boolean): Promise<void> {
  const src = qr ? await QRCode.toDataURL(otpauth, { errorCorrectionLevel: 'M', margin: 2, width: 240 }) : '';
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.setContent(`<body style="margin:0;font:14px sans-serif">
    <div style="background:#232f3e;color:#fff;padding:12px">AWS Management Console</div>
    <div style="padding:20px"><h1>Set up device</h1><p>Open your authenticator app, choose Show QR code on this page.</p>
    <button style="background:#0972d3;color:#fff;border-radius:20px;padding:6px 16px">Add MFA</button>
    <button style="background:#ff9900;padding:6px 16px">Cancel</button>
    <div style="height:40px;background:linear-gradient(90deg,#e9ebed,#0972d3)"></div>
    ${qr ? `<img alt="QR code" width="200" height="200" src="${src}">` : ''}</div></body>`);
  // Images decode apart from the load event: on a busy machine a frame could otherwise show the page before the QR code.
  await page.evaluate(async () => {
    await Promise.all([...document.images].map((img) => img.decode()));
    await new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(painted)));
  });
}

/** One screencast frame as the evidence trace records it (800×450 for a 1280×720 page, quality 90). */
async function screencastFrame(page: Page): Promise<Buffer> {
  const frames: Buffer[] = [];
  await page.screencast.start({
    size: { width: 800, height: 450 },
    quality: 90,
    onFrame: ({ data }) => {
      frames.push(data);
    },
  });
  // A change on the page makes Chromium send a frame of it.
  await page.evaluate(() => {
    document.body.append(document.createElement('span'));
  });
  await expect.poll(() => frames.length).toBeGreaterThan(0);
  await page.screencast.stop();
  return frames.at(-1)!;
}

/** Worst difference between our luminance and the BT.601 luminance of the full decode, on grey pixels (colour clamping aside). */
function worstGreyDifference(jpeg: Buffer): number {
  const luma = decodeJpegLuma(jpeg);
  expect(luma, 'a JPEG Chromium writes is one the luminance decoder reads').not.toBeNull();
  const full = jpegjs.decode(jpeg, { useTArray: true, formatAsRGBA: true });
  expect([luma!.width, luma!.height]).toEqual([full.width, full.height]);
  let worst = 0;
  for (let i = 0; i < luma!.data.length; i++) {
    const [r, g, b] = [full.data[4 * i]!, full.data[4 * i + 1]!, full.data[4 * i + 2]!];
    if (Math.abs(r - g) > 2 || Math.abs(g - b) > 2 || r < 4 || r > 251) continue;
    worst = Math.max(worst, Math.abs((r * 299 + g * 587 + b * 114) / 1000 - luma!.data[i]!));
  }
  return worst;
}

test('the luminance decoder reads Chromium screencast frames and JPEG screenshots as a full decoder does', async ({ page }) => {
  await consolePage(page, true);
  expect(worstGreyDifference(await screencastFrame(page))).toBeLessThanOrEqual(2);
  for (const quality of [90, 50, 20])
    expect(worstGreyDifference(await page.screenshot({ type: 'jpeg', quality })), `quality ${quality}`).toBeLessThanOrEqual(2);
});

test('PNG screenshots (pngjs): a QR code of the seed is found dark on light and light on dark; without it clean; damaged, fail closed', async ({
  page,
}) => {
  const seedLeaks = (png: Buffer, name: string) => {
    const scanner = new LeakScanner([{ kind: 'root-mfa-seed', value: seed }]);
    scanner.artifact(name, png);
    return scanner.leaks.map((l) => `${l.kind} (${l.form})`);
  };
  const found = expect.arrayContaining(['root-mfa-seed (qr-code raw)', 'totp-seed (qr-code otpauth-uri)']);
  await consolePage(page, true);
  expect(seedLeaks(await page.screenshot(), 'screenshots/01-shown.png')).toEqual(found);
  expect(seedLeaks(await page.screenshot({ omitBackground: true }), 'screenshots/02-transparent.png')).toEqual(found);
  await page.evaluate(() => {
    // The body given its own white background (not the canvas's), then inverted: the whole page light on dark.
    document.documentElement.style.background = '#000';
    document.body.style.cssText += ';background:#fff;min-height:100vh;filter:invert(1)';
  });
  const inverted = await page.screenshot();
  // The page (and the code on it) really is light on dark now: most of it is dark.
  const img = PNG.sync.read(inverted);
  let dark = 0;
  for (let i = 0; i < img.data.length; i += 4) if (img.data[i]! < 128) dark += 1;
  expect(dark / (img.width * img.height), 'share of dark pixels in the inverted screenshot').toBeGreaterThan(0.5);
  expect(seedLeaks(inverted, 'screenshots/03-inverted.png')).toEqual(found);

  await consolePage(page, false);
  const clean = await page.screenshot();
  expect(seedLeaks(clean, 'screenshots/04-hidden.png')).toEqual([]);
  const scanner = new LeakScanner();
  scanner.artifact('screenshots/05-cut.png', clean.subarray(0, Math.floor(clean.length / 2)));
  expect(scanner.leaks.map((l) => l.kind)).toEqual(['unverifiable']);
});

test('a QR code of the seed in a screencast frame fails the leak scan; the same frame without it scans clean', async ({ page }) => {
  await consolePage(page, true);
  const shown = new LeakScanner([{ kind: 'root-mfa-seed', value: seed }]);
  shown.artifact('trace.zip:screencast/page@1-1.jpeg', await screencastFrame(page));
  expect(shown.leaks.map((l) => `${l.kind} (${l.form})`)).toEqual(
    expect.arrayContaining(['root-mfa-seed (qr-code raw)', 'totp-seed (qr-code otpauth-uri)']),
  );

  await consolePage(page, false);
  const hidden = new LeakScanner([{ kind: 'root-mfa-seed', value: seed }]);
  hidden.artifact('trace.zip:screencast/page@1-2.jpeg', await screencastFrame(page));
  expect(hidden.leaks).toEqual([]);
});

test('a damaged frame cannot be proven clean: the scan fails closed', async ({ page }) => {
  await consolePage(page, false);
  const frame = await screencastFrame(page);
  const scanner = new LeakScanner();
  scanner.artifact('trace.zip:screencast/page@1-3.jpeg', frame.subarray(0, Math.floor(frame.length / 3)));
  expect(scanner.leaks.map((l) => l.kind)).toEqual(['unverifiable']);
});
