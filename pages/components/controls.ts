import { errors, type Locator, type Page } from '@playwright/test';
import type { Secret, SecretStore } from '../../lib/secrets/secrets.ts';

/**
 * Bound of one wait inside a page object when nothing else bounds it (run mode may have no action
 * timeout): a locator that finds nothing fails with its name instead of hanging until the test timeout.
 */
export const WAIT_BOUND_MS = 30_000;

/**
 * Where a page's content is: its main landmark when it has one, else the whole body (a console written
 * without a <main> still has the same content). One locator, so it can be waited on and scoped by.
 */
export function contentScope(page: Page): Locator {
  // 'body' is the one element every page has; it stands in only when no element has the main role (a <main> given another role does not count).
  return page
    .getByRole('main')
    .or(page.locator('body').filter({ hasNot: page.getByRole('main') }))
    .first();
}

/**
 * A control named `name`: a button or a link (consoles style links as buttons and buttons as links).
 * First in page order when both show.
 */
export function control(scope: Page | Locator, name: RegExp | string, opts: { exact?: boolean } = {}): Locator {
  return scope
    .getByRole('button', { name, ...opts })
    .or(scope.getByRole('link', { name, ...opts }))
    .first();
}

/** Text of an element on one line (whitespace, non-breaking spaces and line breaks collapsed). */
export async function oneLine(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
}

/**
 * Chooses a radio and checks that it is chosen: when a click on the input does not take (a styled input
 * hidden behind its label), its label is clicked, as a person would; still unchosen, this fails naming `what`.
 */
export async function choose(radio: Locator, what: string, timeout = WAIT_BOUND_MS): Promise<void> {
  let refused: Error | undefined;
  try {
    // check() waits for the radio, does nothing when it is already chosen, and fails unless it is chosen after the click.
    await radio.check({ timeout });
    return;
  } catch (err) {
    // A timeout means the radio could not be acted on at all: that is the error to report.
    if (err instanceof errors.TimeoutError) throw err;
    refused = err as Error;
  }
  if (await radio.isChecked()) return;
  // The input's own label: a wrapping <label> or one with for=; clicking it is what a person does.
  await radio.evaluate((el) => {
    (el as HTMLInputElement).labels?.[0]?.click();
  });
  if (await radio.isChecked()) return;
  throw new Error(
    `Could not choose ${what}: the option stayed unselected after a click on it and on its label${refused ? ` (${refused.message.split('\n')[0]})` : ''}`,
  );
}

/** Types `value` (not a secret) and checks the field holds it; a field that changed it fails naming `what`. */
export async function fillChecked(field: Locator, value: string, what: string, timeout = WAIT_BOUND_MS): Promise<void> {
  await field.fill(value, { timeout });
  if ((await field.inputValue()) === value) return;
  // Some fields reformat or drop a value set at once: type it key by key, as a person does.
  await field.fill('', { timeout });
  await field.pressSequentially(value, { timeout });
  const held = await field.inputValue();
  if (held !== value) throw new Error(`Typed ${what} but the field holds ${held ? 'something else' : 'nothing'}`);
}

/**
 * Types a secret and checks, in the page, that the field holds it once the page has handled the typing
 * (lib/secrets/secrets.ts: the value never reaches Node's side of the trace); typed again once if the
 * page dropped it. One browser call when the field is on screen: each call is a pair of DOM snapshots in
 * the evidence. A field not on screen (or several) is waited for, within `timeout`, with Playwright's
 * own wait, which names a locator that finds several.
 */
export async function fillSecretChecked(
  secrets: SecretStore,
  field: Locator,
  secret: Secret,
  what: string,
  timeout = WAIT_BOUND_MS,
): Promise<void> {
  // Typed at once when the field is there (the usual case: one call); waited for only when it is not yet.
  let typed = await secrets.fill(field, secret);
  if (typed === 'not-one') {
    await field.waitFor({ timeout });
    typed = await secrets.fill(field, secret);
  }
  if (typed === 'dropped') typed = await secrets.fill(field, secret);
  if (typed === 'held') return;
  throw new Error(
    typed === 'not-one'
      ? `Could not type ${what}: the field went from the screen before it could be typed into`
      : `Typed ${what} but the field does not hold it (the page changed or dropped the value)`,
  );
}
