import type { Locator, Page } from '@playwright/test';
import type { Secret, SecretStore } from '../../lib/secrets/secrets.ts';
import { choose as chooseChecked, contentScope, fillChecked, fillSecretChecked } from './controls.ts';
import { Notices } from './notices.ts';

/**
 * Locators for what a page MEANS, not how one console writes it (issue 11): accessible names
 * compared after whitespace is normalised, a control that is a button or a link, notifications in
 * any role, the main landmark when there is one. Used by the Identity Center and access portal page
 * objects, on top of the shared controls and notices (controls.ts, notices.ts): what this file adds is
 * the name normalisation (`loose`) and the bounds.
 */

/** How long a page may take to show one of the states a page object knows (then it is an unknown page). */
export const STATE_TIMEOUT_MS = 10_000;
/** How long the console may take to answer a submit (then the caller reads the state before deciding). */
export const ANSWER_TIMEOUT_MS = 30_000;
/** How long one click or fill may wait for its element (run mode has no action timeout of its own). */
export const ACTION_TIMEOUT_MS = 10_000;

/**
 * The same name pattern, tolerant of how a page writes the words: any run of white space (spaces,
 * line breaks, non-breaking spaces) where the pattern has a space, white space before `^`-anchored
 * and after `$`-anchored text, and any letter case (console-facts §7 lists case variants).
 * Patterns must be written with plain spaces; character classes are left as they are.
 */
export function loose(pattern: RegExp): RegExp {
  const src = pattern.source;
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      out += c + (src[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      continue;
    }
    if (c === ' ') {
      out += /[?*+{]/.test(src[i + 1] ?? '') ? '\\s' : '\\s+';
      continue;
    }
    if (c === '^') {
      out += '^\\s*';
      continue;
    }
    if (c === '$') {
      out += '\\s*$';
      continue;
    }
    out += c;
  }
  return new RegExp(out, [...new Set(`${pattern.flags.replace(/[gy]/g, '')}i`)].join(''));
}

/** Text on one line: white space (non-breaking too) collapsed, trimmed. */
export const oneLine = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

/** The page's main landmark when it has one, else the whole body (a page written without landmarks). */
export function contentOf(page: Page): Locator {
  return contentScope(page);
}

/**
 * A control by name, after whitespace and case are normalised: a button, or a link styled as one
 * (consoles write either). Disabled ones do not count: a breadcrumb naming the current page is a
 * disabled link of the same name as the page's submit ("Create group").
 */
export function control(scope: Page | Locator, name: RegExp): Locator {
  const n = loose(name);
  return scope
    .getByRole('button', { name: n, disabled: false })
    .or(scope.getByRole('link', { name: n, disabled: false }))
    .first();
}

/**
 * A form's submit or footer control by name: the last button or link of that name in `scope` (a
 * footer comes after the breadcrumbs, which may name the same page, e.g. "Add user").
 */
export function footerControl(scope: Page | Locator, name: RegExp): Locator {
  const n = loose(name);
  return scope
    .getByRole('button', { name: n, disabled: false })
    .or(scope.getByRole('link', { name: n, disabled: false }))
    .last();
}

/** A form field by its label: a textbox, or (password fields have no role) the labelled input. */
export function field(scope: Page | Locator, label: RegExp): Locator {
  const n = loose(label);
  return scope.getByRole('textbox', { name: n }).or(scope.getByLabel(n)).first();
}

/** A heading by name (any level: a console may demote or promote one). */
export function heading(scope: Page | Locator, name: RegExp, level?: number): Locator {
  return scope.getByRole('heading', { name: loose(name), ...(level ? { level } : {}) }).first();
}

/**
 * A notification or error whose text matches `text`, in any of the roles consoles use: alert,
 * status, group (Cloudscape flashes), or a plain aria-live region (pages/components/notices.ts).
 */
export function notice(scope: Page | Locator, text: RegExp): Locator {
  return new Notices(scope).message(loose(text));
}

/** Chooses a radio (or a row's checkbox) and confirms it is checked afterwards (another may have been pre-selected, or none). */
export async function choose(radio: Locator, what: string): Promise<void> {
  await chooseChecked(radio, what, ACTION_TIMEOUT_MS);
}

/** Types a (non-secret) value and confirms the field holds it afterwards. */
export async function type(input: Locator, value: string, what: string): Promise<void> {
  await fillChecked(input, value, what, ACTION_TIMEOUT_MS);
}

/** Clicks a control within the action bound. */
export async function press(target: Locator): Promise<void> {
  await target.click({ timeout: ACTION_TIMEOUT_MS });
}

/**
 * Types a secret through the secret bridge and confirms the field holds it afterwards, compared in
 * the page (SecretStore.fill), so the value never enters Node's side of the trace or an error.
 */
export async function typeSecret(secrets: SecretStore, input: Locator, secret: Secret, what: string): Promise<void> {
  await fillSecretChecked(secrets, input, secret, what, ACTION_TIMEOUT_MS);
}
