import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { scrubTemplate, sensitiveIn } from '../lib/drift/aria-scrub.ts';

/**
 * Scrubs recorded page shapes (pages/__aria__/*.aria.yml) in place: account ids, emails, access key
 * ids, secrets, dates and counters become patterns. Re-recording with --update-snapshots already
 * does this; run it after editing shapes by hand. `--check` changes nothing and exits 1 naming every
 * line that still holds an account id, email, key id or secret (for CI and review).
 */

const SHAPES_DIR = path.resolve(import.meta.dirname, '../pages/__aria__');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  process.stdout.write(
    'Usage: node --import tsx bin/scrub-aria.ts [--check] [file.aria.yml …]   (default: every file in pages/__aria__)\n',
  );
  process.exit(0);
}

const files = positionals.length
  ? positionals.map((f) => path.resolve(f))
  : (await readdir(SHAPES_DIR))
      .filter((f) => f.endsWith('.aria.yml'))
      .sort()
      .map((f) => path.join(SHAPES_DIR, f));

let problems = 0;
for (const file of files) {
  const text = await readFile(file, 'utf8');
  const name = path.relative(process.cwd(), file);
  if (values.check) {
    text.split('\n').forEach((line, i) => {
      const found = /^\s*#/.test(line) ? [] : sensitiveIn(line);
      if (!found.length) return;
      problems += 1;
      process.stdout.write(`${name}:${i + 1}: ${found.join(', ')}\n`);
    });
    continue;
  }
  const scrubbed = scrubTemplate(text);
  if (scrubbed !== text) {
    await writeFile(file, scrubbed);
    process.stdout.write(`scrubbed ${name}\n`);
  }
  for (const [i, line] of scrubbed.split('\n').entries()) {
    if (line.includes('# NOT SCRUBBED')) {
      problems += 1;
      process.stdout.write(`${name}:${i + 1}: could not be scrubbed, edit it by hand\n`);
    }
  }
}
process.exit(problems ? 1 : 0);
