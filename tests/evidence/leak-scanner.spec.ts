import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import QRCode from 'qrcode';
import jpegjs from 'jpeg-js';
import { PNG } from 'pngjs';
import { SCREENSHOT } from '../../fixtures/trace.ts';
import { LeakScanner, scanFolder } from '../../lib/evidence/scan.ts';
import { writeZipBuffer } from '../../lib/evidence/zip.ts';

// Secrets are made at run time: a literal seed in this file would be a leak of its own in any trace
// that embeds sources.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const seed = [...randomBytes(64)].map((b) => ALPHABET[b % 32]).join('');
const password = `Pw_${randomBytes(12).toString('base64url')}!`;
const code = String(100000 + (randomBytes(4).readUInt32BE(0) % 900000));
const cookie = randomBytes(24).toString('base64url');
const secrets = [
  { kind: 'root-mfa-seed', value: seed },
  { kind: 'root-password', value: password },
  { kind: 'totp-code', value: code },
  { kind: 'session-cookie', value: cookie },
];
const otpauth = `otpauth://totp/Amazon%20Web%20Services:root-mfa@111122223333?secret=${seed}&issuer=Amazon%20Web%20Services`;

/** A PNG re-encoded as a JPEG at the bundle's screenshot quality. */
function jpegOf(png: Buffer): Buffer {
  const { width, height, data } = PNG.sync.read(png);
  return Buffer.from(jpegjs.encode({ width, height, data }, SCREENSHOT.quality).data);
}

/** A bundle-shaped folder with nothing secret in it: every planted leak goes into a copy of this. */
async function cleanBundle(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'planted-'));
  await mkdir(path.join(dir, 'screenshots'));
  const traceLine = JSON.stringify({
    type: 'before',
    callId: 'c@1',
    startTime: 123456.5,
    class: 'Frame',
    method: 'click',
    params: { selector: 'internal:role=button[name="Next"i]' },
  });
  await writeFile(
    path.join(dir, 'trace.zip'),
    writeZipBuffer([
      { name: 'trace.trace', data: Buffer.from(`${traceLine}\n`) },
      { name: 'trace.network', data: Buffer.from('') },
    ]),
  );
  await writeFile(
    path.join(dir, 'screenshots', '01-sign-in.jpg'),
    jpegOf(await QRCode.toBuffer('https://console.aws.amazon.com/', { width: 200 })),
  );
  await writeFile(path.join(dir, 'runbook.log'), '{"level":30,"msg":"Seed stored in the vault","password":"[REDACTED]"}\n');
  await writeFile(
    path.join(dir, 'evidence.json'),
    JSON.stringify({ runbook: 'root-mfa', result: 'assigned', details: { codeAttempts: [{ step: 59847479 }] } }, null, 2),
  );
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>root-mfa</title><p>Assigned.</p>');
  return dir;
}

/** Each kind of artifact a run leaves, with a leak planted in it. */
const PLANTED: Array<{ artifact: string; file: string; data: () => Promise<Buffer | string>; shape: boolean }> = [
  {
    artifact: 'trace entry (DOM snapshot value)',
    file: 'trace.zip',
    shape: true,
    data: async () =>
      writeZipBuffer([
        {
          name: 'trace.trace',
          data: Buffer.from(
            `${JSON.stringify({ type: 'frame-snapshot', snapshot: { html: ['INPUT', { __playwright_value_: seed.toLowerCase() }] } })}\n`,
          ),
        },
      ]),
  },
  {
    artifact: 'trace entry (network body)',
    file: 'trace.zip',
    shape: true,
    data: async () =>
      writeZipBuffer([
        {
          name: 'resources/0a1b.json',
          data: Buffer.from(JSON.stringify({ base32StringSeed: seed, serialNumber: 'arn:aws:iam::111122223333:mfa/root-mfa' })),
        },
      ]),
  },
  {
    artifact: 'screenshot PNG with a QR code of the otpauth URI',
    file: 'screenshots/02-capture.png',
    shape: true,
    data: () => QRCode.toBuffer(otpauth, { width: 240 }),
  },
  {
    // The bundle's screenshots are JPEG (fixtures/trace.ts SCREENSHOT): read by their luminance alone.
    artifact: 'screenshot JPEG with a QR code of the otpauth URI',
    file: 'screenshots/02-capture.jpg',
    shape: true,
    data: async () => jpegOf(await QRCode.toBuffer(otpauth, { width: 240 })),
  },
  {
    // Drawn light on dark: found only because a screenshot (unlike a screencast frame) is also read inverted.
    artifact: 'screenshot JPEG with a light-on-dark QR code of the otpauth URI',
    file: 'screenshots/03-capture.jpg',
    shape: true,
    data: async () => jpegOf(await QRCode.toBuffer(otpauth, { width: 240, color: { dark: '#ffffff', light: '#000000' } })),
  },
  {
    artifact: 'log',
    file: 'runbook.log',
    shape: true,
    data: async () => `{"level":30,"msg":"signed in","body":"email=root%40example.com&password=${encodeURIComponent(password)}"}\n`,
  },
  {
    artifact: 'evidence.json',
    file: 'evidence.json',
    shape: false,
    data: async () => JSON.stringify({ runbook: 'root-mfa', steps: [{ title: 'Add MFA', error: `code ${code} refused` }] }),
  },
  {
    artifact: 'index.html',
    file: 'index.html',
    shape: true,
    data: async () => `<p>Seed: <code>${seed.match(/.{4}/g)!.join(' ')}</code></p>`,
  },
  {
    artifact: 'HTML report (embedded zip)',
    file: 'report/index.html',
    shape: true,
    data: async () =>
      `<script>window.playwrightReportBase64 = "data:application/zip;base64,${writeZipBuffer([{ name: 'report.json', data: Buffer.from(JSON.stringify({ cookie: `aws-creds=${cookie}` })) }]).toString('base64')}";</script>`,
  },
  { artifact: 'video', file: 'video.webm', shape: true, data: async () => Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0]) },
];

