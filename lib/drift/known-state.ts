import { errors, type Locator, type Page } from '@playwright/test';
import { unknownPage, UNKNOWN_PAGE_TIMEOUT_MS } from './drift.ts';

/**
 * Waiting for one of the states a page object knows (a page, its dialog, a list or its empty state),
 * with an unknown page's drift report when none shows (lib/drift/drift.ts `unknownPage`).
 */

/**
 * Waits until one of `states` is visible (all waited for at once; a locator the caller scoped to a
 * frame is waited for in that frame) and returns its key; when several show, the first in `order`
 * (default: the keys' order). When none shows within `timeoutMs` (default UNKNOWN_PAGE_TIMEOUT_MS),
 * throws the drift report of an unknown page (`unknownPage`). A closed page or browser throws its own error.
 *
 * The states are waited for as one locator (`or`): one browser call, so one pair of DOM snapshots in the
 * evidence trace instead of one per state; when a state is inside a frame (which `or` does not take) they
 * are waited for side by side.
 */
export async function waitForKnownState<K extends string>(
  page: Page,
  where_: { pageObject: string; step: string },
  states: Record<K, Locator>,
  opts: { timeoutMs?: number; order?: K[]; which?: false } = {},
): Promise<K> {
  const timeoutMs = opts.timeoutMs ?? UNKNOWN_PAGE_TIMEOUT_MS;
  const keys = [...new Set([...(opts.order ?? []), ...(Object.keys(states) as K[])])];
  const shown = (k: K) => states[k].filter({ visible: true }).first();
  const deadline = Date.now() + timeoutMs;
  let any: Locator | undefined = keys
    .map(shown)
    .reduce((a, b) => a.or(b))
    .first();
  for (;;) {
    let first: K | undefined;
    try {
      // Waited for as one locator, which state showed is read below; waited for one by one, the first is known.
      if (any) await any.waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) });
      else first = await waitForEach(keys, shown, deadline);
    } catch (err) {
      // A state inside a frame (frameLocator) cannot be part of an `or`: those are waited for one by one.
      if (any && err instanceof Error && COMPOSITE_WITH_FRAME.test(err.message)) {
        any = undefined;
        continue;
      }
      const reasons = err instanceof AggregateError ? err.errors : [err];
      const other = reasons.find((e) => !(e instanceof errors.TimeoutError));
      if (other) throw other;
      return unknownPage(
        page,
        where_,
        keys.map((k) => states[k]),
        { waitedMs: timeoutMs, cause: reasons[0] },
      );
    }
    if (keys.length === 1 || opts.which === false) return keys[0]!;
    // One showed: the first of `order` that shows now wins (two states can be on screen together).
    // Waited for as one, the last is not asked: none before it shows, so it is the one that did (one call less).
    for (const [i, k] of keys.entries()) {
      if (i === keys.length - 1 && first === undefined) return k;
      if (
        await shown(k)
          .isVisible()
          .catch(() => false)
      )
        return k;
    }
    // Waited for one by one, the first that showed wins (it is gone again: the caller's next wait tells).
    return first!;
  }
}

/**
 * Waits until one of `states` is visible, as `waitForKnownState` does (an unknown page when none shows),
 * without asking which: for a caller that reads the page the same way whichever showed (a list or its
 * empty state). No browser call after the wait.
 */
export async function waitForAnyKnownState(
  page: Page,
  where_: { pageObject: string; step: string },
  states: Record<string, Locator>,
  opts: { timeoutMs?: number } = {},
): Promise<void> {
  await waitForKnownState(page, where_, states, { ...opts, which: false });
}

/** Playwright's refusal of a frame locator inside `or` (it is told only when the locator is used). */
const COMPOSITE_WITH_FRAME = /not allowed inside composite locators/i;

/** Waits for every state at once, each in its own frame (some states are inside an iframe); the key of the first that shows. */
async function waitForEach<K extends string>(keys: K[], shown: (k: K) => Locator, deadline: number): Promise<K> {
  const abort = new AbortController();
  try {
    return await Promise.any(
      keys.map(async (k) => {
        await shown(k).waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()), signal: abort.signal });
        return k;
      }),
    );
  } finally {
    abort.abort();
  }
}
