import type { FullResult, Reporter, TestCase, TestResult, TestStep } from '@playwright/test/reporter';

/**
 * The markup suite's table (issue 11): runbook and mode × markup variation → survived, or failed at
 * the step it stopped in. Reads the titles of tests/runbooks/markup-survival.spec.ts (`markup <name>`
 * › <runbook> › `run: …`/`check: …`) and tests/runbooks/idc-portal-markup.spec.ts (`<runbook> under
 * markup "<name>"` › … › `run mode …`/`check mode …`). Prints nothing when no such test ran, so it can
 * sit beside any other reporter (`npm run test:markup`, and `npm test` through playwright.config.ts).
 */

interface Cell {
  outcome: 'survived' | 'failed' | 'fixme' | 'skipped';
  step?: string;
  error?: string;
}

/** The variation, the runbook and the mode a test's titles name, or undefined for any other test. */
export function markupCase(titles: string[]): { variation: string; runbook: string; mode: 'run' | 'check' } | undefined {
  const last = titles.at(-1) ?? '';
  const mode = /^run\b/.test(last) ? 'run' : /^check\b/.test(last) ? 'check' : undefined;
  if (!mode) return undefined;
  for (let i = 0; i < titles.length; i++) {
    const own = /^markup (.+)$/.exec(titles[i]!);
    if (own && titles[i + 1]) return { variation: own[1]!, runbook: titles[i + 1]!, mode };
    const under = /^(\S+) under markup "(.+)"$/.exec(titles[i]!);
    if (under) return { variation: under[2]!, runbook: under[1]!, mode };
  }
  return undefined;
}

/** The innermost step that failed: where the run stopped. */
function failedStep(steps: TestStep[]): string | undefined {
  for (const step of steps) {
    if (!step.error) continue;
    return failedStep(step.steps) ?? (step.category === 'test.step' ? step.title : undefined);
  }
  return undefined;
}

export default class MarkupTable implements Reporter {
  private readonly cells = new Map<string, Map<string, Cell>>();
  private readonly columns: string[] = [];

  printsToStdio(): boolean {
    return true;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const found = markupCase(test.titlePath());
    if (!found) return;
    const column = `${found.runbook} ${found.mode}`;
    if (!this.columns.includes(column)) this.columns.push(column);
    const row = this.cells.get(found.variation) ?? new Map<string, Cell>();
    this.cells.set(found.variation, row);
    const fixme = test.annotations.some((a) => a.type === 'fixme');
    const cell: Cell =
      result.status === 'passed'
        ? { outcome: 'survived' }
        : result.status === 'skipped'
          ? { outcome: fixme ? 'fixme' : 'skipped' }
          : { outcome: 'failed', step: failedStep(result.steps), error: (result.error?.message ?? result.status).split('\n')[0] };
    // A retried test: the last attempt decides.
    row.set(column, cell);
  }

  onEnd(_result: FullResult): void {
    if (!this.cells.size) return;
    const columns = [...this.columns].sort();
    const notes: string[] = [];
    const text = (c: Cell | undefined): string => {
      if (!c) return '·';
      if (c.outcome !== 'failed') return c.outcome;
      notes.push(`${notes.length + 1}. ${c.step ? `at "${c.step}": ` : ''}${c.error}`);
      return `FAILED [${notes.length}]`;
    };
    const rows = [...this.cells.entries()].map(([variation, row]) => [variation, ...columns.map((col) => text(row.get(col)))]);
    const header = ['markup variation', ...columns];
    const width = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(width[i]!)).join(' │ ')}`;
    const all = rows.flatMap((r) => r.slice(1)).filter((c) => c !== '·');
    const survived = all.filter((c) => c === 'survived').length;
    const out = [
      '',
      `Markup suite: ${survived} of ${all.length} runs survived (runbook and mode × variation; · = not run)`,
      line(header),
      `  ${width.map((w) => '─'.repeat(w)).join('─┼─')}`,
      ...rows.map(line),
      ...(notes.length ? ['', 'Failed:', ...notes.map((n) => `  ${n}`)] : []),
      '',
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  }
}
