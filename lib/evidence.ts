import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Outcome of one runbook step. */
export interface StepRecord {
  title: string;
  outcome: 'passed' | 'failed' | 'skipped';
  startedAt: string;
  endedAt: string;
  durationMs: number;
  error?: string;
}

/** The evidence record of one run, written as evidence.json beside the trace. Holds no secret. */
export interface EvidenceRecord {
  schema: 'aws-console-runbooks/evidence@1';
  runbook: string;
  runbookVersion: string;
  target: 'replica' | 'aws';
  account: string;
  operator: string;
  startedAt: string;
  endedAt?: string;
  steps: StepRecord[];
  /** `assigned`/`remediated`: the runbook changed the account; `already-compliant`, `checked`: it changed nothing. */
  result: 'assigned' | 'remediated' | 'already-compliant' | 'checked' | 'failed' | 'pending';
  deviceSerial?: string;
  vaultFile?: string;
  verification?: unknown;
  /** Runbook-specific facts, never secrets (e.g. the access key ids deleted). */
  details?: Record<string, unknown>;
  control: { satisfies: string[]; doesNotSatisfy: string[]; note: string };
  error?: string;
}

/** Collects a run's steps and outcome; `write()` puts evidence.json in the run's folder. */
export class Evidence {
  readonly record: EvidenceRecord;

  constructor(readonly dir: string, init: Pick<EvidenceRecord, 'runbook' | 'runbookVersion' | 'target' | 'account' | 'control'>) {
    this.record = {
      schema: 'aws-console-runbooks/evidence@1',
      ...init,
      operator: process.env.RUNBOOK_OPERATOR ?? `${os.userInfo().username}@${os.hostname()}`,
      startedAt: new Date().toISOString(),
      steps: [],
      result: 'pending',
    };
  }

  /** Records one finished step. */
  addStep(step: StepRecord): void {
    this.record.steps.push(step);
  }

  /** Writes evidence.json (pretty JSON) and returns its path. */
  async write(): Promise<string> {
    this.record.endedAt ??= new Date().toISOString();
    await mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, 'evidence.json');
    await writeFile(file, `${JSON.stringify(this.record, null, 2)}\n`, { mode: 0o644 });
    return file;
  }
}
