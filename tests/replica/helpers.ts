import { request, type APIRequestContext, type APIResponse } from '@playwright/test';
import { codeForStep, PERIOD, stepOf } from '../../lib/secrets/totp.ts';
import type { AccountOptions, CreatedAccount } from '../../replica/contract.ts';
import { SideDoorClient } from '../../replica/sidedoor/client.ts';

/** Test helpers for the replica: accounts through the side door, sign-in through the HTML forms. */

export interface AccountState {
  now: number;
  currentStep: number;
  mfaDevices: Array<{ name: string; serialNumber: string; seed: string; enableDate: string | null; lastUsedStep: number | null }>;
  faults: Record<string, unknown>;
  securityCheckAnswer: string | null;
  sessions: Array<{ requestCount: number }>;
}

export function sideDoor(baseUrl: string): SideDoorClient {
  return new SideDoorClient(baseUrl);
}

export async function newAccount(baseUrl: string, options: AccountOptions = {}): Promise<CreatedAccount> {
  return sideDoor(baseUrl).createAccount(options);
}

export async function accountState(baseUrl: string, accountId: string): Promise<AccountState> {
  return sideDoor(baseUrl).state<AccountState>(accountId);
}

/**
 * Moves the account's clock so at least 10 s are left in the current step, and returns that step
 * (computed on the account's clock, like the server).
 */
export async function freshStep(baseUrl: string, accountId: string): Promise<number> {
  const door = sideDoor(baseUrl);
  let { now } = await door.clock(accountId);
  const left = PERIOD - (now % PERIOD);
  if (left < 10) ({ now } = await door.advanceClock(accountId, left + 1));
  return stepOf(now);
}

/** Moves the account's clock to the start (+1 s) of the next step; returns that step. */
export async function nextStep(baseUrl: string, accountId: string): Promise<number> {
  const door = sideDoor(baseUrl);
  const { now } = await door.clock(accountId);
  const step = stepOf(now) + 1;
  await door.advanceClock(accountId, step * PERIOD + 1 - now);
  return step;
}

export const code = codeForStep;

/** A cookie-keeping HTTP client on the replica (Playwright's APIRequestContext follows redirects). */
export async function client(baseUrl: string): Promise<APIRequestContext> {
  return request.newContext({ baseURL: baseUrl });
}

/** A client signed in as root through the HTML forms, and the session's CSRF token. */
export interface SignedIn {
  api: APIRequestContext;
  xsrf: string;
  /** POST a console JSON call with the CSRF token. */
  post(path: string, data: unknown): ReturnType<APIRequestContext['post']>;
}

/** Signs in through the forms (email → password → optional MFA code) and reads the CSRF token from the shell. */
export async function signIn(baseUrl: string, account: CreatedAccount, mfaCode?: string): Promise<SignedIn> {
  const api = await client(baseUrl);
  await api.post('/signin', { form: { userType: 'rootUser', email: account.rootEmail, redirect_uri: '/iam/home' } });
  let res = await api.post('/signin/password', { form: { password: account.rootPassword } });
  if (new URL(res.url()).pathname === '/signin/mfa') {
    if (!mfaCode) throw new Error(`Signing in to ${account.accountId} asks for an MFA code and the test gave none`);
    res = await api.post('/signin/mfa', { form: { mfaCode } });
  }
  if (new URL(res.url()).pathname !== '/iam/home') {
    throw new Error(`Signing in to ${account.accountId} stopped at ${res.url()} (HTTP ${res.status()})`);
  }
  const xsrf = /<meta name="xsrf-token"[^>]*content="([^"]+)"/.exec(await res.text())?.[1];
  if (!xsrf) throw new Error('The console shell carries no xsrf-token meta tag');
  return { api, xsrf, post: (path, data) => api.post(path, { data, headers: { 'X-CSRF-Token': xsrf } }) };
}

/** Creates a virtual device through the console API; returns serial and seed. */
export async function createDevice(s: SignedIn, name: string): Promise<{ serialNumber: string; base32StringSeed: string }> {
  const res = await s.post('/iam/api/mfa/createVirtualMfa', { virtualMFADeviceName: name, path: '/' });
  if (res.status() !== 200) throw new Error(`createVirtualMfa ${name} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as { serialNumber: string; base32StringSeed: string };
}

/** Calls enableMfaDevice with two codes; returns status and body. */
export async function enable(s: SignedIn, serialNumber: string, code1: string, code2: string): Promise<{ status: number; body: any }> {
  const res = await s.post('/iam/api/mfa/enableMfaDevice', {
    serialNumber,
    authenticationCode1: code1,
    authenticationCode2: code2,
    userName: '',
  });
  return { status: res.status(), body: await res.json() };
}

/** A JSON answer, untyped: tests assert on its shape. */
export async function json(res: APIResponse): Promise<any> {
  return res.json();
}
