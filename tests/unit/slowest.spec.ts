import { expect, test } from '@playwright/test';
import { slowestReport } from '../helpers/slowest.ts';

// The slowest-tests reporter (.ci/run sets SLOWEST_TESTS=20): which tests and files it names, in what order.

test('names the slowest tests first, with their share, then the files by summed time', () => {
  const lines = slowestReport(
    [
      { file: 'tests/a.spec.ts', title: 'quick', ms: 1_000 },
      { file: 'tests/b.spec.ts', title: 'slow', ms: 6_000 },
      { file: 'tests/a.spec.ts', title: 'middling', ms: 3_000 },
    ],
    2,
  );
  expect(lines[0]).toBe('Slowest 2 of 3 tests (summed test time 10 s):');
  expect(lines[1]).toMatch(/^\s+6\.0 s\s+60\.0 %\s+tests\/b\.spec\.ts › slow$/);
  expect(lines[2]).toMatch(/^\s+3\.0 s\s+30\.0 %\s+tests\/a\.spec\.ts › middling$/);
  expect(lines[3]).toBe('Costliest files:');
  expect(lines.slice(4)).toEqual([
    expect.stringMatching(/6\.0 s\s+60\.0 %\s+tests\/b\.spec\.ts \(1 tests\)$/),
    expect.stringMatching(/4\.0 s\s+40\.0 %\s+tests\/a\.spec\.ts \(2 tests\)$/),
  ]);
});

test('prints nothing when no test ran or no count was asked for', () => {
  expect(slowestReport([], 20)).toEqual([]);
  expect(slowestReport([{ file: 'f', title: 't', ms: 1 }], 0)).toEqual([]);
});
