import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../../fixtures/index.ts';
import { evidenceTrace } from '../../fixtures/trace.ts';
import { Evidence } from '../../lib/evidence/evidence.ts';
import { redactTrace } from '../../lib/evidence/redact.ts';
import { LeakScanner } from '../../lib/evidence/scan.ts';
import { readZipBuffer } from '../../lib/evidence/zip.ts';
import { assignRootMfa } from '../../runbooks/root-mfa.ts';

// This test records its own full trace on its own context; the runner must not trace that context.
test.use({ trace: 'off' });

for (const screencast of [false, true]) {
  test.describe(`evidence screencast ${screencast ? 'on' : 'off (the default)'}`, () => {
    test('a real root-mfa trace holds the seed until it is redacted, and none of its secrets after', async ({
      browser,
      config,
      account,
      clock,
      secrets,
      vault,
      log,
      iam,
      handoff,
    }) => {
      test.setTimeout(120_000);
      const work = await mkdtemp(path.join(os.tmpdir(), 'redaction-'));
      try {
        const context = await browser.newContext();
        await secrets.install(context);
        await context.tracing.start({ ...evidenceTrace(screencast), title: 'redaction off' });
        const page = await context.newPage();
        const evidence = new Evidence(path.join(work, 'bundle'), {
          runbook: 'root-mfa',
          runbookVersion: 'test',
          target: 'replica',
          account: account.id!,
          control: { satisfies: [], doesNotSatisfy: [], note: '' },
        });
        const result = await assignRootMfa({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff });
        expect(result.result).toBe('assigned');
        await context.tracing.stop({ path: path.join(work, 'raw.zip') });
        await context.close();
        const raw = await readFile(path.join(work, 'raw.zip'));
        await rm(path.join(work, 'raw.zip'));
        const seed = secrets.handled().find((s) => s.kind === 'root-mfa-seed')!;

        // Redaction off: the scanner sees the seed, by value and by shape, in the trace's own entries.
        const off = new LeakScanner(secrets.known());
        off.artifact('trace.zip', raw);
        const seedLeaks = off.leaks.filter((l) => l.kind === 'root-mfa-seed');
        expect(seedLeaks.map((l) => l.artifact)).toEqual(expect.arrayContaining(['trace.zip:trace.trace']));
        expect(
          seedLeaks.some((l) => /trace\.zip:resources\/.+\.json$/.test(l.artifact)),
          'the MFA API response body',
        ).toBe(true);
        expect(off.leaks.map((l) => l.kind)).toEqual(expect.arrayContaining(['root-password', 'totp-code']));
        const shapes = new LeakScanner();
        shapes.artifact('trace.zip', raw);
        expect(shapes.leaks.map((l) => l.kind)).toContain('totp-seed');

        // Redaction on: nothing, by value (cookies found in the network log included) or by shape.
        const { zip, report, cookies } = redactTrace(raw, { secrets: secrets.known(), exposures: secrets.exposures() });
        const frames = readZipBuffer(raw).filter((e) => e.name.startsWith('screencast/')).length;
        expect(report.framesRecorded).toBe(frames);
        if (screencast) {
          // The film strip: frames, some taken while the seed was on screen and replaced.
          expect(frames).toBeGreaterThan(5);
          expect(report.framesReplaced).toBeGreaterThan(0);
        } else {
          // The default trace really has no screencast: no frame, nothing to replace.
          expect(frames).toBe(0);
          expect(report.framesReplaced).toBe(0);
          expect(readZipBuffer(raw).filter((e) => /\.(jpe?g)$/.test(e.name))).toEqual([]);
        }
        expect(cookies.length + secrets.handled().filter((s) => s.kind === 'session-cookie').length).toBeGreaterThan(0);
        const on = new LeakScanner([...secrets.known(), ...cookies]);
        on.artifact('trace.zip', zip);
        expect(on.leaks).toEqual([]);
        expect(on.scanned.filter((s) => s.startsWith('trace.zip:screencast/'))).toHaveLength(frames);

        // Structure kept: same entries, every JSON line still parses, the seed's marker is there.
        const before = readZipBuffer(raw).map((e) => e.name);
        const after = readZipBuffer(zip);
        expect(after.map((e) => e.name)).toEqual(before);
        const lines = after
          .find((e) => e.name === 'trace.trace')!
          .data.toString('utf8')
          .split('\n')
          .filter(Boolean);
        for (const line of lines) JSON.parse(line);
        expect(lines.join('\n')).toContain('[REDACTED root-mfa-seed]');
        expect(lines.join('\n')).not.toContain(seed.reveal());
        await writeFile(path.join(work, 'trace.zip'), zip);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    });
  });
}
