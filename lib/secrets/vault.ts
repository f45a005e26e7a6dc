import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';

/**
 * The vault: one age-encrypted file per captured secret, written durably before the console
 * step that makes the secret necessary. Only recipients (public keys) live here; the identities
 * that decrypt are held by the people named in VAULT_RECIPIENTS (the demo identity excepted).
 */

/** What a vault file holds (a subset of lib/secrets/secrets.ts SecretKind: the secrets worth keeping). */
export type SecretKind = 'root-mfa-seed' | 'identity-center-one-time-password' | 'portal-password' | 'portal-mfa-seed';

/** Where a secret was stored, and its non-secret metadata. */
export interface VaultRecord {
  /** Absolute path of the binary age file. */
  file: string;
  /** Absolute path of the `.meta.json` sidecar. */
  metaFile: string;
  kind: SecretKind;
  account: string;
  label: string;
  /** ISO 8601 UTC time of the store. */
  createdAt: string;
  recipients: string[];
}

/** What the `.meta.json` sidecar holds: never the secret, never a hash of it. */
interface VaultMeta {
  format: 'age-encryption.org/v1';
  file: string;
  kind: SecretKind;
  account: string;
  label: string;
  createdAt: string;
  recipients: string[];
  /** SHA-256 of the encrypted file's bytes, to check the copy a person restores. */
  ciphertextSha256: string;
}

const KINDS: readonly SecretKind[] = ['root-mfa-seed', 'identity-center-one-time-password', 'portal-password', 'portal-mfa-seed'];

// Bech32 data characters (no 1, b, i, o); an X25519 recipient is "age1" + 52 data + 6 checksum.
const X25519_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

/** True for a native X25519 age recipient (`age1…`, as age-keygen prints it) with a valid Bech32 checksum. */
export function isAgeRecipient(s: string): boolean {
  if (typeof s !== 'string' || !X25519_RECIPIENT.test(s)) return false;
  // The library decodes the Bech32 string and checks checksum, prefix and key length (32 bytes).
  try {
    new Encrypter().addRecipient(s);
    return true;
  } catch {
    return false; // a predicate: the reason is always "not a recipient"
  }
}

const DEMO_IDENTITY_FILE = 'demo-identity.txt';

/**
 * For the replica target: the demo identity `<vaultDir>/demo-identity.txt` (created 0600, its
 * folder 0700, if missing; reused otherwise) and its recipient. Never for real accounts.
 */
export async function ensureDemoIdentity(vaultDir: string): Promise<{ identityFile: string; recipient: string }> {
  const dir = path.resolve(vaultDir);
  const identityFile = path.join(dir, DEMO_IDENTITY_FILE);
  await ensureDir(dir);
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  const text = `# created: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}\n# public key: ${recipient}\n${identity}\n`;
  try {
    await writeDurably(identityFile, new TextEncoder().encode(text));
    return { identityFile, recipient };
  } catch (err) {
    // Already there (an earlier run, or the other worker just now): reuse it.
    if (!isCode(err, 'EEXIST')) throw new Error(`Could not create the demo age identity ${identityFile}: ${describe(err)}`, { cause: err });
  }
  return { identityFile, recipient: await recipientOfIdentityFile(identityFile) };
}

async function recipientOfIdentityFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`Could not read the demo age identity ${file}: ${describe(err)}`, { cause: err });
  }
  const keys = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const key = keys.find((l) => l.startsWith('AGE-SECRET-KEY-1'));
  if (!key) throw new Error(`The demo age identity ${file} holds no AGE-SECRET-KEY-1… line; move it away to have a new one made`);
  try {
    return await identityToRecipient(key);
  } catch (err) {
    // The library's message never contains the key; ours names only the file.
    throw new Error(`The demo age identity ${file} is not a valid X25519 age identity; move it away to have a new one made`, {
      cause: err,
    });
  }
}

/**
 * Encrypts captured secrets to the configured recipients, one durable file per secret; reads back
 * the newest one of a kind when it was given an identity that decrypts (a later runbook of a chain).
 */
export class Vault {
  readonly dir: string;
  readonly recipients: readonly string[];
  readonly #identityFile: string | undefined;

