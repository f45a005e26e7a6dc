import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SecretMatcher, secretForms } from '../../lib/evidence/leaks.ts';
import { readZipBuffer, writeZipBuffer } from '../../lib/evidence/zip.ts';

const seed = ['MFRG', 'GZDF', 'MZTW', 'Q2LK', 'NNWG', '23TP', 'OBYX', 'E4TT'].join(''); // 32 Base32 characters, made at run time

test('every form of a seed is redacted, structure around it kept', () => {
  const m = new SecretMatcher([{ kind: 'root-mfa-seed', value: seed }]);
  const grouped = seed.match(/.{4}/g)!.join(' ');
  const text = `a ${seed} b ${seed.toLowerCase()} c ${grouped} d secret=${encodeURIComponent(seed)}&x e ${seed.slice(3, 20)}… f`;
  expect(m.redact(text)).toBe(
    'a [REDACTED root-mfa-seed] b [REDACTED root-mfa-seed] c [REDACTED root-mfa-seed] d secret=[REDACTED root-mfa-seed]&x e [REDACTED root-mfa-seed]… f',
  );
  expect(secretForms(seed).map((f) => f.form)).toEqual(expect.arrayContaining(['raw', 'grouped']));
});

test('a run of 12 characters of a long secret counts wherever it is cut: grouped, after a short word, inside a longer word, across a line', () => {
  const m = new SecretMatcher([{ kind: 'root-mfa-seed', value: seed }]);
  const groups = seed.match(/.{4}/g)!;
  const cases: Array<[string, string]> = [
    // Grouped in fours, cut to three groups and a bit: the run starts with a short word.
    [`shown: ${groups.slice(2, 5).join(' ')} ${groups[5]!.slice(0, 2)}… ok`, 'shown: [REDACTED root-mfa-seed]… ok'],
    // Inside a longer word (a prefix glued to it): the whole word goes.
    [`id=xx${seed.slice(5, 19).toLowerCase()}yy;`, 'id=[REDACTED root-mfa-seed];'],
    // Twelve exactly, then punctuation; and one character fewer, which is kept.
    [`"${seed.slice(0, 12)}" "${seed.slice(0, 11)}"`, `"[REDACTED root-mfa-seed]" "${seed.slice(0, 11)}"`],
    // Groups across a line break do not join, and each line alone is too short.
    [`${groups[0]} ${groups[1]}\n${groups[2]} ${groups[3]}`, `${groups[0]} ${groups[1]}\n${groups[2]} ${groups[3]}`],
  ];
  for (const [text, redacted] of cases) {
    expect(m.redact(text), text).toBe(redacted);
    expect(m.find(text).length > 0, text).toBe(redacted !== text);
  }
});

test('a TOTP code counts only as a whole number, never inside a longer number or a decimal', () => {
  const m = new SecretMatcher([{ kind: 'totp-code', value: '123456' }]);
  expect(m.redact('{"time":123456.789,"t":5123456,"v":"123456","w":0.123456,"fill(\\"123456\\")"}')).toBe(
    '{"time":123456.789,"t":5123456,"v":"[REDACTED totp-code]","w":0.123456,"fill(\\"[REDACTED totp-code]\\")"}',
  );
});

test('a TOTP code inside a digest is chance, not a leak; glued to a word, URL-encoded or quoted it still is one', () => {
  const m = new SecretMatcher([{ kind: 'totp-code', value: '352779' }]);
  // A bundle's SHA-256 that held a run's code (seen in CI), a Playwright resource's SHA-1 name: kept as they are.
  const digests =
    '{"sha256":"0be46ae352779ad51c3a7e0f9b2d48c61e5f70a93bd2c4e18f6a0b57c3d9e2f1","file":"resources/9dcca07937c8e48aec3b352779a62ef58514677f.html"}';
  expect(m.find(digests)).toEqual([]);
  expect(m.redact(digests)).toBe(digests);
  for (const leaked of ['code=%3D352779&x', 'mfacode352779', '{"value":"352779"}', 'f 352779 e', 'ab12cd352779ef']) {
    expect(m.find(leaked), leaked).toEqual([{ kind: 'totp-code', form: 'number' }]);
    expect(m.redact(leaked), leaked).toContain('[REDACTED totp-code]');
  }
});

test('a password is redacted raw, URL-, form-, JSON- and HTML-encoded', () => {
  const pw = `p"a&s<s w+o/r!d${'x'.repeat(6)}`;
  const m = new SecretMatcher([{ kind: 'root-password', value: pw }]);
  for (const form of [
    pw,
    encodeURIComponent(pw),
    new URLSearchParams({ p: pw }).toString().slice(2),
    JSON.stringify(pw).slice(1, -1),
    pw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;'),
  ]) {
    expect(m.redact(`[${form}]`)).toBe('[[REDACTED root-password]]');
  }
});

test('the zip writer round-trips entries, stored and deflated, and `unzip` accepts the archive', async () => {
  const entries = [
    { name: 'trace.trace', data: Buffer.from('{"type":"before"}\n'.repeat(1000)) },
    { name: 'screencast/page@1-2.jpeg', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) },
    { name: 'resources/empty.json', data: Buffer.alloc(0) },
    { name: 'src/é.ts', data: Buffer.from('const é = 1;\n') },
  ];
  const zip = writeZipBuffer(entries);
  expect(readZipBuffer(zip)).toEqual(entries);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'zip-'));
  await writeFile(path.join(dir, 'a.zip'), zip);
  let unzip = true;
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
  } catch {
    unzip = false;
  }
  test.skip(!unzip, 'no unzip command on this machine');
  expect(execFileSync('unzip', ['-tq', path.join(dir, 'a.zip')]).toString()).toContain('No errors detected');
});