test('a clean bundle-shaped folder scans clean, by value and by shape', async () => {
  const dir = await cleanBundle();
  expect((await scanFolder(dir, secrets)).leaks).toEqual([]);
  expect((await scanFolder(dir)).leaks).toEqual([]);
});

for (const planted of PLANTED) {
  test(`the leak scanner catches a secret planted in the ${planted.artifact}`, async () => {
    const dir = await cleanBundle();
    await mkdir(path.dirname(path.join(dir, planted.file)), { recursive: true });
    await writeFile(path.join(dir, planted.file), await planted.data());
    const byValue = await scanFolder(dir, secrets);
    expect(byValue.leaks.length, JSON.stringify(byValue.leaks)).toBeGreaterThan(0);
    expect(byValue.leaks.every((l) => l.artifact.startsWith(planted.file))).toBe(true);
    // What `npm run verify` sees without the secrets: TOTP codes have no shape, everything else does.
    const byShape = await scanFolder(dir);
    expect(byShape.leaks.length > 0, JSON.stringify(byShape.leaks)).toBe(planted.shape);
    // A leak report names the kind and the form, never the value.
    expect(JSON.stringify(byValue.leaks)).not.toContain(seed.slice(0, 12));
  });
}

test('partial seeds count: an element preview cut short still leaks', async () => {
  const dir = await cleanBundle();
  await writeFile(path.join(dir, 'runbook.log'), `locator resolved to <code>${seed.slice(0, 20)}…</code>\n`);
  expect((await scanFolder(dir, secrets)).leaks).toEqual([{ artifact: 'runbook.log', kind: 'root-mfa-seed', form: 'partial' }]);
});

test('a large text is read for secret shapes by its content: the same stylesheet twice is found under each name, and a changed one is read anew', () => {
  const sheet = `.a{color:red}\n`.repeat(8_000); // 112 KB: large enough to be remembered
  const withSeed = `${sheet}/* ${seed} */`;
  const scanner = new LeakScanner();
  scanner.artifact('run-1/trace.zip:resources/sheet.css', Buffer.from(sheet, 'latin1'));
  scanner.artifact('run-1/trace.zip:resources/sheet-with-seed.css', Buffer.from(withSeed, 'latin1'));
  scanner.artifact('run-2/trace.zip:resources/sheet-with-seed.css', Buffer.from(withSeed, 'latin1'));
  // The remembered clean sheet, its last lines replaced by a seed (same length), is a new text.
  scanner.artifact('run-3/trace.zip:resources/sheet.css', Buffer.from(`${sheet.slice(0, -(seed.length + 2))}\n${seed}\n`, 'latin1'));
  expect(scanner.leaks.map((l) => `${l.artifact} ${l.kind}`)).toEqual([
    'run-1/trace.zip:resources/sheet-with-seed.css totp-seed',
    'run-2/trace.zip:resources/sheet-with-seed.css totp-seed',
    'run-3/trace.zip:resources/sheet.css totp-seed',
  ]);
});
