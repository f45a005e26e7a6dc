import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { scrubTemplate, sensitiveIn } from '../../lib/drift/aria-scrub.ts';
import { REPO } from '../helpers/spawn.ts';

/**
 * Recording page shapes (`npm run checks -- --update-snapshots`): what Playwright writes is scrubbed
 * before it is kept, including the parts Playwright already turned into patterns.
 */

test("a recorded dialog loses the key id in its title and in its field's placeholder", () => {
  // As Playwright records the "Delete <key id>" dialog.
  const recorded = [
    '- dialog "Delete AKIAABCDEFGHIJKLMNOP":',
    '  - heading "Delete AKIAABCDEFGHIJKLMNOP" [level=2]',
    '  - textbox "To confirm deletion, enter the access key ID in the text input field.":',
    '    - /placeholder: AKIAABCDEFGHIJKLMNOP',
    '  - link "IAM":',
    '    - /url: /iam/home#/home',
  ].join('\n');
  const scrubbed = scrubTemplate(recorded);
  expect(scrubbed).toBe(
    [
      '- dialog /Delete [A-Z0-9]{20}/:',
      '  - heading /Delete [A-Z0-9]{20}/ [level=2]',
      '  - textbox "To confirm deletion, enter the access key ID in the text input field.":',
      '    - /placeholder: /[A-Z0-9]{20}/',
      '  - link "IAM":',
      '    - /url: /iam/home#/home',
    ].join('\n'),
  );
  expect(scrubbed.split('\n').flatMap(sensitiveIn)).toEqual([]);
  expect(scrubTemplate(scrubbed)).toBe(scrubbed);
});

test('a date Playwright recorded as a pattern keeps matching next month', () => {
  // Playwright makes a date's digits \d+ but keeps the month's name.
  const recorded = '  - cell /November \\d+, \\d+, \\d+:\\d+ \\(UTC\\)/\n  - paragraph: /March \\d+, \\d+/';
  const scrubbed = scrubTemplate(recorded);
  expect(scrubbed).toBe('  - cell /[A-Z][a-z]+ \\d+, \\d+, \\d+:\\d+ \\(UTC\\)/\n  - paragraph: /[A-Z][a-z]+ \\d+, \\d+/');
  const name = new RegExp(/\/(.+)\//.exec(scrubbed.split('\n')[0]!)![1]!);
  expect(name.test('December 1, 2027, 09:05 (UTC)')).toBe(true);
  expect(scrubTemplate(scrubbed)).toBe(scrubbed);
});

test('every committed shape is as the scrubber leaves it: scrubbing it again changes nothing', async () => {
  const dir = path.join(REPO, 'pages/__aria__');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.aria.yml'));
  expect(files).toEqual(
    expect.arrayContaining([
      'access-keys.aria.yml',
      'access-keys-legacy.aria.yml',
      'delete-access-key.aria.yml',
      'delete-access-key-active.aria.yml',
    ]),
  );
  for (const file of files) {
    const text = await readFile(path.join(dir, file), 'utf8');
    expect(scrubTemplate(text), file).toBe(text);
  }
});
