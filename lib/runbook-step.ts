import { test } from '@playwright/test';
import type { Evidence } from './evidence.ts';

/** Runs one operator-level runbook step as a Playwright step and records its outcome and time in the evidence. */
export async function runbookStep<T>(evidence: Evidence, title: string, body: () => Promise<T>): Promise<T> {
  const started = new Date();
  const record = (outcome: 'passed' | 'failed', error?: string) => {
    const ended = new Date();
    evidence.addStep({ title, outcome, startedAt: started.toISOString(), endedAt: ended.toISOString(), durationMs: ended.getTime() - started.getTime(), ...(error ? { error } : {}) });
  };
  try {
    const result = await test.step(title, body);
    record('passed');
    return result;
  } catch (err) {
    record('failed', (err as Error).message.split('\n')[0]);
    throw err;
  }
}
