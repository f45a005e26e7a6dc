/**
 * Benchmark: the leak scanner's luminance decoders against the libraries (issue 14). Records one real
 * root-mfa run on the replica with the screencast on and a masked PNG screenshot after every step (as
 * fixtures/trace.ts takes them), then decodes every screencast JPEG frame and every PNG screenshot to
 * its luminance plane, several rounds, with each way:
 *   JPEG  ours       lib/evidence/jpeg-luma.ts decodeJpegLuma (Y plane only, into a reused buffer)
 *         jpeg-js Y  jpegjs.decode without colour transform (Y Cb Cr), every third byte
 *         jpeg-js    jpegjs.decode to RGBA, then BT.601 luma (what lib/evidence/images.ts does for other JPEGs)
 *         sharp      sharp(buf).greyscale().raw() (only with BENCH_SHARP_DIR: not a dependency)
 *   PNG   pngjs      PNG.sync.read, then BT.601 luma (what lib/evidence/images.ts does)
 *         sharp      as above
 * It prints ms per image (median of the rounds), input MB/s, the peak memory over one pass (heap +
 * external and RSS, sampled after each decode, from a collected heap), and how far each way's luma is
 * from the reference (ours for JPEG, pngjs for PNG: worst difference, pixels on the other side of the
 * scanner's dark/light line at 128).
 * lib/evidence/images.ts had a hand-written PNG luminance decoder; this bench measured it at 21.4 ms per 1280×720
 * screenshot against pngjs 32.0 (1.50×) and sharp 15.6, and it was removed for pngjs (issue 14).
 * Figures only: nothing here asserts a time.
 * Run: npm run bench:luma   (BENCH_ROUNDS=9 for more rounds; BENCH_SHARP_DIR=/tmp/sharp-try to add sharp,
 * a folder where `npm install sharp` was run)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import jpegjs from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Browser } from '@playwright/test';
import { test } from '../fixtures/index.ts';
import { accountFor } from '../fixtures/account.ts';
import type { Config } from '../config/settings.ts';
import type { ReplicaHandle } from '../fixtures/replica.ts';
import { Evidence } from '../lib/evidence/evidence.ts';
import { imageType } from '../lib/evidence/images.ts';
import { decodeJpegLuma } from '../lib/evidence/jpeg-luma.ts';
import { createLogger } from '../lib/run/log.ts';
import { SecretStore } from '../lib/secrets/secrets.ts';
import { readZipBuffer } from '../lib/evidence/zip.ts';
import { assignRootMfa } from '../runbooks/root-mfa.ts';
import { rootMfaDeps } from './root-mfa-deps.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

interface Plane {
  width: number;
  height: number;
  data: Uint8Array;
}
type Decode = (buf: Buffer) => Plane | Promise<Plane>;

/** The little of sharp's API this uses (sharp ships its own types, but it is not installed in this project). */
interface SharpLib {
  (input: Buffer): {
    removeAlpha(): {
      greyscale(): {
        raw(): {
          toBuffer(o: { resolveWithObject: true }): Promise<{ data: Buffer; info: { width: number; height: number; channels: number } }>;
        };
      };
    };
  };
  cache(on: boolean): void;
  concurrency(n: number): number;
  versions: Record<string, string>;
}

function loadSharp(): SharpLib | string {
  const dir = process.env.BENCH_SHARP_DIR;
  if (!dir) return 'not measured (set BENCH_SHARP_DIR to a folder where `npm install sharp` was run)';
  try {
    const sharp = createRequire(path.join(path.resolve(dir), 'package.json'))('sharp') as SharpLib;
    sharp.cache(false);
    sharp.concurrency(1); // one libvips thread per image, as our decoders have one
    return sharp;
  } catch (err) {
    return `could not be loaded from ${dir}: ${(err as Error).message.split('\n')[0]}`;
  }
}

/** BT.601 luma of interleaved RGB(A), as lib/evidence/images.ts computes it. */
function lumaOfRgb(width: number, height: number, data: Uint8Array, channels: number): Plane {
  const out = new Uint8Array(width * height);
  for (let i = 0, j = 0; j < out.length; i += channels, j++)
    out[j] = Math.floor((data[i]! * 299 + data[i + 1]! * 587 + data[i + 2]! * 114) / 1000);
  return { width, height, data: out };
}

