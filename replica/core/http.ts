import escapeHtmlText from 'escape-html';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, InputError } from './errors.ts';

/** A request as every handler gets it: its parsed URL, path parameters and cookies (the store: replica/context.ts). */
export interface RequestCtx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  cookies: Record<string, string>;
  /** The raw request body (read once, cached). */
  body(): Promise<string>;
}

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
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value; /* not %-encoded: keep as sent */
    }
  }
  return out;
}

/** Adds a Set-Cookie header (HttpOnly, SameSite=Lax, Path=/); `null` clears the cookie. */
export function setCookie(res: ServerResponse, name: string, value: string | null): void {
  const cookie =
    value === null
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
  if (res.req?.headers['x-replica-spa'])
    return send(res, 200, 'application/json', JSON.stringify({ location }), { 'x-replica-spa-redirect': '1' });
  res.writeHead(status, { location, 'cache-control': 'no-store' });
  res.end();
}

/** HTML (and XML) text and attribute escaping: escape-html's, the one Express uses. */
export const escapeHtml = (text: string): string => escapeHtmlText(text);

export const escapeXml = escapeHtml;

/** Parses a JSON body; an empty body is `{}`. Throws InputError naming `body` when it is not a JSON object. */
export async function jsonBody(ctx: Pick<RequestCtx, 'body'>): Promise<Record<string, unknown>> {
  const text = await ctx.body();
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError('body', 'The body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError('body', 'The body must be a JSON object.');
  return value as Record<string, unknown>;
}

/** Parses an application/x-www-form-urlencoded body. */
export async function formBody(ctx: Pick<RequestCtx, 'body'>): Promise<URLSearchParams> {
  return new URLSearchParams(await ctx.body());
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const SESSION_COOKIE = 'aws-creds';
export const FLOW_COOKIE = 'aws-signin-flow';