  /**
   * Throws if `recipients` is empty or any entry is not an X25519 age recipient. `identityFile`
   * (VAULT_IDENTITY_FILE, or the demo identity on the replica) lets `latest` decrypt.
   */
  constructor(opts: { dir: string; recipients: string[]; identityFile?: string }) {
    if (!opts.dir) throw new Error('Vault needs a folder (VAULT_DIR)');
    if (!opts.recipients?.length) {
      throw new Error(
        'Vault needs at least one age recipient (VAULT_RECIPIENTS): secrets must be encrypted to someone who can decrypt them',
      );
    }
    const bad = opts.recipients.filter((r) => !isAgeRecipient(r));
    if (bad.length) {
      throw new Error(
        `Vault recipient${bad.length > 1 ? 's' : ''} ${bad.map((r) => JSON.stringify(r)).join(', ')} ${bad.length > 1 ? 'are not' : 'is not an'} X25519 age recipient${bad.length > 1 ? 's' : ''} (age1… as printed by age-keygen)`,
      );
    }
    this.dir = path.resolve(opts.dir);
    this.recipients = Object.freeze([...opts.recipients]);
    this.#identityFile = opts.identityFile;
  }

  /** True when `latest` can decrypt (an identity file was given). */
  canRead(): boolean {
    return this.#identityFile !== undefined;
  }

  /**
   * The newest secret of `kind` stored for `account` (and `label`, when given), decrypted; undefined
   * when there is none. Throws naming VAULT_IDENTITY_FILE when no identity was given, and naming the
   * file when it does not decrypt. The value is for a Secret (lib/secrets/secrets.ts), never for a log.
   */
  async latest(kind: SecretKind, account: string, label?: string): Promise<{ value: string; record: VaultRecord } | undefined> {
    const what = `the ${kind} of ${account}${label ? ` (${label})` : ''}`;
    const folder = path.join(this.dir, safeName(account, 'account'));
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (err) {
      if (isCode(err, 'ENOENT')) return undefined;
      throw new Error(`Could not read ${what}: cannot list ${folder}: ${describe(err)}`, { cause: err });
    }
    const metas: Array<VaultMeta & { metaFile: string }> = [];
    for (const name of names.filter((n) => n.endsWith('.meta.json'))) {
      const metaFile = path.join(folder, name);
      let meta: VaultMeta;
      try {
        meta = JSON.parse(await readFile(metaFile, 'utf8')) as VaultMeta;
      } catch (err) {
        throw new Error(`Could not read ${what}: ${metaFile} is not a vault sidecar: ${describe(err)}`, { cause: err });
      }
      if (meta.kind === kind && meta.account === account && (label === undefined || meta.label === label))
        metas.push({ ...meta, metaFile });
    }
    // Newest first: the stamp has second precision, so same-second clashes (-2, -3…) sort by file name.
    const newest = metas.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.file.localeCompare(a.file, 'en', { numeric: true }))[0];
    if (!newest) return undefined;
    if (!this.#identityFile) {
      throw new Error(
        `Could not read ${what} from the vault: set VAULT_IDENTITY_FILE to an age identity that decrypts it (one of VAULT_RECIPIENTS)`,
      );
    }
    const file = path.join(folder, newest.file);
    let value: string;
    try {
      const d = new Decrypter();
      for (const key of await identitiesIn(this.#identityFile)) d.addIdentity(key);
      value = await d.decrypt(await readFile(file), 'text');
    } catch (err) {
      // The library's messages never contain key material; ours names only the files.
      throw new Error(`Could not decrypt ${what} in ${file} with the identity ${this.#identityFile}: ${describe(err)}`, { cause: err });
    }
    const { metaFile, recipients, createdAt } = newest;
    return { value, record: { file, metaFile, kind, account, label: newest.label, createdAt, recipients } };
  }

  /**
   * Encrypts `secret` to every recipient and writes it durably (fsynced file and folder) as
   * `<dir>/<account>/<UTC stamp>-<kind>-<label>.age` plus a `.meta.json` sidecar; returns where.
   * Never overwrites an existing file: a clash gets a `-2`, `-3`… suffix.
   */
  async store(secret: string, meta: { kind: SecretKind; account: string; label: string }): Promise<VaultRecord> {
    const what = `the ${meta.kind} of ${meta.account}`;
    if (!KINDS.includes(meta.kind))
      throw new Error(`Could not store a secret of unknown kind ${JSON.stringify(meta.kind)} for ${meta.account}`);
    if (typeof secret !== 'string' || secret.length === 0) throw new Error(`Could not store ${what}: the captured value is empty`);
    if (!meta.account) throw new Error(`Could not store ${meta.kind}: no account given`);

    let ciphertext: Uint8Array;
    try {
      const e = new Encrypter();
      for (const r of this.recipients) e.addRecipient(r);
      ciphertext = await e.encrypt(secret);
    } catch (err) {
      throw new Error(`Could not encrypt ${what} to ${this.recipients.length} recipient(s): ${describe(err)}`, { cause: err });
    }

    const folder = path.join(this.dir, safeName(meta.account, 'account'));
    try {
      await ensureDir(folder);
    } catch (err) {
      throw new Error(`Could not store ${what}: cannot create the vault folder ${folder}: ${describe(err)}`, { cause: err });
    }

    const createdAt = new Date().toISOString();
    const stamp = createdAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z'); // 20261123T080712Z
    const stem = `${stamp}-${meta.kind}-${safeName(meta.label, 'unlabelled')}`;
    const ciphertextSha256 = createHash('sha256').update(ciphertext).digest('hex');
    const recipients = [...this.recipients];

    for (let n = 1; n <= 1000; n++) {
      const base = n === 1 ? stem : `${stem}-${n}`;
      const file = path.join(folder, `${base}.age`);
      const metaFile = path.join(folder, `${base}.meta.json`);
      try {
        await writeDurably(file, ciphertext);
      } catch (err) {
        if (isCode(err, 'EEXIST')) continue;
        throw new Error(`Could not store ${what} in ${file}: ${describe(err)}`, { cause: err });
      }
      const sidecar: VaultMeta = {
        format: 'age-encryption.org/v1',
        file: path.basename(file),
        kind: meta.kind,
        account: meta.account,
        label: meta.label,
        createdAt,
        recipients,
        ciphertextSha256,
      };
      try {
        await writeDurably(metaFile, new TextEncoder().encode(`${JSON.stringify(sidecar, null, 2)}\n`));
      } catch (err) {
        // No half-stored secret: take the age file back out, then report (or retry the name on a clash).
        const undone = await removeDurably(file);
        if (undone !== true) {
          throw new Error(
            `Could not store ${what}: writing ${metaFile} failed (${describe(err)}) and removing ${file} failed too (${undone}); delete it by hand`,
            { cause: err },
          );
        }
        if (isCode(err, 'EEXIST')) continue;
        throw new Error(`Could not store ${what}: cannot write ${metaFile}: ${describe(err)}`, { cause: err });
      }
      return { file, metaFile, kind: meta.kind, account: meta.account, label: meta.label, createdAt, recipients };
    }
    throw new Error(`Could not store ${what}: 1000 files named ${stem}* already exist in ${folder}`);
  }
}

/** The AGE-SECRET-KEY-1… lines of an identity file (age-keygen's format: comments start with #). */
async function identitiesIn(file: string): Promise<string[]> {
  const keys = (await readFile(file, 'utf8'))
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('AGE-SECRET-KEY-'));
  if (!keys.length) throw new Error(`${file} holds no AGE-SECRET-KEY-… line`);
  return keys;
}

