import { imageSize, imageType, neutralImage, readQrCode } from './images.ts';
import { qrPayloadLeaks, SecretMatcher, type KnownSecret } from './leaks.ts';
import { readZipBuffer, writeZipBuffer, type ZipEntry } from './zip.ts';

/** A time a secret was on screen (wall-clock ms); `to` is unset while it still is. */
export interface Exposure {
  kind: string;
  from: number;
  to?: number;
}

/** What a redaction changed (counts only, never values). */
export interface RedactionReport {
  entries: number;
  /** Entries whose text or JSON strings held a secret form. */
  entriesRedacted: string[];
  /** Screencast frames in the trace (none unless the screencast was recorded: EVIDENCE_SCREENCAST=on). */
  framesRecorded: number;
  /** Screencast frames taken while a secret was on screen, replaced by a neutral frame. */
  framesReplaced: number;
  /** Images (resources, base64 strings) whose QR code gave a secret away, replaced. */
  imagesReplaced: number;
  /** Session cookie values found in the trace's network log and treated as secrets. */
  cookiesFound: number;
}

/** Where a Playwright trace keeps its screencast frames. */
export const SCREENCAST_PREFIX = 'screencast/';

/** Frames this close (ms) to an exposure count as showing it: the screencast clock and Node's may differ a little. */
const MARGIN_MS = 250;

/**
 * Redacts a Playwright trace (zip bytes) so it keeps no secret in any form and still opens in the
 * trace viewer: JSON and JSONL entries are parsed and only string values change (the structure stays
 * valid), other text entries are rewritten in place, images that carry a QR code of a secret and
 * screencast frames taken while a secret was on screen become neutral images of the same type.
 * Session cookie values found in the network log join the secrets (returned in `cookies`).
 */
export function redactTrace(
  raw: Buffer,
  opts: { secrets: readonly KnownSecret[]; exposures: readonly Exposure[] },
): { zip: Buffer; report: RedactionReport; cookies: KnownSecret[]; calls: TracedCalls } {
  const entries = readZipBuffer(raw, 'the raw trace');
  const calls = tracedCalls(entries);
  const cookies = harvestCookies(entries, opts.secrets);
  const redactor = new Redactor(new SecretMatcher([...opts.secrets, ...cookies]));
  const frames = exposedFrames(entries, opts.exposures);
  const redacted: string[] = [];
  let framesReplaced = 0;
  const out = entries.map((entry): ZipEntry => {
    const before = redactor.changes;
    let data: Buffer;
    if (frames.has(entry.name)) {
      framesReplaced += 1;
      data = neutralLike(entry.data);
    } else {
      data = redactor.entry(entry);
    }
    if (redactor.changes !== before && !frames.has(entry.name)) redacted.push(entry.name);
    return { name: entry.name, data };
  });
  return {
    zip: writeZipBuffer(out),
    report: {
      entries: entries.length,
      entriesRedacted: redacted,
      framesRecorded: entries.filter((e) => e.name.startsWith(SCREENCAST_PREFIX)).length,
      framesReplaced,
      imagesReplaced: redactor.images,
      cookiesFound: cookies.length,
    },
    cookies,
    calls,
  };
}

/** What the trace says of the Playwright API calls on pages and frames (the trace's own grouping calls aside). */
export interface TracedCalls {
  /** The last one: its class and method (`Page`, `screenshot`). */
  last?: { class: string; method: string };
  /** How many page screenshots were asked for. */
  screenshots: number;
}

/** The calls the trace recorded, read from the lines of its `before` events (only the last one is parsed). */
function tracedCalls(entries: readonly ZipEntry[]): TracedCalls {
  const trace = entries.find((e) => e.name.endsWith('.trace'));
  if (!trace) return { screenshots: 0 };
  const lines = trace.data
    .toString('utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"type":"before"') && !l.includes('"class":"Tracing"'));
  const screenshots = lines.filter((l) => l.includes('"class":"Page"') && l.includes('"method":"screenshot"')).length;
  const last = lines.length ? (JSON.parse(lines.at(-1)!) as { class?: string; method?: string }) : undefined;
  return { screenshots, ...(last?.class && last.method ? { last: { class: last.class, method: last.method } } : {}) };
}

/** Every cookie value of 16 characters or more that the network log shows: session tokens, by shape. */
function harvestCookies(entries: readonly ZipEntry[], known: readonly KnownSecret[]): KnownSecret[] {
  const values = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.length >= 16) values.add(v);
  };
  const fromHeader = (header: string) => {
    for (const part of header.split(/;\s*|\n/)) {
      const eq = part.indexOf('=');
      if (eq > 0 && !/^(path|domain|expires|max-age|samesite)$/i.test(part.slice(0, eq).trim())) add(part.slice(eq + 1).trim());
    }
  };
  for (const entry of entries.filter((e) => e.name.endsWith('.network'))) {
    for (const line of entry.data.toString('utf8').split('\n')) {
      if (!line.includes('ookie')) continue;
      const snapshot = (JSON.parse(line) as { snapshot?: HarEntry }).snapshot;
      for (const side of [snapshot?.request, snapshot?.response]) {
        for (const c of side?.cookies ?? []) add(c.value);
        for (const h of side?.headers ?? []) if (/^(set-)?cookie$/i.test(h.name)) fromHeader(h.value);
      }
    }
  }
  const knownValues = new Set(known.map((s) => s.value));
  return [...values].filter((v) => !knownValues.has(v)).map((value) => ({ kind: 'session-cookie', value }));
}

interface HarSide {
  cookies?: Array<{ value?: unknown }>;
  headers?: Array<{ name: string; value: string }>;
}
interface HarEntry {
  request?: HarSide;
  response?: HarSide;
}

