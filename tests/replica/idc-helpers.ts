import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import type { CreatedAccount } from '../../replica/contract.ts';
import type { SignedIn } from './helpers.ts';

/** Helpers for the Identity Center replica tests: SDK clients, the aws CLI, console API calls. */

// Async on purpose: a sync spawn would block this process, and with it the replica serving the CLI.
const execAsync = promisify(execFile);
// Debian's aws CLI when installed (.ci/run installs it), else whichever `aws` is on PATH.
const AWS_CLI = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';

export function clients(baseUrl: string, account: CreatedAccount, region = 'us-east-1') {
  const cfg = { region, endpoint: baseUrl, credentials: account.apiCredentials, maxAttempts: 1 };
  return { ssoAdmin: new SSOAdminClient(cfg), identityStore: new IdentitystoreClient(cfg), organizations: new OrganizationsClient(cfg) };
}

/** Runs the aws CLI against the replica and parses its JSON; a failure rejects with the CLI's stderr. */
export async function awsCli(baseUrl: string, account: CreatedAccount, args: string[], region = 'us-east-1'): Promise<any> {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: account.apiCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: account.apiCredentials.secretAccessKey,
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
  };
  try {
    const { stdout } = await execAsync(AWS_CLI, [...args, '--endpoint-url', baseUrl, '--output', 'json'], { env, timeout: 60_000 });
    return stdout.trim() ? JSON.parse(stdout) : {};
  } catch (err) {
    throw new Error(`aws ${args.join(' ')} failed: ${(err as { stderr?: string }).stderr ?? String(err)}`, { cause: err });
  }
}

/** An Identity Center console API call; answers status and JSON body. */
export async function idc(
  s: SignedIn,
  method: 'GET' | 'POST',
  path: string,
  region: string,
  data?: unknown,
): Promise<{ status: number; body: any }> {
  const url = `/singlesignon/api/${path}?region=${region}`;
  const res = method === 'GET' ? await s.api.get(url) : await s.post(url, data ?? {});
  return { status: res.status(), body: await res.json() };
}

export const userInput = (userName: string, passwordMode: 'email' | 'otp', extra: Record<string, unknown> = {}) => ({
  userName,
  passwordMode,
  email: `${userName}@example.com`,
  confirmEmail: `${userName}@example.com`,
  givenName: 'Ada',
  familyName: 'Lovelace',
  displayName: '',
  groupIds: [],
  ...extra,
});
