import { readFile } from 'node:fs/promises';
import { crc32 as zlibCrc32, deflateRawSync } from 'node:zlib';
import { unzipSync, Zip, type ZipInputFile } from 'fflate';

/**
 * Zip archives as Playwright writes traces, read and written with fflate (a kept library) instead of
 * code of our own; written entries are deflated by Node's zlib, through fflate's interface for a
 * compression of one's own (ZipInputFile): bench/redact.bench.ts times it against fflate's own deflate (40 → 17 ms a trace).
 * The archive bytes stay a function of the content only: a fixed date on every entry.
 */

/** One file inside a zip archive, decompressed. */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** Reads every entry of a zip file (stored or deflated), as Playwright writes traces. */
export async function readZip(file: string): Promise<ZipEntry[]> {
  return readZipBuffer(await readFile(file), file);
}

/** Reads every entry of a zip archive held in memory, in archive order; `label` names it in errors. */
export function readZipBuffer(buf: Buffer, label = 'zip archive'): ZipEntry[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(buf);
  } catch (err) {
    throw new Error(`${label} is not a readable zip archive: ${(err as Error).message}`, { cause: err });
  }
  return Object.entries(files).map(([name, data]) => ({ name, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) }));
}

/** CRC-32 (IEEE) of `data`, as zip entries and PNG chunks carry it. */
export function crc32(data: Uint8Array): number {
  return zlibCrc32(data) >>> 0;
}

// Already-compressed formats gain nothing from deflate: store them.
const STORED = /\.(jpe?g|png|gif|webp|zip|woff2?)$/i;

// A fixed date (zip's epoch, 1980-01-01) keeps the bytes a function of the content only.
const FIXED_DATE = new Date(1980, 0, 1, 0, 0, 0);

/** Deflate level of written entries (zlib's default, as fflate's was). */
const LEVEL = 6;

/**
 * Writes entries as a zip archive (deflated, or stored for images), in the order given.
 * Two entries of one name would make an archive that reads back as one: refused.
 */
export function writeZipBuffer(entries: readonly ZipEntry[]): Buffer {
  const names = new Set<string>();
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  // Every entry is added whole, so fflate calls back synchronously: the archive is complete when end() returns.
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  for (const entry of entries) {
    if (names.has(entry.name)) throw new Error(`Cannot write a zip with two entries named ${entry.name}`);
    names.add(entry.name);
    const stored = STORED.test(entry.name);
    const file: ZipInputFile = {
      filename: entry.name,
      size: entry.data.length,
      crc: crc32(entry.data),
      compression: stored ? 0 : 8,
      mtime: FIXED_DATE,
      terminate: () => undefined,
    };
    zip.add(file);
    const body = stored ? entry.data : deflateRawSync(entry.data, { level: LEVEL });
    file.ondata!(null, new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength), true);
  }
  zip.end();
  if (failure) throw failure;
  return Buffer.concat(chunks);
}
