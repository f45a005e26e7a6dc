import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { ensureDemoIdentity, isAgeRecipient, Vault } from '../../lib/secrets/vault.ts';

let root: string;
test.beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'vault-spec-'));
});
test.afterEach(async () => {
  await chmod(root, 0o700).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

/** Decrypts with the age CLI: the independent check that the file is real age. */
const ageDecrypt = (identityFile: string, file: string): Buffer =>
  execFileSync('age', ['-d', '-i', identityFile, file], { stdio: ['ignore', 'pipe', 'pipe'] });

/** A fresh identity from the age-keygen CLI; its recipient as age-keygen -y prints it. */
async function keygen(dir: string, name: string): Promise<{ identityFile: string; recipient: string }> {
  const identityFile = path.join(dir, name);
  execFileSync('age-keygen', ['-o', identityFile], { stdio: 'ignore' });
  return { identityFile, recipient: execFileSync('age-keygen', ['-y', identityFile]).toString().trim() };
}

const mode = async (p: string) => (await stat(p)).mode & 0o777;
const secretValue = () => `JBSW${randomBytes(30).toString('hex').toUpperCase()}`;

test.describe('ensureDemoIdentity', () => {
  test('creates a 0600 identity in a new 0700 folder, one that age-keygen -y agrees with', async () => {
    const vaultDir = path.join(root, 'new', 'vault');
    const { identityFile, recipient } = await ensureDemoIdentity(vaultDir);
    expect(identityFile).toBe(path.join(vaultDir, 'demo-identity.txt'));
    expect(await mode(identityFile)).toBe(0o600);
    expect(await mode(vaultDir)).toBe(0o700);
    expect(await mode(path.join(root, 'new'))).toBe(0o700);
    expect(isAgeRecipient(recipient)).toBe(true);
    expect(execFileSync('age-keygen', ['-y', identityFile]).toString().trim()).toBe(recipient);
    const text = await readFile(identityFile, 'utf8');
    expect(text).toMatch(/^# created: /m);
    expect(text).toContain(`# public key: ${recipient}`);
    expect(text).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/m);
    expect((await readdir(vaultDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('reuses an existing identity file unchanged', async () => {
    const first = await ensureDemoIdentity(root);
    const before = await readFile(first.identityFile);
    const second = await ensureDemoIdentity(root);
    expect(second).toEqual(first);
    expect(await readFile(first.identityFile)).toEqual(before);
  });

  test('reuses an identity written by age-keygen (comment lines included)', async () => {
    const made = await keygen(root, 'demo-identity.txt');
    expect(await ensureDemoIdentity(root)).toEqual(made);
  });

  test('two concurrent calls agree on one identity', async () => {
    const [a, b, c] = await Promise.all([ensureDemoIdentity(root), ensureDemoIdentity(root), ensureDemoIdentity(root)]);
    expect(b.recipient).toBe(a.recipient);
    expect(c.recipient).toBe(a.recipient);
    expect(execFileSync('age-keygen', ['-y', a.identityFile]).toString().trim()).toBe(a.recipient);
  });

  test('an existing file without a key is reported, not overwritten', async () => {
    const file = path.join(root, 'demo-identity.txt');
    await writeFile(file, '# nothing here\n', { mode: 0o600 });
    await expect(ensureDemoIdentity(root)).rejects.toThrow(/demo-identity\.txt holds no AGE-SECRET-KEY-1/);
    expect(await readFile(file, 'utf8')).toBe('# nothing here\n');
  });
});

test.describe('isAgeRecipient', () => {
  test('accepts age-keygen output; rejects near misses', async () => {
    const { recipient } = await keygen(root, 'k.txt');
    expect(isAgeRecipient(recipient)).toBe(true);
    const last = recipient.at(-1)!;
    expect(isAgeRecipient(recipient.slice(0, -1) + (last === 'q' ? 'p' : 'q'))).toBe(false); // checksum
    expect(isAgeRecipient(recipient.slice(0, -1))).toBe(false);
    expect(isAgeRecipient(`${recipient}q`)).toBe(false);
    expect(isAgeRecipient(` ${recipient}`)).toBe(false);
    expect(isAgeRecipient(recipient.replace(/^age1/, 'agf1'))).toBe(false);
    expect(isAgeRecipient(recipient.slice(0, 10) + 'b' + recipient.slice(11))).toBe(false); // 'b' is not Bech32
    expect(isAgeRecipient(`AGE-SECRET-KEY-1${'Q'.repeat(58)}`)).toBe(false);
    expect(isAgeRecipient('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl')).toBe(false);
    expect(isAgeRecipient('')).toBe(false);
  });
});

test.describe('Vault', () => {
  test('store writes a binary age file that the age CLI decrypts to exactly the secret', async () => {
    const id = await ensureDemoIdentity(root);
    const vault = new Vault({ dir: path.join(root, 'v'), recipients: [id.recipient] });
    const secret = secretValue();
    const rec = await vault.store(secret, { kind: 'root-mfa-seed', account: '111122223333', label: 'root-mfa' });

    expect(rec.file).toMatch(new RegExp(`^${escape(path.join(root, 'v', '111122223333'))}/\\d{8}T\\d{6}Z-root-mfa-seed-root-mfa\\.age$`));
    expect(rec.metaFile).toBe(rec.file.replace(/\.age$/, '.meta.json'));
    expect(rec).toMatchObject({ kind: 'root-mfa-seed', account: '111122223333', label: 'root-mfa', recipients: [id.recipient] });
    expect(Math.abs(Date.parse(rec.createdAt) - Date.now())).toBeLessThan(60_000);

    const bytes = await readFile(rec.file);
    expect(bytes.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(bytes.includes(Buffer.from(secret))).toBe(false);
    expect(ageDecrypt(id.identityFile, rec.file).equals(Buffer.from(secret, 'utf8'))).toBe(true);
  });

  test('a non-ASCII secret round-trips byte for byte', async () => {
    const id = await ensureDemoIdentity(root);
    const secret = 'pässwörd-€-🔑 with spaces\tand tab';
    const rec = await new Vault({ dir: root, recipients: [id.recipient] }).store(secret, {
      kind: 'portal-password',
      account: 'alice@example.com',
      label: 'alice',
    });
    expect(ageDecrypt(id.identityFile, rec.file).toString('utf8')).toBe(secret);
  });

  test('two recipients (the second from age-keygen) can each decrypt', async () => {
    const a = await ensureDemoIdentity(path.join(root, 'ids'));
    const b = await keygen(root, 'security-team.txt');
    const secret = secretValue();
    const rec = await new Vault({ dir: path.join(root, 'v'), recipients: [a.recipient, b.recipient] }).store(secret, {
      kind: 'portal-mfa-seed',
      account: '111122223333',
      label: 'bob',
    });
    expect(ageDecrypt(a.identityFile, rec.file).toString()).toBe(secret);
    expect(ageDecrypt(b.identityFile, rec.file).toString()).toBe(secret);
    const stranger = await keygen(root, 'stranger.txt');
    expect(() => ageDecrypt(stranger.identityFile, rec.file)).toThrow();
  });

  test('the meta sidecar holds the metadata and the ciphertext hash, never the secret or its hash', async () => {
    const id = await ensureDemoIdentity(root);
    const secret = secretValue();
    const rec = await new Vault({ dir: root, recipients: [id.recipient] }).store(secret, {
      kind: 'identity-center-one-time-password',
      account: '444455556666',
      label: 'carol',
    });
    const raw = await readFile(rec.metaFile);
    const meta = JSON.parse(raw.toString('utf8'));
    expect(meta).toMatchObject({
      file: path.basename(rec.file),
      kind: 'identity-center-one-time-password',
      account: '444455556666',
      label: 'carol',
      createdAt: rec.createdAt,
      recipients: [id.recipient],
      ciphertextSha256: createHash('sha256')
        .update(await readFile(rec.file))
        .digest('hex'),
    });
    const forbidden = [
      secret,
      secret.toLowerCase(),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('hex'),
      ...['sha1', 'sha256', 'sha512', 'md5'].flatMap((h) => {
        const d = createHash(h).update(secret).digest();
        return [d.toString('hex'), d.toString('base64')];
      }),
    ];
    for (const f of forbidden) expect(raw.includes(Buffer.from(f)), `meta contains ${f.slice(0, 6)}…`).toBe(false);
  });

  test('files are 0600, folders 0700, and no temp file is left', async () => {
    const id = await ensureDemoIdentity(path.join(root, 'ids'));
    const dir = path.join(root, 'a', 'b', 'vault');
    const rec = await new Vault({ dir, recipients: [id.recipient] }).store(secretValue(), {
      kind: 'root-mfa-seed',
      account: '111122223333',
      label: 'root-mfa',
    });
    expect(await mode(rec.file)).toBe(0o600);
    expect(await mode(rec.metaFile)).toBe(0o600);
    for (const d of [path.join(root, 'a'), path.join(root, 'a', 'b'), dir, path.dirname(rec.file)]) expect(await mode(d), d).toBe(0o700);
    expect((await readdir(path.dirname(rec.file))).sort()).toEqual([path.basename(rec.file), path.basename(rec.metaFile)].sort());
  });

  test('two stores with the same label do not overwrite each other', async () => {
    const id = await ensureDemoIdentity(root);
    const vault = new Vault({ dir: root, recipients: [id.recipient] });
    const secrets = [secretValue(), secretValue(), secretValue()];
    const meta = { kind: 'root-mfa-seed', account: '111122223333', label: 'root-mfa' } as const;
    // Concurrently (same second, same name), then once more in sequence.
    const recs = [...(await Promise.all(secrets.slice(0, 2).map((s) => vault.store(s, meta)))), await vault.store(secrets[2]!, meta)];
    expect(new Set(recs.map((r) => r.file)).size).toBe(3);
    expect(new Set(recs.map((r) => r.metaFile)).size).toBe(3);
    recs.forEach((r, i) => expect(ageDecrypt(id.identityFile, r.file).toString()).toBe(secrets[i]));
    for (const r of recs) expect(JSON.parse(await readFile(r.metaFile, 'utf8')).file).toBe(path.basename(r.file));
  });

  test('account and label cannot escape the vault folder', async () => {
    const id = await ensureDemoIdentity(root);
    const dir = path.join(root, 'v');
    const rec = await new Vault({ dir, recipients: [id.recipient] }).store(secretValue(), {
      kind: 'portal-password',
      account: '../../etc',
      label: '../x/y z',
    });
    expect(path.relative(dir, rec.file).startsWith('..')).toBe(false);
    expect(path.dirname(path.dirname(rec.file))).toBe(dir);
    expect(rec.account).toBe('../../etc'); // the record keeps what the caller said
  });

  test('an invalid recipient is rejected, naming it', async () => {
    const id = await ensureDemoIdentity(root);
    const bad = 'age1notarealrecipient';
    expect(() => new Vault({ dir: root, recipients: [id.recipient, bad] })).toThrow(new RegExp(`"${bad}"`));
    expect(() => new Vault({ dir: root, recipients: [id.recipient, bad] })).not.toThrow(new RegExp(id.recipient));
  });

  test('empty recipients are rejected', () => {
    expect(() => new Vault({ dir: root, recipients: [] })).toThrow(/at least one age recipient/);
  });

  test('a failed store names the file, says why, keeps the secret out, and leaves no file behind', async () => {
    test.skip(process.getuid?.() === 0, 'root ignores folder permissions');
    const id = await ensureDemoIdentity(path.join(root, 'ids'));
    const dir = path.join(root, 'v');
    const vault = new Vault({ dir, recipients: [id.recipient] });
    await vault.store(secretValue(), { kind: 'root-mfa-seed', account: '111122223333', label: 'first' });
    const accountDir = path.join(dir, '111122223333');
    await chmod(accountDir, 0o500);
    const secret = secretValue();
    const err = await vault.store(secret, { kind: 'root-mfa-seed', account: '111122223333', label: 'second' }).catch((e: Error) => e);
    await chmod(accountDir, 0o700);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toContain(path.join(accountDir, ''));
    expect(message).toMatch(/second\.age/);
    expect(message).toMatch(/EACCES|permission denied/);
    expect(message).not.toContain(secret);
    expect((await readdir(accountDir)).filter((f) => f.includes('second'))).toEqual([]);
  });

  test('a clash on the sidecar name takes the age file back out and moves to the next name', async () => {
    const id = await ensureDemoIdentity(root);
    const vault = new Vault({ dir: root, recipients: [id.recipient] });
    const accountDir = path.join(root, '111122223333');
    await mkdir(accountDir, { mode: 0o700 });
    // A stray sidecar under the first name, for each second this test could run in: the age file
    // links, the sidecar does not (EEXIST), so the age file must go and "-2" be used.
    const stamps = [0, 1, 2, 3, 4, 5].map((s) =>
      new Date(Date.now() + s * 1000)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z'),
    );
    for (const st of stamps) await writeFile(path.join(accountDir, `${st}-root-mfa-seed-x.meta.json`), '{}', { mode: 0o600 });
    const secret = secretValue();
    const rec = await vault.store(secret, { kind: 'root-mfa-seed', account: '111122223333', label: 'x' });
    const stem = path.basename(rec.file).replace(/-2\.age$/, '');
    expect(path.basename(rec.file)).toBe(`${stem}-2.age`);
    expect(stamps.map((st) => `${st}-root-mfa-seed-x`)).toContain(stem);
    const names = await readdir(accountDir);
    expect(names.includes(`${stem}.age`)).toBe(false);
    expect(names.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(await readFile(path.join(accountDir, `${stem}.meta.json`), 'utf8')).toBe('{}');
    expect(ageDecrypt(id.identityFile, rec.file).toString()).toBe(secret);
  });

  test('a folder that cannot be made is named in the error', async () => {
    const id = await ensureDemoIdentity(path.join(root, 'ids'));
    const dir = path.join(root, 'v');
    await mkdir(dir, { mode: 0o700 });
    await writeFile(path.join(dir, '111122223333'), 'not a folder');
    const secret = secretValue();
    const err = await new Vault({ dir, recipients: [id.recipient] })
      .store(secret, { kind: 'root-mfa-seed', account: '111122223333', label: 'x' })
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(path.join(dir, '111122223333'));
    expect((err as Error).message).toMatch(/root-mfa-seed of 111122223333/);
    expect((err as Error).message).not.toContain(secret);
  });

  test('an empty secret is refused', async () => {
    const id = await ensureDemoIdentity(root);
    await expect(
      new Vault({ dir: root, recipients: [id.recipient] }).store('', { kind: 'root-mfa-seed', account: '1', label: 'x' }),
    ).rejects.toThrow(/empty/);
  });
});

test.describe('Vault.latest (a later runbook reads what an earlier one stored)', () => {
  const meta = (kind: 'portal-password' | 'root-mfa-seed', label = 'cloud-admin') => ({ kind, account: '111122223333', label });

  test('answers the newest secret of the kind, account and label, decrypted; undefined when there is none', async () => {
    const id = await keygen(root, 'id.txt');
    const vault = new Vault({ dir: path.join(root, 'v'), recipients: [id.recipient], identityFile: id.identityFile });
    expect(await vault.latest('portal-password', '111122223333')).toBeUndefined();
    const [older, newer, other, otherLabel] = [secretValue(), secretValue(), secretValue(), secretValue()];
    await vault.store(older, meta('portal-password'));
    const rec = await vault.store(newer, meta('portal-password'));
    await vault.store(other, meta('root-mfa-seed'));
    await vault.store(otherLabel, meta('portal-password', 'someone-else'));

    const got = await vault.latest('portal-password', '111122223333', 'cloud-admin');
    expect(got?.value).toBe(newer);
    expect(got?.record.file).toBe(rec.file);
    expect((await vault.latest('root-mfa-seed', '111122223333'))?.value).toBe(other);
    expect((await vault.latest('portal-password', '111122223333', 'someone-else'))?.value).toBe(otherLabel);
    expect(await vault.latest('portal-password', '444455556666')).toBeUndefined();
  });

  test('without an identity it names VAULT_IDENTITY_FILE; with the wrong one it names the file, never the secret', async () => {
    const id = await keygen(root, 'id.txt');
    const stranger = await keygen(root, 'stranger.txt');
    const dir = path.join(root, 'v');
    const secret = secretValue();
    const rec = await new Vault({ dir, recipients: [id.recipient] }).store(secret, meta('portal-password'));

    const noIdentity = new Vault({ dir, recipients: [id.recipient] });
    expect(noIdentity.canRead()).toBe(false);
    await expect(noIdentity.latest('portal-password', '111122223333')).rejects.toThrow(/VAULT_IDENTITY_FILE/);
    const err = await new Vault({ dir, recipients: [id.recipient], identityFile: stranger.identityFile })
      .latest('portal-password', '111122223333')
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(rec.file);
    expect((err as Error).message).toContain(stranger.identityFile);
    expect((err as Error).message).not.toContain(secret);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
