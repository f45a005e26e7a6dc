import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DIST_DIR } from './build.ts';
import { escapeHtml, redirect, sendHtml, setHtmlHook } from './core/http.ts';
import { sessionOf, slowDown } from './signin/session.ts';
import type { Ctx } from './context.ts';
import type { MarkupVariation } from './markup/catalog.ts';
import { appMarkupScript } from './markup/app.ts';
import { plainHtmlOn } from './markup/plain/switch.ts';
import { securityCredentials as plainSecurityCredentials } from './markup/plain/iam.ts';

/**
 * The console's HTML shell (the Cloudscape app renders the hash routes in the browser) and the
 * built app's static files.
 */

const TITLES: Record<string, string> = {
  '/console/home': 'Console Home',
  '/iam/home': 'IAM Management Console',
};

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Waits the account's `slowMs` fault before answering a console page or API call. */

function shellHtml(title: string, xsrfToken: string, markup: MarkupVariation): string {
  const token = escapeHtml(xsrfToken);
  const head = `<meta name="xsrf-token" id="xsrf-token" content="${token}" data-token="${token}">`;
  const body = `<div id="app"></div>
<script type="module" src="/static/console.js"></script>`;
  // The shell's own ids are looked up by its scripts (main.tsx mounts on #app): markup variations keep them.
  const shellIds = [...`${head}${body}`.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}
<link rel="stylesheet" href="/static/console.css">
${appMarkupScript(markup, shellIds)}</head>
<body>
${body}
</body>
</html>`;
}

/** GET /console/home and /iam/home: the shell with a session, else sign-in (the browser keeps the #hash). */
export async function consoleShell(ctx: Ctx): Promise<void> {
  const current = sessionOf(ctx);
  if (!current) {
    return redirect(ctx.res, `/signin?redirect_uri=${encodeURIComponent(ctx.url.pathname + ctx.url.search)}`);
  }
  if (ctx.url.pathname === '/iam/home' && plainHtmlOn(ctx.store, current.account)) return plainSecurityCredentials(ctx);
  await slowDown(current.account);
  // The app's markup variations are applied in the browser (markup/app.ts), not to the shell's HTML.
  setHtmlHook(ctx.res, null);
  sendHtml(
    ctx.res,
    200,
    shellHtml(TITLES[ctx.url.pathname] ?? 'AWS Management Console', current.session.xsrfToken, ctx.store.look.markupFor(current.account)),
  );
}

/** GET /: the console's front door. */
export function frontDoor(ctx: Ctx): void {
  redirect(ctx.res, '/console/home');
}

/** GET /static/*: files of replica/dist, cached for an hour. */
export async function staticFile(ctx: Ctx): Promise<void> {
  const rel = ctx.params['*'] ?? '';
  const file = path.resolve(DIST_DIR, rel);
  if (!file.startsWith(DIST_DIR) || rel === '') return notFound(ctx, rel);
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') return notFound(ctx, rel);
    throw err;
  }
  ctx.res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': 'public, max-age=3600',
    'content-length': body.length,
  });
  ctx.res.end(body);
}

function notFound(ctx: Ctx, rel: string): void {
  ctx.res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  ctx.res.end(`No built file static/${rel} in replica/dist (run npm run build:replica).`);
}
