import pino, { type Logger } from 'pino';

/** Keys whose values are secrets wherever they appear in a log object. */
export const SECRET_KEYS = [
  'password',
  'rootPassword',
  'newPassword',
  'oneTimePassword',
  'otp',
  'seed',
  'secret',
  'base32StringSeed',
  'qrCodePNG',
  'code',
  'code1',
  'code2',
  'mfaCode',
  'authenticationCode1',
  'authenticationCode2',
  'cookie',
  'cookies',
  'sessionToken',
  'secretAccessKey',
];

/** Redact paths: each key at the top level and one or two levels down, plus request headers. */
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'headers.cookie',
  'headers.authorization',
  '*.headers.cookie',
  '*.headers.authorization',
];

export interface LogOptions {
  level: string;
  format: 'json' | 'pretty';
  /** Also write JSON lines to this file (the evidence folder's runbook.log). */
  file?: string;
}

/** The root logger: JSON lines by default, pino-pretty on a terminal; secret keys always redacted. */
export function createLogger(opts: LogOptions): Logger {
  const streams: pino.StreamEntry[] = [
    {
      level: opts.level as pino.Level,
      stream:
        opts.format === 'pretty'
          ? pino.transport({ target: 'pino-pretty', options: { destination: 2, colorize: true, ignore: 'pid,hostname' } })
          : pino.destination({ dest: 2, sync: true }),
    },
  ];
  if (opts.file) streams.push({ level: 'debug', stream: pino.destination({ dest: opts.file, sync: true, mkdir: true }) });
  return pino(
    { level: opts.level === 'silent' ? 'silent' : 'debug', redact: { paths: REDACT_PATHS, censor: '[REDACTED]' }, base: undefined },
    pino.multistream(streams),
  );
}