/** Records a real root-mfa run: its trace's screencast frames and a masked PNG screenshot after each step. */
async function recordRun(browser: Browser, config: Config, replica: ReplicaHandle, work: string) {
  const secrets = new SecretStore();
  const account = await accountFor(config, replica, {}, secrets);
  const context = await browser.newContext();
  await secrets.install(context);
  // The screencast explicitly on, whatever the default evidence trace records.
  await context.tracing.start({ snapshots: true, screenshots: true, sources: true, title: 'bench luma' });
  const page = await context.newPage();
  const log = createLogger({ level: 'warn', format: 'json' });
  const evidence = new Evidence(work, {
    runbook: 'root-mfa',
    runbookVersion: 'bench',
    target: 'replica',
    account: account.id!,
    control: { satisfies: [], doesNotSatisfy: [], note: '' },
  });
  const pngs: Buffer[] = [];
  evidence.hooks = {
    started: async () => {},
    ended: async () => {
      pngs.push(await page.screenshot({ mask: secrets.screenshotMasks(page), timeout: 5_000 }));
      return undefined;
    },
  };
  await assignRootMfa({
    page,
    config,
    account,
    secrets,
    log,
    evidence,
    ...(await rootMfaDeps(config, replica, account, log)),
  });
  const traceFile = path.join(work, 'trace.zip');
  await context.tracing.stop({ path: traceFile });
  await context.close();
  const jpegs = readZipBuffer(await readFile(traceFile))
    .map((e) => e.data)
    .filter((d) => imageType(d) === 'jpeg');
  return { jpegs, pngs };
}

const gc = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

interface Figures {
  msPerImage: number;
  mbPerS: number;
  heapPeak: number;
  rssPeak: number;
  worst: number;
  flips: number;
  meanDiff: number;
}

async function measure(images: Buffer[], ways: Array<[string, Decode]>, reference: Plane[]): Promise<Map<string, Figures>> {
  const bytes = images.reduce((a, b) => a + b.length, 0);
  const times = new Map<string, number[]>(ways.map(([name]) => [name, []]));
  for (let r = 0; r <= ROUNDS; r++) {
    // round 0 warms up (JIT, lazy loading) and is not counted
    for (const [name, decode] of ways) {
      const t = performance.now();
      for (const img of images) await decode(img);
      if (r > 0) times.get(name)!.push(performance.now() - t);
    }
  }
  const out = new Map<string, Figures>();
  for (const [name, decode] of ways) {
    gc();
    const base = process.memoryUsage();
    let heapPeak = 0;
    let rssPeak = 0;
    let worst = 0;
    let flips = 0;
    let diffSum = 0;
    let pixels = 0;
    for (let i = 0; i < images.length; i++) {
      const plane = await decode(images[i]!);
      const m = process.memoryUsage();
      heapPeak = Math.max(heapPeak, m.heapUsed + m.external - base.heapUsed - base.external);
      rssPeak = Math.max(rssPeak, m.rss - base.rss);
      const ref = reference[i]!;
      if (plane.width !== ref.width || plane.height !== ref.height)
        throw new Error(`${name}: image ${i} is ${plane.width}×${plane.height}, ours ${ref.width}×${ref.height}`);
      for (let k = 0; k < ref.data.length; k++) {
        const d = Math.abs(plane.data[k]! - ref.data[k]!);
        diffSum += d;
        if (d > worst) worst = d;
        if (plane.data[k]! < 128 !== ref.data[k]! < 128) flips += 1;
      }
      pixels += ref.data.length;
    }
    const sorted = times.get(name)!.sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    out.set(name, {
      msPerImage: median / images.length,
      mbPerS: bytes / 1e6 / (median / 1000),
      heapPeak,
      rssPeak,
      worst,
      flips,
      meanDiff: diffSum / pixels,
    });
  }
  return out;
}

