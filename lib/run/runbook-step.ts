import { test } from '@playwright/test';
import type { Evidence, StepRecord } from '../evidence/evidence.ts';

/** How a step uses the browser. */
export interface StepOptions {
  /**
   * False for a step that never touches the browser (the vault, an API read): the screen after it is
   * the one the step before left, already in the evidence, so the step has no screenshot of its own.
   */
  browser?: boolean;
}

/**
 * Runs one operator-level runbook step as a Playwright step and records its outcome and time in the
 * evidence; the evidence hooks group the step's actions in the trace and take a masked screenshot
 * (but after a step that does not use the browser: `StepOptions.browser`).
 */
export async function runbookStep<T>(evidence: Evidence, title: string, body: () => Promise<T>, opts: StepOptions = {}): Promise<T> {
  const started = new Date();
  const record = async (outcome: StepRecord['outcome'], error?: string) => {
    const ended = new Date();
    const screenshot = await evidence.hooks?.ended(title, outcome, { screenshot: opts.browser !== false });
    evidence.addStep({
      title,
      outcome,
      startedAt: started.toISOString(),
      endedAt: ended.toISOString(),
      durationMs: ended.getTime() - started.getTime(),
      ...(error ? { error } : {}),
      ...(screenshot ? { screenshot } : {}),
    });
  };
  await evidence.hooks?.started(title);
  let result: T;
  try {
    result = await test.step(title, body);
  } catch (err) {
    await record('failed', (err as Error).message.split('\n')[0]);
    throw err;
  }
  await record('passed');
  return result;
}