/** A name that is one safe path segment: letters, digits, `. _ @ + -`; no leading dot; at most 100 characters. */
function safeName(s: string, fallback: string): string {
  const cleaned = String(s ?? '')
    .replace(/[^A-Za-z0-9._@+-]+/g, '_')
    .replace(/^[.]+/, '')
    .slice(0, 100);
  return cleaned || fallback;
}

/** Creates `dir` (and parents) with mode 0700, fsyncing each parent that gained an entry. */
async function ensureDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (!first) return;
  // mkdir returns the top-most folder it created; every folder from its parent down to `dir`'s parent gained an entry.
  const chain: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    chain.unshift(path.dirname(d));
    if (d === first || path.dirname(d) === d) break;
  }
  for (const d of chain) await fsyncDir(d);
}

/**
 * Writes `data` to `file` so that either the whole file exists, on disk, or none does: a 0600 temp
 * file in the same folder ('wx'), fsync, close, then a hard link to the final name and an fsync of
 * the folder. A link (not rename) because link refuses to replace an existing file (EEXIST):
 * Node has no rename-without-replace, and two workers may store at the same second.
 */
async function writeDurably(file: string, data: Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await link(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined); // the original error is the one worth reporting
    throw err;
  }
  await unlink(tmp);
  await fsyncDir(dir);
}

/** Removes `file` and fsyncs its folder; true, or why not. */
async function removeDurably(file: string): Promise<true | string> {
  try {
    await unlink(file);
    await fsyncDir(path.dirname(file));
    return true;
  } catch (err) {
    return describe(err);
  }
}

/** Makes a folder's entries durable. Windows cannot open a folder for fsync; NTFS journals entries itself. */
async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
