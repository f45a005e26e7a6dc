import escapeHtmlText from 'escape-html';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Account, ReplicaStore } from '../state.ts';
import { lateApiDelay } from '../markup/late.ts';
import { AwsError, InputError } from './errors.ts';

/** Everything a route handler gets: the request, its parsed URL and path parameters, the store. */
export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  store: ReplicaStore;
  cookies: Record<string, string>;
  /** The raw request body (read once, cached). */
  body(): Promise<string>;
}

export type Handler = (ctx: Ctx) => Promise<void> | void;


export { AwsError, InputError };

const MAX_BODY = 1024 * 1024;

/** Reads a request body, refusing more than 1 MiB. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new AwsError(413, 'RequestEntityTooLarge', 'The request body is larger than 1 MiB.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses a Cookie header into name → value. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try { out[name] = decodeURIComponent(value); } catch { out[name] = value; /* not %-encoded: keep as sent */ }
  }
  return out;
}

/** Adds a Set-Cookie header (HttpOnly, SameSite=Lax, Path=/); `null` clears the cookie. */
export function setCookie(res: ServerResponse, name: string, value: string | null): void {
  const cookie = value === null
    ? `${name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`
    : `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax`;
  const prev = res.getHeader('set-cookie');
  const list = Array.isArray(prev) ? prev : prev === undefined ? [] : [String(prev)];
  res.setHeader('set-cookie', [...list, cookie]);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

/** A rewrite of every HTML page one response sends: the markup variations (replica/markup/server.ts), set per request by server.ts. */
export type HtmlHook = (html: string, status: number) => string;
const htmlHooks = new WeakMap<ServerResponse, HtmlHook>();

/** Sets (or, with null, removes) the rewrite `sendHtml` applies to this response's page. */
export function setHtmlHook(res: ServerResponse, hook: HtmlHook | null): void {
  if (hook) htmlHooks.set(res, hook);
  else htmlHooks.delete(res);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  const hook = htmlHooks.get(res);
  send(res, status, 'text/html; charset=utf-8', hook ? hook(html, status) : html);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value));
}

export function sendXml(res: ServerResponse, status: number, xml: string, requestId: string): void {
  send(res, status, 'text/xml', xml, { 'x-amzn-requestid': requestId });
}

/** A console-style JSON error: `{ error: { code, message } }`. */
export function sendApiError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

export function redirect(res: ServerResponse, location: string, status = 302): void {
  // Markup variation spa-forms (markup/server.ts): the page's script follows the redirect itself, hash included.
  if (res.req?.headers['x-replica-spa']) return send(res, 200, 'application/json', JSON.stringify({ location }), { 'x-replica-spa-redirect': '1' });
  res.writeHead(status, { location, 'cache-control': 'no-store' });
  res.end();
}

/** HTML (and XML) text and attribute escaping: escape-html's, the one Express uses. */
export const escapeHtml = (text: string): string => escapeHtmlText(text);

export const escapeXml = escapeHtml;

/** Parses a JSON body; an empty body is `{}`. Throws InputError naming `body` when it is not a JSON object. */
export async function jsonBody(ctx: Ctx): Promise<Record<string, unknown>> {
  const text = await ctx.body();
  if (!text.trim()) return {};
  let value: unknown;
  try { value = JSON.parse(text); } catch { throw new InputError('body', 'The body is not valid JSON.'); }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError('body', 'The body must be a JSON object.');
  return value as Record<string, unknown>;
}

/** Parses an application/x-www-form-urlencoded body. */
export async function formBody(ctx: Ctx): Promise<URLSearchParams> {
  return new URLSearchParams(await ctx.body());
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const SESSION_COOKIE = 'aws-creds';
export const FLOW_COOKIE = 'aws-signin-flow';

/** The console session behind the request's `aws-creds` cookie, if any. */
export function sessionOf(ctx: Ctx): ReturnType<ReplicaStore['session']> {
  return ctx.store.session(ctx.cookies[SESSION_COOKIE]);
}

/** The account's slow-console fault: waits `faults.slowMs` before answering. */
export async function slowDown(account: Account): Promise<void> {
  const ms = account.faults.slowMs ?? 0;
  if (ms > 0) await sleep(ms);
}

/** The console's answer to a request without a live session. */
export const SESSION_EXPIRED = { code: 'SessionExpired', message: 'Your session has expired. Sign in again.' } as const;

/**
 * What every console JSON endpoint (IAM's and Identity Center's) does first: a session (else 401
 * SessionExpired), the one-shot session-expiry fault, slowMs, and X-CSRF-Token on anything but GET.
 * Answers the session and its account, or undefined once the error has been sent.
 */
export async function consoleApiSession(ctx: Ctx): Promise<NonNullable<ReturnType<ReplicaStore['session']>> | undefined> {
  const signed = sessionOf(ctx);
  if (!signed) return void sendApiError(ctx.res, 401, SESSION_EXPIRED.code, SESSION_EXPIRED.message);
  const { session, account } = signed;
  if (sessionEndsNow(ctx, signed)) return void sendApiError(ctx.res, 401, SESSION_EXPIRED.code, SESSION_EXPIRED.message);
  await slowDown(account);
  await lateApiDelay(ctx.store, account);
  if (ctx.req.method !== 'GET' && ctx.req.headers['x-csrf-token'] !== session.xsrfToken) {
    return void sendApiError(ctx.res, 403, 'InvalidCsrfToken', 'The request is missing a valid X-CSRF-Token header.');
  }
  return signed;
}

/**
 * Counts one console request of a session under the fault `sessionExpiresAfterRequests`; true when
 * the session ended on this request (the session forgotten, its cookie cleared, the fault spent).
 */
export function sessionEndsNow(ctx: Ctx, { session, account }: NonNullable<ReturnType<ReplicaStore['session']>>): boolean {
  const left = account.faults.sessionExpiresAfterRequests;
  if (left !== undefined) {
    if (left <= 0) {
      // One-shot: the session ends here and the fault is spent, so signing in again works.
      delete account.faults.sessionExpiresAfterRequests;
      ctx.store.sessions.delete(session.token);
      setCookie(ctx.res, SESSION_COOKIE, null);
      return true;
    }
    account.faults.sessionExpiresAfterRequests = left - 1;
  }
  session.requestCount++;
  return false;
}
