// Runs `npm ci` when node_modules is missing or older than package-lock.json, so `npm start` works on a fresh clone.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';

const mtime = (p) => { try { return statSync(p).mtimeMs; } catch { return 0; } };
if (mtime('node_modules/.package-lock.json') < mtime('package-lock.json')) {
  process.stdout.write('Installing dependencies (npm ci), once…\n');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
