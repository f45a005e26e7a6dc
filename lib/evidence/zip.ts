import { readFile } from 'node:fs/promises';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { unzipSync, zipSync, type Zippable } from 'fflate';

/**
 * Zip archives as Playwright writes traces, read and written with fflate (a kept library) instead of
 * code of our own. The archive bytes stay a function of the content only: a fixed date on every entry.
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

/**
 * Writes entries as a zip archive (deflated, or stored for images), in the order given.
 * Two entries of one name would make an archive that reads back as one: refused.
 */
export function writeZipBuffer(entries: readonly ZipEntry[]): Buffer {
  const files: Zippable = {};
  for (const entry of entries) {
    if (Object.hasOwn(files, entry.name)) throw new Error(`Cannot write a zip with two entries named ${entry.name}`);
    files[entry.name] = [entry.data, { level: STORED.test(entry.name) ? 0 : 6, mtime: FIXED_DATE }];
  }
  const out = zipSync(files);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}
