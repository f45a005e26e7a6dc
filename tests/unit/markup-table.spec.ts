import { expect, test } from '@playwright/test';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import MarkupTable, { markupCase } from '../helpers/markup-table.ts';

// The markup suite's table reporter: which tests it reads, and what it prints for survived and failed runs.

test('reads variation, runbook and mode from both markup specs and ignores other tests', () => {
  expect(
    markupCase(['', 'tests', 'tests/runbooks/markup-survival.spec.ts', 'markup notice-live', 'root-mfa', 'run: assigns one device']),
  ).toEqual({ variation: 'notice-live', runbook: 'root-mfa', mode: 'run' });
  expect(
    markupCase([
      '',
      'tests',
      'x.spec.ts',
      'identity-center under markup "no-hooks"',
      'from a fresh account',
      'check mode walks every page',
    ]),
  ).toEqual({ variation: 'no-hooks', runbook: 'identity-center', mode: 'check' });
  expect(markupCase(['', 'tests', 'x.spec.ts', 'root-mfa', 'run: assigns'])).toBeUndefined();
  expect(markupCase(['', 'tests', 'x.spec.ts', 'markup a', 'root-mfa', 'assigns'])).toBeUndefined();
});

test('prints a row per variation, a column per runbook and mode, and the step a failed run stopped in', () => {
  const testCase = (titles: string[]) => ({ titlePath: () => titles, annotations: [] }) as unknown as TestCase;
  const passed = { status: 'passed', steps: [] } as unknown as TestResult;
  const failed = {
    status: 'failed',
    error: { message: 'Timed out waiting for the notice\nmore' },
    steps: [
      {
        title: 'Sign in',
        category: 'test.step',
        error: { message: 'x' },
        steps: [{ title: 'Type the password', category: 'test.step', error: { message: 'x' }, steps: [] }],
      },
    ],
  } as unknown as TestResult;
  const table = new MarkupTable();
  table.onTestEnd(testCase(['', 'tests', 'f', 'markup notice-live', 'root-mfa', 'run: assigns']), passed);
  table.onTestEnd(testCase(['', 'tests', 'f', 'markup notice-live', 'root-mfa', 'check: walks']), failed);
  const written: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stdout.write;
  try {
    table.onEnd({ status: 'failed' } as never);
  } finally {
    process.stdout.write = write;
  }
  const out = written.join('');
  expect(out).toContain('Markup suite: 1 of 2 runs survived');
  expect(out).toMatch(/notice-live\s+│ FAILED \[1\]\s+│ survived/);
  expect(out).toContain('1. at "Type the password": Timed out waiting for the notice');
});

test('prints nothing when no markup test ran', () => {
  const written: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stdout.write;
  try {
    new MarkupTable().onEnd({ status: 'passed' } as never);
  } finally {
    process.stdout.write = write;
  }
  expect(written).toEqual([]);
});
