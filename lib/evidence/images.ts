import jpegjs from 'jpeg-js';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { decodeJpegLuma, type Luma } from './jpeg-luma.ts';

/**
 * Image decoding for the leak scanner and neutral images for the redactor. The QR pre-check of a
 * JPEG (a screencast frame, the bundle's screenshots) reads its luminance only (lib/evidence/jpeg-luma.ts:
 * kept because bench/luma.bench.ts shows it 1.9× faster than sharp and 5× faster than jpeg-js on real
 * frames); PNGs and other JPEGs are decoded by
 * pngjs and jpeg-js (the codecs Playwright's own screenshot comparison uses). PNGs had a hand-written
 * luminance path too: bench:luma measured it 1.50× faster than pngjs and slower than sharp (21.4 against
 * 32.0 and 15.6 ms per 1280×720 screenshot, ten a run), not enough to keep a decoder of our own.
 */

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The image type of some bytes, by signature. */
export function imageType(data: Buffer): 'png' | 'jpeg' | 'webm' | null {
  if (data.length > 8 && data.readUInt32BE(0) === 0x89504e47) return 'png';
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg';
  if (data.length > 4 && data.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
  return null;
}

/** Decodes a PNG or JPEG to RGBA pixels. */
export function decodeImage(data: Buffer, label: string): Rgba {
  const type = imageType(data);
  try {
    if (type === 'png') return PNG.sync.read(data);
    if (type === 'jpeg') return jpegjs.decode(data, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
  } catch (err) {
    throw new Error(`Could not decode the image ${label}: ${(err as Error).message}`, { cause: err });
  }
  throw new Error(`Could not decode the image ${label}: it is neither PNG nor JPEG`);
}

/** Luminance (ITU-R BT.601, the Y of JPEG) of RGBA pixels, one byte each; dark (< 128) exactly where R·299 + G·587 + B·114 < 128 000. */
function lumaOf(img: Rgba): Luma {
  const { width, height, data } = img;
  const out = new Uint8Array(width * height);
  for (let i = 0, j = 0; j < out.length; i += 4, j++)
    out[j] = Math.floor((data[i]! * 299 + data[i + 1]! * 587 + data[i + 2]! * 114) / 1000);
  return { width, height, data: out };
}

/** Grey RGBA pixels (R = G = B = Y) from a luminance plane: what jsQR reads, whose own grey is then Y again. */
function rgbaOfLuma(luma: Luma): Uint8ClampedArray {
  const out = new Uint8ClampedArray(luma.width * luma.height * 4);
  for (let i = 0, j = 0; j < luma.data.length; i += 4, j++) {
    const y = luma.data[j]!;
    out[i] = y;
    out[i + 1] = y;
    out[i + 2] = y;
    out[i + 3] = 255;
  }
  return out;
}

/** Reused for the luminance of every JPEG frame (a trace holds a hundred or more): no allocation per frame. */
let lumaScratch = new Uint8Array(0);

/**
 * The text of the QR code in an image, or null when it shows none. PNGs are decoded in full; JPEGs
 * (the bundle's screenshots, screencast frames) are read by their luminance alone
 * (lib/evidence/jpeg-luma.ts: a QR code is dark on light whatever its hue), about a quarter of the
 * cost of a full decode. Both are also tried inverted (a code drawn light on dark), except screencast
 * frames (`frame: true`): a trace holds a hundred or more and a console draws QR codes dark on light.
 */
export function readQrCode(data: Buffer, label: string, opts: { frame?: boolean } = {}): string | null {
  const inversion = opts.frame ? 'dontInvert' : 'attemptBoth';
  const type = imageType(data);
  if (type === 'jpeg') {
    const width = imageSize(data)?.width ?? 0;
    const height = imageSize(data)?.height ?? 0;
    if (lumaScratch.length < width * height) lumaScratch = new Uint8Array(width * height);
    let luma: Luma | null;
    try {
      luma = decodeJpegLuma(data, label, lumaScratch);
    } catch (err) {
      throw new Error(`Could not decode the image ${label}: ${(err as Error).message}`, { cause: err });
    }
    // A JPEG of another kind (progressive, RGB…): decoded in full, as before.
    if (!luma) return readQrCodeIn(decodeImage(data, label), inversion);
    return readQrCodeInLuma(luma, inversion);
  }
  // A PNG (QR images, screenshots of older bundles): decoded in full by pngjs, its luminance pre-checked, then searched in true colours.
  return readQrCodeIn(decodeImage(data, label), inversion);
}

/** A luminance plane searched as readQrCodeIn searches colours: pre-checked (and inverted when asked), then jsQR on grey pixels. */
function readQrCodeInLuma(luma: Luma, inversionAttempts: 'attemptBoth' | 'dontInvert'): string | null {
  if (mayHoldQrCode(luma)) return jsQR(rgbaOfLuma(luma), luma.width, luma.height, { inversionAttempts })?.data ?? null;
  if (inversionAttempts === 'dontInvert') return null;
  // The pre-check looks for dark finder patterns: a code drawn light on dark passes it only inverted.
  for (let i = 0; i < luma.data.length; i++) luma.data[i] = 255 - luma.data[i]!;
  if (!mayHoldQrCode(luma)) return null;
  return jsQR(rgbaOfLuma(luma), luma.width, luma.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

function readQrCodeIn(img: Rgba, inversionAttempts: 'attemptBoth' | 'dontInvert'): string | null {
  const luma = lumaOf(img);
  if (!mayHoldQrCode(luma)) {
    // The pre-check looks for dark finder patterns: a code drawn light on dark passes it only inverted.
    if (inversionAttempts === 'dontInvert') return null;
    for (let i = 0; i < luma.data.length; i++) luma.data[i] = 255 - luma.data[i]!;
    if (!mayHoldQrCode(luma)) return null;
  }
  const pixels = new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length);
  return jsQR(pixels, img.width, img.height, { inversionAttempts })?.data ?? null;
}

const neutral = new Map<string, Buffer>();

/**
 * A plain grey image of the same type and size, to stand in for one that showed a secret:
 * the trace viewer still shows a frame there, and the frame says nothing.
 */
export function neutralImage(type: 'png' | 'jpeg', width = 64, height = 36): Buffer {
  const key = `${type}:${width}x${height}`;
  let cached = neutral.get(key);
  if (!cached) {
    const data = new Uint8Array(width * height * 4);
    for (let i = 0; i < data.length; i += 4) {
      data[i] = 0xd5;
      data[i + 1] = 0xdb;
      data[i + 2] = 0xdb;
      data[i + 3] = 0xff;
    }
    if (type === 'png') {
      const png = new PNG({ width, height });
      png.data.set(data);
      cached = PNG.sync.write(png);
    } else {
      cached = jpegjs.encode({ width, height, data }, 50).data;
    }
    neutral.set(key, cached);
  }
  return cached;
}

/** Width and height of a PNG or JPEG, read from its header (no decoding). */
export function imageSize(data: Buffer): { width: number; height: number } | null {
  const type = imageType(data);
  if (type === 'png') return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  if (type !== 'jpeg') return null;
  // Walk the JPEG markers to the first start-of-frame (SOF0–SOF15 but DHT, JPG, DAC).
  for (let p = 2; p + 9 < data.length;) {
    if (data[p] !== 0xff) return null;
    const marker = data[p + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: data.readUInt16BE(p + 5), width: data.readUInt16BE(p + 7) };
    }
    p += 2 + data.readUInt16BE(p + 2);
  }
  return null;
}

/**
 * A cheap, conservative pre-check before jsQR (which costs about twice the decoding): does any
 * row, every second one, cross something shaped like a QR finder pattern (dark-light-dark-light-dark
 * runs in the ratio 1:1:3:1:1)? A QR code always has three, each crossed by many rows; most
 * console screens have none, so most frames skip the full search.
 */
export function mayHoldQrCode(img: Luma, minHits = 6): boolean {
  const { width, height, data } = img;
  let hits = 0;
  const runs = [0, 0, 0, 0, 0];
  for (let y = 0; y < height; y += 2) {
    runs.fill(0);
    let state = 0; // index into runs: even = dark, odd = light
    for (let x = 0; x < width; x++) {
      const dark = data[y * width + x]! < 128;
      if (dark) {
        if (state % 2 === 1) state += 1;
        runs[state]! += 1;
      } else if (state % 2 === 1) {
        runs[state]! += 1;
      } else if (state < 4) {
        state += 1;
        runs[state]! += 1;
      } else {
        // Five runs done, ended by a light pixel: test them (across and down), then keep the last three and go on.
        if (finderRatio(runs) && crossesDown(img, x - runs[4]! - runs[3]! - Math.ceil(runs[2]! / 2), y, runs) && ++hits >= minHits)
          return true;
        runs[0] = runs[2]!;
        runs[1] = runs[3]!;
        runs[2] = runs[4]!;
        runs[3] = 1;
        runs[4] = 0;
        state = 3;
      }
    }
    if (
      state === 4 &&
      finderRatio(runs) &&
      crossesDown(img, width - runs[4]! - runs[3]! - Math.ceil(runs[2]! / 2), y, runs) &&
      ++hits >= minHits
    )
      return true;
  }
  return false;
}

const isDark = (img: Luma, x: number, y: number) => img.data[y * img.width + x]! < 128;

/** The column through a row hit's centre also crosses a 1:1:3:1:1 pattern of about the same size. */
function crossesDown(img: Luma, cx: number, cy: number, across: number[]): boolean {
  if (cx < 0 || cx >= img.width || !isDark(img, cx, cy)) return false;
  const limit = across.reduce((a, b) => a + b, 0) * 2;
  const walk = (dir: 1 | -1): [number, number, number] => {
    const counts: [number, number, number] = [0, 0, 0]; // centre dark, light, outer dark
    let y = cy + dir;
    for (let k = 0; k < 3; k++) {
      const wantDark = k !== 1;
      while (y >= 0 && y < img.height && isDark(img, cx, y) === wantDark && counts[k]! <= limit) {
        counts[k]! += 1;
        y += dir;
      }
    }
    return counts;
  };
  const up = walk(-1);
  const down = walk(1);
  const runs = [up[2], up[1], up[0] + down[0] + 1, down[1], down[2]];
  const total = runs.reduce((a, b) => a + b, 0);
  const acrossTotal = across.reduce((a, b) => a + b, 0);
  return finderRatio(runs) && Math.abs(total - acrossTotal) < acrossTotal * 0.5;
}

function finderRatio(r: number[]): boolean {
  const total = r[0]! + r[1]! + r[2]! + r[3]! + r[4]!;
  if (total < 7) return false;
  const m = total / 7;
  const near = (v: number, expected: number) => Math.abs(v - expected) < expected * 0.5;
  return near(r[0]!, m) && near(r[1]!, m) && near(r[2]!, 3 * m) && near(r[3]!, m) && near(r[4]!, m);
}
