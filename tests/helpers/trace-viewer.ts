import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.webmanifest': 'application/manifest+json',
  '.zip': 'application/zip',
};

/**
 * Serves the trace viewer web app that `npx playwright show-trace` serves (the same files from the
 * pinned playwright-core, the same `/trace/…` and `/trace/file?path=…` routes), without opening a
 * browser tab, so a headless test can load a trace in it. Returns the URL that opens `traceFile`.
 */
export async function serveTraceViewer(traceFile: string): Promise<{ url: string; close: () => Promise<void> }> {
  const require = createRequire(import.meta.url);
  const root = path.join(path.dirname(require.resolve('playwright-core/package.json')), 'lib', 'vite', 'traceViewer');
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const rel = url.pathname.replace(/^\/trace\//, '');
    const file = rel === 'file' ? (url.searchParams.get('path') ?? '') : path.join(root, ...rel.split('/'));
    const allowed = rel === 'file' ? path.resolve(file) === path.resolve(traceFile) : file.startsWith(root);
    if (!allowed || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const trace = `file?path=${encodeURIComponent(path.resolve(traceFile))}`;
  return {
    url: `http://127.0.0.1:${port}/trace/index.html?trace=${encodeURIComponent(trace)}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
