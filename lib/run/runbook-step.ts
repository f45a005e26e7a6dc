import { test } from '@playwright/test';
import type { Evidence, StepRecord } from '../evidence/evidence.ts';

/**
 * Runs one operator-level runbook step as a Playwright step and records its outcome and time in the
 * evidence; the evidence hooks group the step's actions in the trace and take a masked screenshot.
 */
export async function runbookStep<T>(evidence: Evidence, title: string, body: () => Promise<T>): Promise<T> {
  const started = new Date();
  const record = async (outcome: StepRecord['outcome'], error?: string) => {
    const ended = new Date();
    const screenshot = await evidence.hooks?.ended(title, outcome);
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
