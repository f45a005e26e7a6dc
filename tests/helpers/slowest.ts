import path from 'node:path';
import type { FullConfig, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/**
 * Where the suite's time goes (issue 14: "find the slowest 20 tests"): with SLOWEST_TESTS=<n> set
 * (.ci/run sets 20), prints the n slowest tests and the ten files that take longest, with their share of
 * the summed test time. Prints nothing otherwise, so operators' runbook runs never see it.
 */

export interface Timed {
  file: string;
  title: string;
  ms: number;
}

/** The `n` slowest tests and the ten costliest files, as the lines the reporter prints. */
export function slowestReport(timed: Timed[], n: number): string[] {
  if (timed.length === 0 || n <= 0) return [];
  const total = timed.reduce((sum, t) => sum + t.ms, 0);
  const share = (ms: number) => `${total > 0 ? ((100 * ms) / total).toFixed(1) : '0.0'} %`;
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`.padStart(8);
  const byFile = new Map<string, { ms: number; count: number }>();
  for (const t of timed) {
    const f = byFile.get(t.file) ?? { ms: 0, count: 0 };
    byFile.set(t.file, { ms: f.ms + t.ms, count: f.count + 1 });
  }
  const tests = [...timed].sort((a, b) => b.ms - a.ms).slice(0, n);
  const files = [...byFile].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10);
  return [
    `Slowest ${tests.length} of ${timed.length} tests (summed test time ${(total / 1000).toFixed(0)} s):`,
    ...tests.map((t) => `${secs(t.ms)}  ${share(t.ms).padStart(6)}  ${t.file} › ${t.title}`),
    'Costliest files:',
    ...files.map(([file, f]) => `${secs(f.ms)}  ${share(f.ms).padStart(6)}  ${file} (${f.count} tests)`),
  ];
}

export default class Slowest implements Reporter {
  private readonly timed: Timed[] = [];
  private readonly n = Number(process.env.SLOWEST_TESTS ?? 0);
  private rootDir = process.cwd();

  constructor() {
    // Read once, here in the runner: the workers and the runbook CLIs the tests start must not inherit it.
    delete process.env.SLOWEST_TESTS;
  }

  printsToStdio(): boolean {
    return this.n > 0;
  }

  onBegin(config: FullConfig): void {
    this.rootDir = config.rootDir;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (this.n <= 0 || result.status === 'skipped') return;
    const file = path.relative(this.rootDir, test.location.file).split(path.sep).join('/');
    this.timed.push({ file, title: test.titlePath().slice(3).join(' › '), ms: result.duration });
  }

  onEnd(): void {
    const lines = slowestReport(this.timed, this.n);
    if (lines.length) process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}
