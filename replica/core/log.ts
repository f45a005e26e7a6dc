import pino, { type Logger } from 'pino';

// The replica's own service log, written as a stand-in for AWS would have one: it shares nothing with
// lib/run/log.ts, the logger of the code under test.

/** Keys that carry the replica's secrets (passwords, seeds, codes, keys, session cookies) wherever they appear. */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'oneTimePassword',
  'seed',
  'secret',
  'Base32StringSeed',
  'base32StringSeed',
  'QRCodePNG',
  'qrCodePNG',
  'code',
  'authenticationCode1',
  'authenticationCode2',
  'mfaCode',
  'secretAccessKey',
  'sessionToken',
  'cookie',
  'authorization',
];
const REDACT = [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`), ...SECRET_KEYS.map((k) => `*.*.${k}`)];

/** JSON lines on stderr: failed handlers always, one line per request when `requests` is on. Secrets censored. */
export function replicaLogger(requests: boolean): Logger {
  return pino(
    { level: requests ? 'info' : 'error', redact: { paths: REDACT, censor: '[REDACTED]' }, base: undefined },
    pino.destination({ dest: 2, sync: true }),
  );
}
