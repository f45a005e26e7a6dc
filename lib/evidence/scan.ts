import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { imageType, readQrCode } from './images.ts';
import { qrPayloadLeaks, scanShapes, scanText, SecretMatcher, type KnownSecret, type Leak } from './leaks.ts';
import { readZipBuffer } from './zip.ts';
import { SCREENCAST_PREFIX } from './redact.ts';

/** What a scan read and found. */
export interface ScanResult {
  leaks: Leak[];
  scanned: string[];
}

/** Every file under `dir`, depth first, sorted (so reports and hashes list them the same way each time). */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    out.push(...(e.isDirectory() ? await filesUnder(full) : [full]));
  }
  return out;
}

/** A screencast frame inside a trace (Playwright names them `screencast/<page>-<time>.jpeg`): read dark on light only. */
const SCREENCAST_FRAME = new RegExp(`\\.zip:${SCREENCAST_PREFIX}[^:]*$`);
const EMBEDDED_IMAGE = /(iVBORw0KGgo[A-Za-z0-9+/=]{100,}|\/9j\/[A-Za-z0-9+/=]{100,})/g;
const EMBEDDED_ZIP = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/g;

/**
 * The leak scanner: reads every artifact of a run — each entry of every zip (traces), images
 * (screenshots, screencast frames, QR codes decoded with jsQR, also base64 images inside text),
 * video, HTML (and the zip Playwright's HTML report embeds), logs, JSON — and reports every secret
 * form found. With `secrets` it looks for their values in every form; it always looks for secret
 * shapes (lib/evidence/leaks.ts `scanShapes`). Video frames cannot be decoded here, so a video fails closed.
 */
export class LeakScanner {
  private readonly matcher: SecretMatcher | null;
  readonly leaks: Leak[] = [];
  readonly scanned: string[] = [];
  private readonly seenImages = new Map<string, Leak[]>();

  constructor(secrets?: readonly KnownSecret[]) {
    this.matcher = secrets?.length ? new SecretMatcher(secrets) : null;
  }

  /** Scans every file under `dir`; artifact names are relative to it. */
  async folder(dir: string): Promise<ScanResult> {
    for (const file of await filesUnder(dir)) this.artifact(path.relative(dir, file), await readFile(file));
    return { leaks: this.leaks, scanned: this.scanned };
  }

  /** Scans one artifact's bytes under a name; one it cannot read (a corrupt image or zip) counts as a leak: fail closed. */
  artifact(name: string, data: Buffer): void {
    try {
      this.read(name, data);
    } catch (err) {
      this.leaks.push({
        artifact: name,
        kind: 'unverifiable',
        form: `cannot be read, so cannot be proven clean (${(err as Error).message.split('\n')[0]})`,
      });
    }
  }

  private read(name: string, data: Buffer): void {
    this.scanned.push(name);
    const type = imageType(data);
    if (name.endsWith('.zip') && data.readUInt32LE(0) === 0x04034b50) {
      for (const entry of readZipBuffer(data, name)) this.artifact(`${name}:${entry.name}`, entry.data);
      return;
    }
    if (type === 'png' || type === 'jpeg') return this.image(name, data);
    if (type === 'webm' || /\.(webm|mp4)$/i.test(name)) {
      this.leaks.push({
        artifact: name,
        kind: 'unverifiable',
        form: 'video (frames cannot be decoded or redacted; record evidence with video off)',
      });
    }
    this.text(name, data.toString('latin1'));
    if (this.matcher && !this.matcher.ascii) this.leaks.push(...scanText(name, data.toString('utf8'), this.matcher));
  }

  /** Scans text (a log, the terminal output) under a name. */
  text(name: string, text: string): void {
    if (this.matcher) this.leaks.push(...scanText(name, text, this.matcher));
    this.leaks.push(...shapesOf(name, text));
    for (const m of text.matchAll(EMBEDDED_IMAGE)) this.image(`${name} (base64 image)`, Buffer.from(m[1]!, 'base64'));
    for (const m of text.matchAll(EMBEDDED_ZIP)) {
      const zip = Buffer.from(m[1]!, 'base64');
      for (const entry of readZipBuffer(zip, `${name} (embedded zip)`)) this.artifact(`${name} (embedded zip):${entry.name}`, entry.data);
    }
  }

  private image(name: string, data: Buffer): void {
    if (imageType(data) !== 'png' && imageType(data) !== 'jpeg') return;
    // Frames repeat (and replaced ones are all the same neutral image): decode each distinct image once.
    const frame = SCREENCAST_FRAME.test(name);
    const key = `${frame ? 'frame' : 'image'}:${createHash('sha1').update(data).digest('hex')}`;
    let found = this.seenImages.get(key);
    if (!found) {
      const payload = readQrCode(data, name, { frame });
      found = payload === null ? [] : qrPayloadLeaks(name, payload, this.matcher ?? undefined);
      this.seenImages.set(key, found);
    }
    this.leaks.push(...found.map((l) => ({ ...l, artifact: name })));
  }
}

/** Texts at least this long have their secret shapes remembered by content (hashing a smaller one costs about what it saves). */
const REMEMBERED_TEXT = 64 * 1024;
/** Most texts whose shapes are remembered in this process (oldest forgotten first). */
const REMEMBERED_MAX = 64;
const shapesByContent = new Map<string, Array<Omit<Leak, 'artifact'>>>();

/**
 * `scanShapes`, remembered by content: what shapes a text holds is a function of its bytes only (unlike
 * the secrets' values, which each run has its own), so a large text every run of a worker carries (the
 * console's 1.2 MB stylesheet in each trace) is read for shapes once, and found again by its SHA-256.
 */
function shapesOf(name: string, text: string): Leak[] {
  if (text.length < REMEMBERED_TEXT) return scanShapes(name, text);
  const key = createHash('sha256').update(text, 'latin1').digest('base64');
  let found = shapesByContent.get(key);
  if (!found) {
    found = scanShapes(name, text).map(({ kind, form }) => ({ kind, form }));
    if (shapesByContent.size >= REMEMBERED_MAX) shapesByContent.delete(shapesByContent.keys().next().value!);
    shapesByContent.set(key, found);
  }
  return found.map((f) => ({ artifact: name, ...f }));
}

/** Scans a folder (the evidence bundle, a report) for the given secrets and for secret shapes. */
export async function scanFolder(dir: string, secrets?: readonly KnownSecret[]): Promise<ScanResult> {
  return new LeakScanner(secrets).folder(dir);
}
