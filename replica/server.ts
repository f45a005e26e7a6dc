import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { replicaLogger } from './core/log.ts';
import { ensureConsoleBuilt } from './build.ts';
import { AwsError, InputError, escapeHtml, parseCookies, readBody, sendApiError, sendHtml, sendJson, setHtmlHook } from './core/http.ts';
import type { Ctx } from './context.ts';
import { matchRoute, type Area } from './routes.ts';
import { layout, notReplicatedPage } from './signin/layout.ts';
import { ReplicaStore } from './store.ts';
import type { MarkupVariation } from './markup/catalog.ts';
import { markupOfRequest } from './markup/request.ts';
import { transformServerHtml } from './markup/server.ts';

/** Options of `startReplica`. */
export interface ReplicaOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** One log line per request (method, path, status, ms) on stderr. Off by default. */
  logRequests?: boolean;
  /** How every page is written (replica/markup/catalog.ts); default: as recorded. The side door can change it. */
  markup?: MarkupVariation;
}

/** A running replica. */
export interface ReplicaServer {
  /** e.g. http://127.0.0.1:4599 — sign-in, console, APIs and side door share it. */
  baseUrl: string;
  store: ReplicaStore;
  close(): Promise<void>;
}

const NOT_REPLICATED = (method: string, path: string): string =>
  `Not replicated: ${method} ${path} is not part of the aws-console-runbooks replica`;

/** The 501 for anything not in the route table, in the format the caller expects. */
function notReplicated(ctx: Ctx): void {
  const method = ctx.req.method ?? 'GET';
  const path = ctx.url.pathname;
  if (/^\/(iam\/api|iam\/service|__replica)(\/|$)/.test(path))
    return sendApiError(ctx.res, 501, 'NotImplemented', NOT_REPLICATED(method, path));
  sendHtml(ctx.res, 501, notReplicatedPage(method, path));
}

/** Shows a handler's failure the way its area shows errors. */
function sendFailure(ctx: Ctx, area: Area, err: unknown, log: Logger): void {
  if (ctx.res.headersSent) {
    log.error({ err, path: ctx.url.pathname }, 'Replica handler failed after answering');
    ctx.res.destroy();
    return;
  }
  const json = area === 'console-api' || area === 'sidedoor' || area === 'aws-api';
  if (err instanceof InputError) {
    if (json)
      return sendJson(ctx.res, 400, {
        error: { code: area === 'sidedoor' ? 'BadRequest' : 'ValidationError', field: err.field, message: err.message },
      });
    return sendHtml(ctx.res, 400, layout('Bad request', `<h1>Bad request</h1><p role="alert">${escapeHtml(err.message)}</p>`));
  }
  if (err instanceof AwsError) {
    if (json) return sendApiError(ctx.res, err.status, err.code, err.message);
    return sendHtml(
      ctx.res,
      err.status,
      layout(err.code, `<h1>${escapeHtml(err.code)}</h1><p role="alert">${escapeHtml(err.message)}</p>`),
    );
  }
  log.error({ err, method: ctx.req.method, path: ctx.url.pathname }, 'Replica handler failed');
  const message = 'We encountered an internal error. Please try again.';
  if (json) return sendApiError(ctx.res, 500, 'ServiceFailure', message);
  sendHtml(ctx.res, 500, layout('Internal error', `<h1>Internal error</h1><p role="alert">${message}</p>`));
}

async function handle(req: IncomingMessage, res: ServerResponse, store: ReplicaStore, log: Logger, logRequests: boolean): Promise<void> {
  const started = performance.now();
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://replica.invalid');
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad request URL');
    return;
  }
  if (logRequests) {
    res.on('finish', () =>
      log.info(
        { method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(performance.now() - started) },
        'replica request',
      ),
    );
  }
  let body: Promise<string> | undefined;
  const match = matchRoute(req.method ?? 'GET', url.pathname);
  const ctx: Ctx = {
    req,
    res,
    url,
    store,
    params: match?.params ?? {},
    cookies: parseCookies(req.headers.cookie),
    body: () => (body ??= readBody(req)),
  };
  // Every server-rendered page goes out through the request's markup variations (the console shell opts out: its app has its own).
  setHtmlHook(res, (html) => transformServerHtml(html, markupOfRequest(ctx), { path: url.pathname, lateKey: store }));
  try {
    if (!match) return notReplicated(ctx);
    await match.route.handler(ctx);
  } catch (err) {
    sendFailure(ctx, match?.route.area ?? 'console', err, log);
  }
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the replica: builds the console app when needed, then listens (default 127.0.0.1 on a
 * free port). Each call has its own empty store.
 */
export async function startReplica(opts: ReplicaOptions = {}): Promise<ReplicaServer> {
  await ensureConsoleBuilt();
  const host = opts.host ?? '127.0.0.1';
  const logRequests = opts.logRequests ?? false;
  const log = replicaLogger(logRequests);
  const store = new ReplicaStore();
  if (opts.markup)
    store.look.markup = store.look.startMarkup = {
      transforms: [...opts.markup.transforms],
      ...(opts.markup.seed === undefined ? {} : { seed: opts.markup.seed }),
    };
  const server = http.createServer((req, res) => void handle(req, res, store, log, logRequests));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${urlHost(host)}:${port}`;
  store.baseUrl = baseUrl;
  return {
    baseUrl,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
