import { randomBytes } from 'node:crypto';
import { AwsError, sendHtml, setHtmlHook } from '../core/http.ts';
import type { Ctx } from '../context.ts';
import type { Account } from '../iam/model.ts';
import type { ReplicaStore } from '../store.ts';
import { hasTransform } from './names.ts';
import { lateDelayMs } from './random.ts';

/**
 * `late-content`: what arrives 0.2–3 s late (seeded). A server page's main content is kept here
 * and fetched by the page's script (`GET /__replica/late/:token`, answered after the delay); the
 * console's JSON API answers after such a delay (http.ts `consoleApiSession`).
 */

interface Kept {
  html: string;
  delayMs: number;
  expires: number;
}
const KEEP_MS = 10 * 60_000;
const MAX_KEPT = 500;
const kept = new WeakMap<object, Map<string, Kept>>();
const counters = new WeakMap<object, number>();

/** The n-th delay of this store (each page, each API answer), fixed by the seed. */
function nextDelay(key: object, seed: number, what: string): number {
  const n = (counters.get(key) ?? 0) + 1;
  counters.set(key, n);
  return lateDelayMs(seed, `${what}:${n}`);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps a page's main content for its late fetch; answers the token the page fetches it with. */
export function keepLate(key: object, html: string, seed: number): string {
  let map = kept.get(key);
  if (!map) kept.set(key, (map = new Map()));
  const now = Date.now();
  for (const [token, k] of map) if (k.expires < now || map.size >= MAX_KEPT) map.delete(token);
  const token = randomBytes(12).toString('base64url');
  map.set(token, { html, delayMs: nextDelay(key, seed, 'page'), expires: now + KEEP_MS });
  return token;
}

/** GET /__replica/late/:token: the main content a late-content page fetches, after its delay. Once only. */
export async function getLate(ctx: Ctx): Promise<void> {
  const map = kept.get(ctx.store);
  const token = ctx.params.token ?? '';
  const entry = map?.get(token);
  if (!entry) throw new AwsError(404, 'NotFound', 'No late content with that token (it is fetched once, within 10 minutes).');
  map!.delete(token);
  await sleep(entry.delayMs);
  setHtmlHook(ctx.res, null); // already written in the page's markup
  sendHtml(ctx.res, 200, entry.html);
}

/** Waits a seeded 0.2–3 s before a console JSON answer when the account's markup has `late-content`. */
export async function lateApiDelay(store: ReplicaStore, account: Account): Promise<void> {
  const markup = store.look.markupFor(account);
  if (!hasTransform(markup, 'late-content')) return;
  await sleep(nextDelay(store, markup.seed ?? 1, 'api'));
}
