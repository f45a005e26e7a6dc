import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { verifyBundle } from '../lib/evidence/bundle.ts';
import { fingerprintOf } from '../lib/evidence/signing.ts';

const HELP = `Usage: npm run verify -- <evidence folder> [--key <fingerprint | public key PEM file>]

Checks an evidence bundle as an auditor would, and prints a verdict:
  - evidence.json fits the evidence schema;
  - evidence.sig is a valid Ed25519 signature of evidence.json by the bundled public key
    (evidence.pub.pem), whose fingerprint is printed: compare it with the one the signer publishes,
    or pass it with --key to have it checked;
  - every artifact has the size and SHA-256 the record lists, and no file was added;
  - the leak scanner finds no secret shape: Base32 runs of 32+ characters (TOTP seeds, plain or
    grouped), otpauth URIs, passwords in JSON, form posts or DOM snapshots, console session cookies,
    QR codes in images. It cannot know the run's secrets, so TOTP codes (just six digits) are only
    caught by the scan that runs inside each run, where the values are known.

Exit codes: 0 valid, 1 invalid, 2 bad usage.
`;

function usage(problem: string): never {
  process.stderr.write(`✖ ${problem}\n\nRun "npm run verify -- --help" for usage.\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' }, key: { type: 'string' } } });
} catch (err) {
  usage((err as Error).message);
}
if (parsed.values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const [folder, ...rest] = parsed.positionals;
if (!folder) usage('name the evidence folder to verify (the one holding evidence.json)');
if (rest.length) usage(`unexpected arguments: ${rest.join(' ')}`);
const dir = path.resolve(folder);
if (!existsSync(dir) || !statSync(dir).isDirectory()) usage(`${dir} is not a folder`);

let expectFingerprint: string | undefined;
const key = parsed.values.key;
if (key) {
  try {
    expectFingerprint = key.startsWith('SHA256:') ? key : fingerprintOf(readFileSync(key, 'utf8'));
  } catch (err) {
    usage(`--key ${key} is neither a SHA256:… fingerprint nor a readable public key PEM file (${(err as Error).message})`);
  }
}

const verdict = await verifyBundle(dir, { expectFingerprint });
const out = (line: string) => process.stdout.write(`${line}\n`);
out(`Evidence bundle ${path.relative(process.cwd(), dir) || dir}`);
if (verdict.fingerprint)
  out(
    `  signed by key ${verdict.fingerprint}${expectFingerprint ? '' : '  (compare with the fingerprint your team publishes, or pass --key)'}`,
  );
for (const c of verdict.checks) out(`  ${c.ok ? '✓' : '✗'} ${c.what.split('\n').join('\n      ')}`);
const r = verdict.record;
const what = r
  ? `${r.runbook} ${r.runbookVersion} on ${r.target} account ${r.account}: ${r.result}, ${r.startedAt} → ${r.endedAt}`
  : 'no readable record';
const failed = verdict.checks.filter((c) => !c.ok).length;
out(verdict.ok ? `\nVALID: ${what}` : `\nINVALID (${failed} check${failed === 1 ? '' : 's'} failed): ${what}`);
process.exit(verdict.ok ? 0 : 1);
