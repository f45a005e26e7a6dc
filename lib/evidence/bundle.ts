import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SealedEvidenceSchema, type ArtifactRecord, type EvidenceRecord, type SealedEvidence } from './evidence.ts';
import type { Leak } from './leaks.ts';
import { filesUnder, scanFolder } from './scan.ts';
import { fingerprintOf, signBytes, verifyBytes, type SigningKey } from './signing.ts';

/** The fixed names of an evidence bundle's files. */
export const BUNDLE = {
  record: 'evidence.json',
  signature: 'evidence.sig',
  publicKey: 'evidence.pub.pem',
  trace: 'trace.zip',
  index: 'index.html',
  log: 'runbook.log',
  screenshots: 'screenshots',
} as const;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const posix = (p: string) => p.split(path.sep).join('/');

/** Path and SHA-256 of every file in the bundle but the record and its signature, sorted by path. */
export async function hashArtifacts(dir: string): Promise<ArtifactRecord[]> {
  const out: ArtifactRecord[] = [];
  for (const file of await filesUnder(dir)) {
    const rel = posix(path.relative(dir, file));
    if (rel === BUNDLE.record || rel === BUNDLE.signature) continue;
    const data = await readFile(file);
    out.push({ path: rel, sha256: sha256(data), bytes: data.length });
  }
  return out;
}

/**
 * Seals a bundle: writes the public key, hashes every artifact into the record, checks the record
 * against the schema, writes evidence.json and its Ed25519 signature (evidence.sig, base64, over the
 * exact bytes of evidence.json). Anything written to the folder afterwards breaks `verifyBundle`.
 */
export async function sealBundle(dir: string, record: EvidenceRecord, key: SigningKey): Promise<SealedEvidence> {
  await writeFile(path.join(dir, BUNDLE.publicKey), key.publicKeyPem, { mode: 0o644 });
  record.endedAt ??= new Date().toISOString();
  record.artifacts = await hashArtifacts(dir);
  record.signing = { algorithm: 'Ed25519', publicKey: BUNDLE.publicKey, signature: BUNDLE.signature, fingerprint: key.fingerprint };
  const checked = SealedEvidenceSchema.safeParse(record);
  if (!checked.success) {
    throw new Error(
      `Could not seal the evidence of ${record.runbook} for ${record.account} in ${dir}: the record does not fit its schema:\n${z.prettifyError(checked.error)}`,
    );
  }
  const bytes = Buffer.from(`${JSON.stringify(record, null, 2)}\n`, 'utf8');
  await writeFile(path.join(dir, BUNDLE.record), bytes, { mode: 0o644 });
  await writeFile(path.join(dir, BUNDLE.signature), `${signBytes(bytes, key)}\n`, { mode: 0o644 });
  return checked.data;
}

/** One check of a verification and whether it held. */
export interface Check {
  ok: boolean;
  what: string;
}

/** What `verifyBundle` found. */
export interface Verdict {
  ok: boolean;
  checks: Check[];
  /** Fingerprint of the bundled public key, to compare with the one the signer publishes. */
  fingerprint?: string;
  record?: SealedEvidence;
  leaks: Leak[];
}

/**
 * Checks a bundle as an auditor would: the record fits the schema, its signature holds for the
 * bundled public key (and that key is the expected one, if given), every artifact has the recorded
 * size and SHA-256, no file was added, and the leak scanner (by secret shape) finds nothing
 * (`scan: false` skips that last, slowest check; the `verify` command always runs it).
 */
export async function verifyBundle(dir: string, opts: { expectFingerprint?: string; scan?: boolean } = {}): Promise<Verdict> {
  const checks: Check[] = [];
  const check = (ok: boolean, what: string) => {
    checks.push({ ok, what });
    return ok;
  };
  const verdict = (): Verdict => ({ ok: checks.every((c) => c.ok), checks, fingerprint, record, leaks });
  let fingerprint: string | undefined;
  let record: SealedEvidence | undefined;
  let leaks: Leak[] = [];

  const bytes = await readFile(path.join(dir, BUNDLE.record)).catch((err: Error) => err);
  if (
    !check(Buffer.isBuffer(bytes), `${BUNDLE.record} is readable${Buffer.isBuffer(bytes) ? '' : `: ${bytes.message}`}`) ||
    !Buffer.isBuffer(bytes)
  )
    return verdict();
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    check(false, `${BUNDLE.record} is JSON: ${(err as Error).message}`);
    return verdict();
  }
  const schema = SealedEvidenceSchema.safeParse(parsed);
  if (!check(schema.success, `${BUNDLE.record} fits the evidence schema${schema.success ? '' : `:\n${z.prettifyError(schema.error!)}`}`))
    return verdict();
  record = schema.data!;

  const publicKeyPem = await readFile(path.join(dir, record.signing.publicKey), 'utf8').catch(() => undefined);
  if (!check(publicKeyPem !== undefined, `the public key ${record.signing.publicKey} is in the bundle`)) return verdict();
  try {
    fingerprint = fingerprintOf(publicKeyPem!);
  } catch (err) {
    // A changed byte can leave the PEM undecodable: that is a failed check, not a crash of verify.
    check(false, `the public key ${record.signing.publicKey} is a readable public key: ${(err as Error).message}`);
    return verdict();
  }
  check(fingerprint === record.signing.fingerprint, `the public key's fingerprint ${fingerprint} is the one the record names`);
  if (opts.expectFingerprint)
    check(fingerprint === opts.expectFingerprint, `the public key is the expected one (${opts.expectFingerprint})`);
  const signature = await readFile(path.join(dir, record.signing.signature), 'utf8').catch(() => '');
  let signed = false;
  try {
    signed = signature !== '' && verifyBytes(bytes, signature, publicKeyPem!);
  } catch (err) {
    check(false, `the signature could be checked: ${(err as Error).message}`);
  }
  check(signed, `${record.signing.signature} is a valid Ed25519 signature of ${BUNDLE.record}`);

  const listed = new Map(record.artifacts.map((a) => [a.path, a]));
  for (const a of record.artifacts) {
    if (path.isAbsolute(a.path) || posix(path.normalize(a.path)).startsWith('../')) {
      check(false, `${a.path}: the record points outside the bundle`);
      continue;
    }
    const data = await readFile(path.join(dir, a.path)).catch(() => undefined);
    if (!data) check(false, `${a.path}: missing`);
    else if (data.length !== a.bytes || sha256(data) !== a.sha256)
      check(
        false,
        `${a.path}: changed (SHA-256 ${sha256(data).slice(0, 16)}…, ${data.length} bytes; recorded ${a.sha256.slice(0, 16)}…, ${a.bytes} bytes)`,
      );
    else check(true, `${a.path}: SHA-256 and size as recorded`);
  }
  const present = await hashArtifacts(dir);
  const extra = present.filter((a) => !listed.has(a.path)).map((a) => a.path);
  check(
    extra.length === 0,
    extra.length ? `files not in the record: ${extra.join(', ')}` : `no file was added (${present.length} artifacts, all recorded)`,
  );

  if (opts.scan === false) return verdict();
  leaks = (await scanFolder(dir)).leaks;
  check(
    leaks.length === 0,
    leaks.length
      ? `the leak scanner found secret shapes: ${leaks.map((l) => `${l.kind} (${l.form}) in ${l.artifact}`).join('; ')}`
      : 'the leak scanner finds no secret shape (seed, otpauth URI, password, session cookie, QR code)',
  );
  return verdict();
}
