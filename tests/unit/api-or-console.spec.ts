import { expect, test } from '@playwright/test';
import type { Config } from '../../config/settings.ts';
import { apiOrConsole } from '../../runbooks/context.ts';

/** A logger that keeps what was warned. */
function recordingLog() {
  const warned: Array<{ fields: unknown; msg: string }> = [];
  const log = { warn: (fields: unknown, msg: string) => warned.push({ fields, msg }) };
  return { warned, log: log as never };
}
const on = (target: Config['target']) => ({ target }) as Config;
const refused = () => Promise.reject(new Error('AccessDenied: not authorized to call iam:GetAccountSummary'));

test('an API read answers its value on either target', async () => {
  const { warned, log } = recordingLog();
  expect(await apiOrConsole({ config: on('aws'), log }, 'IAM API', async () => 42)).toBe(42);
  expect(await apiOrConsole({ config: on('replica'), log }, 'IAM API', async () => 'x')).toBe('x');
  expect(warned).toEqual([]);
});

test('on aws a refused read is one warning naming the API, and the runbook reads the console', async () => {
  const { warned, log } = recordingLog();
  expect(await apiOrConsole({ config: on('aws'), log }, 'Identity Center APIs', refused)).toBeUndefined();
  expect(warned.map((w) => w.msg)).toEqual([
    'Identity Center APIs not reachable with the configured credentials; relying on the console pages',
  ]);
});

test('on the replica an API error is a bug: thrown, not hidden', async () => {
  const { warned, log } = recordingLog();
  await expect(apiOrConsole({ config: on('replica'), log }, 'IAM API', refused)).rejects.toThrow('AccessDenied');
  expect(warned).toEqual([]);
});
