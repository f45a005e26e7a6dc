import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { scanText, type Leak } from '../../lib/leaks.ts';
import { readZip } from '../../lib/zip.ts';

export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    out.push(...(e.isDirectory() ? await filesUnder(full) : [full]));
  }
  return out;
}

/** Scans one run's artifacts (every trace entry, logs, evidence, vault metadata, terminal output). */
export async function scanRun(evidenceDir: string, vaultDir: string, terminal: string, secrets: Array<{ kind: string; value: string }>): Promise<{ leaks: Leak[]; scanned: string[] }> {
  const leaks: Leak[] = [];
  const scanned: string[] = [];
  for (const file of await filesUnder(evidenceDir)) {
    if (file.endsWith('.zip')) {
      for (const entry of await readZip(file)) {
        scanned.push(`${file}:${entry.name}`);
        leaks.push(...scanText(`${file}:${entry.name}`, entry.data, secrets));
      }
    } else {
      scanned.push(file);
      leaks.push(...scanText(file, await readFile(file), secrets));
    }
  }
  for (const file of (await filesUnder(vaultDir)).filter((f) => f.endsWith('.json'))) {
    scanned.push(file);
    leaks.push(...scanText(file, await readFile(file), secrets));
  }
  leaks.push(...scanText('terminal', terminal, secrets));
  return { leaks, scanned };
}

