import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The key that signs evidence records: Ed25519, with its public half as PEM and a fingerprint to compare. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** `SHA256:` + base64 of the SHA-256 of the public key (SPKI DER), as ssh-keygen prints fingerprints. */
  fingerprint: string;
  /** Where the private key came from (a path), for messages. */
  source: string;
}

/** The fingerprint of an Ed25519 public key given as PEM. */
export function fingerprintOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`;
}

/** Reads an Ed25519 private key from a PEM file (EVIDENCE_SIGNING_KEY); throws naming the file. */
export async function loadSigningKey(file: string): Promise<SigningKey> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`Could not read the evidence signing key ${file}: ${(err as Error).message}`, { cause: err });
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (err) {
    throw new Error(`The evidence signing key ${file} is not a PEM private key`, { cause: err });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `The evidence signing key ${file} is a ${privateKey.asymmetricKeyType} key; evidence is signed with Ed25519 (openssl genpkey -algorithm ed25519)`,
    );
  }
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicKeyPem, fingerprint: fingerprintOf(publicKeyPem), source: file };
}

const LOCAL_KEY = 'evidence-signing-key.pem';

/**
 * For the replica target: `<dir>/evidence-signing-key.pem` (created 0600, its folder 0700, when
 * missing; reused otherwise, also when another worker made it a moment ago). Never for real accounts.
 */
export async function ensureLocalSigningKey(dir: string): Promise<SigningKey> {
  const file = path.join(path.resolve(dir), LOCAL_KEY);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // Written aside, then linked into place: another worker never reads a half-written key.
  const temp = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, pem, { mode: 0o600, flag: 'wx', flush: true });
    await link(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new Error(`Could not create the local evidence signing key ${file}: ${(err as Error).message}`, { cause: err });
  } finally {
    await unlink(temp).catch(() => undefined); // already gone or never made: nothing to clean
  }
  return loadSigningKey(file);
}

/** Base64 Ed25519 signature of `data`. */
export function signBytes(data: Buffer, key: SigningKey): string {
  return sign(null, data, key.privateKey).toString('base64');
}

/** True when `signature` (base64) is a valid Ed25519 signature of `data` by the key in `publicKeyPem`. */
export function verifyBytes(data: Buffer, signature: string, publicKeyPem: string): boolean {
  const key = createPublicKey(publicKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`The bundled public key is a ${key.asymmetricKeyType} key, not Ed25519`);
  return verify(null, data, key, Buffer.from(signature.trim(), 'base64'));
}