function table(title: string, figures: Map<string, Figures>, ours: string): string[] {
  const mine = figures.get(ours)!;
  const mb = (v: number) => `${(v / 1e6).toFixed(1)} MB`.padStart(9);
  return [
    title,
    `  ${'way'.padEnd(11)}${'ms/image'.padStart(9)}${'MB/s'.padStart(8)}${`× ${ours}`.padStart(8)}${'heap+ext'.padStart(10)}${'RSS'.padStart(9)}   luma vs ${ours}`,
    ...[...figures].map(
      ([name, f]) =>
        `  ${name.padEnd(11)}${f.msPerImage.toFixed(2).padStart(9)}${f.mbPerS.toFixed(1).padStart(8)}${(f.msPerImage / mine.msPerImage).toFixed(2).padStart(8)}${mb(f.heapPeak)}${mb(f.rssPeak)}   ${name === ours ? '(reference)' : `worst ${f.worst}, mean ${f.meanDiff.toFixed(3)}, ${f.flips} px across 128`}`,
    ),
  ];
}

test('luminance decoding: ours against the libraries, on real screencast frames and screenshots', async ({ browser, config, replica }) => {
  test.setTimeout(10 * 60_000);
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-luma-'));
  try {
    const { jpegs, pngs } = await recordRun(browser, config, replica!, work);
    const sharp = loadSharp();
    const viaSharp: Decode | undefined =
      typeof sharp === 'string'
        ? undefined
        : async (buf) => {
            const { data, info } = await sharp(buf).removeAlpha().greyscale().raw().toBuffer({ resolveWithObject: true });
            if (info.channels !== 1) throw new Error(`sharp gave ${info.channels} channels`);
            return { width: info.width, height: info.height, data };
          };

    let scratch: Uint8Array = new Uint8Array(0);
    const oursJpeg: Decode = (buf) => {
      const plane = decodeJpegLuma(buf, 'a frame', scratch); // allocates when scratch is too small; kept for the next
      if (!plane) throw new Error('a screencast frame our decoder does not read');
      if (plane.data.buffer !== scratch.buffer) scratch = new Uint8Array(plane.data.buffer);
      return plane;
    };
    const jpegY: Decode = (buf) => {
      const img = jpegjs.decode(buf, { useTArray: true, formatAsRGBA: false, colorTransform: false, tolerantDecoding: false });
      const out = new Uint8Array(img.width * img.height);
      for (let i = 0, j = 0; j < out.length; i += 3, j++) out[j] = img.data[i]!;
      return { width: img.width, height: img.height, data: out };
    };
    const jpegRgba: Decode = (buf) => {
      const img = jpegjs.decode(buf, { useTArray: true, formatAsRGBA: true, tolerantDecoding: false });
      return lumaOfRgb(img.width, img.height, img.data, 4);
    };
    const pngjs: Decode = (buf) => {
      const img = PNG.sync.read(buf);
      return lumaOfRgb(img.width, img.height, img.data, 4);
    };

    // The reference luma: ours for JPEG, copied (the decoder writes into a reused buffer); pngjs for PNG.
    const refJpeg = jpegs.map((b) => {
      const p = oursJpeg(b) as Plane;
      return { ...p, data: p.data.slice() };
    });
    const refPng = pngs.map((b) => pngjs(b) as Plane);
    const jpegFigures = await measure(
      jpegs,
      [['ours', oursJpeg], ['jpeg-js Y', jpegY], ['jpeg-js', jpegRgba], ...(viaSharp ? [['sharp', viaSharp] as [string, Decode]] : [])],
      refJpeg,
    );
    const pngFigures = await measure(pngs, [['pngjs', pngjs], ...(viaSharp ? [['sharp', viaSharp] as [string, Decode]] : [])], refPng);

    const size = (list: Buffer[]) => `${list.length}, ${(list.reduce((a, b) => a + b.length, 0) / 1e6).toFixed(2)} MB`;
    const first = (list: Buffer[], at: Plane[]) => (list.length ? `${at[0]!.width}×${at[0]!.height}` : '-');
    process.stdout.write(
      `\n${[
        `Luminance decoding, one real root-mfa run on the replica, ${ROUNDS} rounds (median), one thread; sharp ${typeof sharp === 'string' ? sharp : `${sharp.versions.sharp} (libvips ${sharp.versions.vips})`}`,
        ...table(`screencast JPEG frames (${size(jpegs)}, ${first(jpegs, refJpeg)})`, jpegFigures, 'ours'),
        ...table(`step PNG screenshots (${size(pngs)}, ${first(pngs, refPng)})`, pngFigures, 'pngjs'),
        '  × ours / × pngjs: time relative to the reference (> 1 = slower); heap+ext, RSS: peak growth over one pass, sampled after each decode',
      ].join('\n')}\n`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
