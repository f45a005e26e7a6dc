import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * What a fleet has done so far: one small JSON file per account and runbook in
 * `<EVIDENCE_DIR>/fleet-state/`, written (atomically) when the run of that account ends and read
 * when it starts, so a re-run skips what is done. One file each, so parallel workers, and shards
 * sharing a folder, never write the same file.
 */

const RecordSchema = z.object({
  account: z.string().min(1),
  runbook: z.string().min(1),
  result: z.string().min(1),
  /** When the run ended (ISO 8601). */
  at: z.iso.datetime({ offset: true }),
  evidenceFolder: z.string().optional(),
  deviceSerial: z.string().optional(),
  /** First line of the error, for failed runs (already redacted by the evidence fixture). */
  error: z.string().optional(),
});
export type FleetStateRecord = z.infer<typeof RecordSchema>;

/** Results that mean the account complies after the run: a re-run skips them. */
export const DONE_RESULTS = ['assigned', 'remediated', 'removed', 'already-compliant'];

export const isDone = (record: FleetStateRecord): boolean => DONE_RESULTS.includes(record.result);

/** The state file of one account and runbook; keys are account ids or aliases, safe as file names. */
export const stateFile = (dir: string, account: string, runbook: string): string => path.join(dir, `${account}--${runbook}.json`);

/** The last recorded outcome of this account and runbook, or undefined when it never ran. */
export async function readFleetState(dir: string, account: string, runbook: string): Promise<FleetStateRecord | undefined> {
  const file = stateFile(dir, account, runbook);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed: ReturnType<typeof RecordSchema.safeParse>;
  try {
    parsed = RecordSchema.safeParse(JSON.parse(text));
  } catch (err) {
    throw new Error(`The fleet state file ${file} of ${account} is not JSON (${(err as Error).message}): delete it, or run with --force`, {
      cause: err,
    });
  }
  if (!parsed.success)
    throw new Error(
      `The fleet state file ${file} of ${account} is not a state record:\n${z.prettifyError(parsed.error)}\nDelete it, or run with --force`,
    );
  return parsed.data;
}

/** Records an outcome: written to a temporary file, then renamed over the old one, so a reader never sees half a file. */
export async function writeFleetState(dir: string, record: FleetStateRecord): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = stateFile(dir, record.account, record.runbook);
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(RecordSchema.parse(record), null, 2)}\n`);
  await rename(temporary, file);
  return file;
}
