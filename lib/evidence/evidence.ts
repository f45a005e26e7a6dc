import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const iso = z.iso.datetime({ offset: true });

/** Outcome of one runbook step. */
export const StepSchema = z.object({
  title: z.string().min(1),
  outcome: z.enum(['passed', 'failed', 'skipped']),
  startedAt: iso,
  endedAt: iso,
  durationMs: z.number().int().nonnegative(),
  error: z.string().optional(),
  /** Masked screenshot taken when the step ended, relative to the bundle. */
  screenshot: z.string().optional(),
});
export type StepRecord = z.infer<typeof StepSchema>;

/** One file of the bundle and its SHA-256. */
export const ArtifactSchema = z.object({
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
});
export type ArtifactRecord = z.infer<typeof ArtifactSchema>;

const RESULTS = ['assigned', 'remediated', 'removed', 'already-compliant', 'checked', 'drift', 'failed', 'pending'] as const;

/** The evidence record while a run is under way: what runbooks fill in. Holds no secret. */
export const EvidenceRecordSchema = z
  .object({
    schema: z.literal('aws-console-runbooks/evidence@1'),
    runbook: z.string().min(1),
    runbookVersion: z.string().min(1),
    /** The commit of this repository that ran, `-dirty` when the work tree had changes, or `unknown`. */
    gitCommit: z.string().min(1),
    target: z.enum(['replica', 'aws']),
    account: z.string().min(1),
    operator: z.string().min(1),
    startedAt: iso,
    endedAt: iso.optional(),
    steps: z.array(StepSchema),
    /**
     * `assigned`/`remediated`/`removed` (root-credentials): the runbook changed the account; `already-compliant`, `checked`: it changed nothing;
     * `drift`: a console page changed or was unknown (check mode, or a run that met a page it did not know; nothing more was changed); `failed`: anything else went wrong.
     */
    result: z.enum(RESULTS),
    deviceSerial: z.string().optional(),
    vaultFile: z.string().optional(),
    verification: z.unknown().optional(),
    /** Runbook-specific facts, never secrets (e.g. the access key ids deleted). */
    details: z.record(z.string(), z.unknown()).optional(),
    /** What the control is, and is not, worth to an auditor. */
    control: z.object({ satisfies: z.array(z.string()), doesNotSatisfy: z.array(z.string()), note: z.string() }),
    error: z.string().optional(),
    /** How the trace was made safe: counts only. */
    trace: z
      .object({
        file: z.string(),
        /** Whether the screencast was recorded (EVIDENCE_SCREENCAST=on); unset in bundles made before it could be off. */
        screencast: z.boolean().optional(),
        redaction: z.object({
          entries: z.number(),
          entriesRedacted: z.array(z.string()),
          framesRecorded: z.number().optional(),
          framesReplaced: z.number(),
          imagesReplaced: z.number(),
          cookiesFound: z.number(),
          ms: z.number(),
        }),
      })
      .optional(),
    /** Every other file of the bundle with its SHA-256 (set when the bundle is sealed). */
    artifacts: z.array(ArtifactSchema).optional(),
    /** Who signed: the public key shipped in the bundle and its fingerprint (set when sealed). */
    signing: z
      .object({ algorithm: z.literal('Ed25519'), publicKey: z.string(), signature: z.string(), fingerprint: z.string() })
      .optional(),
  })
  .strict();
export type EvidenceRecord = z.infer<typeof EvidenceRecordSchema>;

/** A sealed record (evidence.json of a finished bundle): ended, a final result, hashes, signer. */
export const SealedEvidenceSchema = EvidenceRecordSchema.extend({
  endedAt: iso,
  result: z.enum(
    RESULTS.filter((r) => r !== 'pending') as ['assigned', 'remediated', 'removed', 'already-compliant', 'checked', 'drift', 'failed'],
  ),
  artifacts: z.array(ArtifactSchema).min(1),
  signing: EvidenceRecordSchema.shape.signing.unwrap(),
});
export type SealedEvidence = z.infer<typeof SealedEvidenceSchema>;

let commit: string | undefined;
/** `git rev-parse HEAD` of this checkout, read once, with `-dirty` when files differ from it; `unknown` outside git. */
export function gitCommit(): string {
  if (commit) return commit;
  const cwd = path.resolve(import.meta.dirname, '../..');
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() !== '';
    commit = `${head}${dirty ? '-dirty' : ''}`;
  } catch {
    commit = 'unknown'; // not a git checkout (a copied release): the record says so rather than guess
  }
  return commit;
}

/** What the fixtures hook into a run's steps: a trace group and a masked screenshot per step. */
export interface StepHooks {
  started(title: string): Promise<void>;
  /** Returns the screenshot's path relative to the bundle, if one was taken (`screenshot: false`: none asked). */
  ended(title: string, outcome: StepRecord['outcome'], opts?: { screenshot?: boolean }): Promise<string | undefined>;
}

/** Collects a run's steps and outcome; the evidence fixture seals it into a signed bundle. */
export class Evidence {
  readonly record: EvidenceRecord;
  /** Set by the trace fixture; runbookStep calls it around each step. */
  hooks: StepHooks | undefined;

  constructor(
    readonly dir: string,
    init: Pick<EvidenceRecord, 'runbook' | 'runbookVersion' | 'target' | 'account' | 'control'>,
  ) {
    this.record = {
      schema: 'aws-console-runbooks/evidence@1',
      runbook: init.runbook,
      runbookVersion: init.runbookVersion,
      gitCommit: gitCommit(),
      target: init.target,
      account: init.account,
      control: init.control,
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

  /** Writes evidence.json (pretty JSON, schema-checked, not yet sealed) and returns its path. */
  async write(): Promise<string> {
    this.record.endedAt ??= new Date().toISOString();
    const checked = EvidenceRecordSchema.safeParse(this.record);
    if (!checked.success)
      throw new Error(
        `The evidence record of ${this.record.runbook} for ${this.record.account} does not fit its schema:\n${z.prettifyError(checked.error)}`,
      );
    await mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, 'evidence.json');
    await writeFile(file, `${JSON.stringify(this.record, null, 2)}\n`, { mode: 0o644 });
    return file;
  }
}
