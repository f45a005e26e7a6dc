import { build } from 'esbuild';
import { readdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Folder of the built console app: console.js and console.css, served under /static/. */
export const DIST_DIR = fileURLToPath(new URL('./dist/', import.meta.url));
const REPLICA_DIR = fileURLToPath(new URL('./', import.meta.url));
const SRC_DIR = path.join(REPLICA_DIR, 'console');
const ENTRY = path.join(SRC_DIR, 'main.tsx');

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestMtime(full) : (await stat(full)).mtimeMs);
  }
  return newest;
}

/** Bundles the Cloudscape console app with esbuild (about 0.3 s). */
export async function buildConsole(): Promise<void> {
  await build({
    entryPoints: { console: ENTRY },
    bundle: true,
    minify: true,
    format: 'esm',
    outdir: DIST_DIR,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff': 'dataurl', '.woff2': 'dataurl' },
  });
}

/** Builds the console app when the bundle is missing or older than its sources. */
export async function ensureConsoleBuilt(): Promise<void> {
  const built = await stat(path.join(DIST_DIR, 'console.js')).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  // The app's pages live beside their services (iam/ui, identity-center/ui) and import the markup variations'
  // seeded choices and label variants: any source under replica/ (not the bundle itself) counts.
  const sources = await newestMtime(REPLICA_DIR);
  if (built === 0 || built < sources) await buildConsole();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await buildConsole();
}