/** Names of screencast frames whose time falls in (or near) an exposure. */
function exposedFrames(entries: readonly ZipEntry[], exposures: readonly Exposure[]): Set<string> {
  const names = new Set<string>();
  if (!exposures.length) return names;
  for (const entry of entries.filter((e) => e.name.endsWith('.trace'))) {
    let clock: { wall: number; mono: number } | undefined;
    for (const line of entry.data.toString('utf8').split('\n')) {
      if (!line.includes('"type":"screencast-frame"') && !line.includes('"type":"context-options"')) continue;
      const e = JSON.parse(line) as {
        type: string;
        wallTime?: number;
        monotonicTime?: number;
        timestamp?: number;
        frameSwapWallTime?: number;
        file?: string;
        sha1?: string;
      };
      if (e.type === 'context-options') clock = { wall: e.wallTime!, mono: e.monotonicTime! };
      if (e.type !== 'screencast-frame') continue;
      const at = e.frameSwapWallTime ?? (clock && e.timestamp !== undefined ? clock.wall + (e.timestamp - clock.mono) : undefined);
      const name = e.file ?? (e.sha1 ? `resources/${e.sha1}` : undefined);
      if (!name) continue;
      // A frame of unknown time is treated as shown during an exposure: replacing it costs nothing.
      if (at === undefined || exposures.some((x) => at >= x.from - MARGIN_MS && at <= (x.to ?? Infinity) + MARGIN_MS)) names.add(name);
    }
  }
  return names;
}

function neutralLike(data: Buffer): Buffer {
  const type = imageType(data) === 'png' ? 'png' : 'jpeg';
  const size = imageSize(data);
  return neutralImage(type, Math.max(16, Math.round((size?.width ?? 640) / 10)), Math.max(9, Math.round((size?.height ?? 360) / 10)));
}

const JSON_LINES = /\.(trace|network)$/;
const IMAGE = /\.(png|jpe?g)$/i;
const BASE64_IMAGE = /^(data:image\/(png|jpeg);base64,)?(iVBORw0KGgo|\/9j\/)[A-Za-z0-9+/=]{100,}$/;
/** Where a JSON text may hold a base64 PNG or JPEG string (JSON escaping leaves base64 as it is). */
const BASE64_IMAGE_START = /iVBORw0KGgo|\/9j\//;

/** Rewrites one entry at a time, counting what changed. */
class Redactor {
  changes = 0;
  images = 0;
  constructor(private readonly matcher: SecretMatcher) {}

  entry(entry: ZipEntry): Buffer {
    // Screencast frames are judged by time (exposures), not decoded: decoding every frame costs
    // seconds. The leak scanner still decodes each one, so a QR shown outside an exposure fails the run.
    if (entry.name.startsWith(SCREENCAST_PREFIX)) return entry.data;
    if (IMAGE.test(entry.name) || imageType(entry.data) === 'png' || imageType(entry.data) === 'jpeg')
      return this.image(entry.data, entry.name);
    if (JSON_LINES.test(entry.name)) {
      const lines = entry.data
        .toString('utf8')
        .split('\n')
        .map((line) => (line ? this.jsonLine(line) : line));
      return Buffer.from(lines.join('\n'), 'utf8');
    }
    if (entry.name.endsWith('.json')) return Buffer.from(this.jsonText(entry.data.toString('utf8')), 'utf8');
    // Latin-1 maps bytes to characters one to one, so text around a secret keeps its exact bytes;
    // a secret that is not ASCII is only found in text decoded as UTF-8.
    const utf8 = !this.matcher.ascii && Buffer.from(entry.data.toString('utf8'), 'utf8').equals(entry.data);
    const encoding = utf8 ? 'utf8' : 'latin1';
    return Buffer.from(this.text(entry.data.toString(encoding)), encoding);
  }

  /**
   * A line of Playwright's own trace or network log. Most hold no secret and no image, and then none of
   * their string values can: Playwright writes them with JSON.stringify, which leaves letters, digits,
   * spaces and slashes as they are and escapes a secret exactly as its json-escaped form, so a line in
   * which the matcher finds nothing is kept as is without being parsed.
   */
  private jsonLine(line: string): string {
    if (!BASE64_IMAGE_START.test(line) && !this.matcher.find(line).length) return line;
    return this.jsonText(line);
  }

  /** A JSON document with every string value redacted; text redaction if it does not parse. */
  private jsonText(text: string): string {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return this.text(text); // not JSON after all (a resource served as .json): redact it as text
    }
    const before = this.changes;
    const redacted = this.walk(value);
    return this.changes === before ? text : JSON.stringify(redacted);
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.string(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.walk(v);
      return out;
    }
    return value;
  }

  private string(s: string): string {
    if (s.length > 100 && BASE64_IMAGE.test(s)) return this.base64Image(s);
    return this.text(s);
  }

  private text(s: string): string {
    const out = this.matcher.redact(s);
    if (out !== s) this.changes += 1;
    return out;
  }

  private image(data: Buffer, label: string): Buffer {
    const type = imageType(data);
    if (type !== 'png' && type !== 'jpeg') return data;
    const payload = readQrCode(data, label);
    if (payload === null || !qrPayloadLeaks(label, payload, this.matcher).length) return data;
    this.changes += 1;
    this.images += 1;
    return neutralLike(data);
  }

  private base64Image(s: string): string {
    const comma = s.startsWith('data:') ? s.indexOf(',') + 1 : 0;
    const data = Buffer.from(s.slice(comma), 'base64');
    const out = this.image(data, 'a base64 image in the trace');
    return out === data ? s : s.slice(0, comma) + out.toString('base64');
  }
}
