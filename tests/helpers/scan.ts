import { readFile } from 'node:fs/promises';
import type { KnownSecret, Leak } from '../../lib/evidence/leaks.ts';
import { filesUnder, LeakScanner } from '../../lib/evidence/scan.ts';

export { filesUnder };

/**
 * Scans one run's artifacts with the project's leak scanner: every file under the evidence folder
 * (each trace entry, screenshots and frames with QR decoding, logs, index.html, evidence.json),
 * the vault's metadata sidecars, and the terminal output.
 */
export async function scanRun(
  evidenceDir: string,
  vaultDir: string,
  terminal: string,
  secrets: KnownSecret[],
): Promise<{ leaks: Leak[]; scanned: string[] }> {
  const scanner = new LeakScanner(secrets);
  await scanner.folder(evidenceDir);
  for (const file of (await filesUnder(vaultDir)).filter((f) => f.endsWith('.json'))) scanner.artifact(file, await readFile(file));
  scanner.text('terminal', terminal);
  return { leaks: scanner.leaks, scanned: scanner.scanned };
}
