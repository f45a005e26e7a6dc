import { test, type Locator, type Page } from '@playwright/test';
import escapeStringRegexp from 'escape-string-regexp';

/** Runs `body` as a boxed step named after the operator's intent, so reports and traces read like the runbook. */
export function step<T>(title: string, body: () => Promise<T>): Promise<T> {
  return test.step(title, body, { box: true });
}

/** How a runbook uses its page objects. */
export interface PageOptions {
  /**
   * Check mode: on reaching a page or wizard step, first compare it with its recorded shape
   * (lib/drift/drift.ts `expectShape`), so a changed page fails with its difference, not a timeout.
   */
  checkShapes?: boolean;
  /**
   * Check mode: how long a page, or a part the page object relies on, may take to show its recorded
   * shape before it counts as changed (SHAPE_TIMEOUT_SECONDS); default 15 s.
   */
  shapeTimeoutMs?: number;
}

/** Base of every reused widget: a root locator to scope by. */
export abstract class Component {
  constructor(readonly root: Locator) {}
  get page(): Page {
    return this.root.page();
  }
}

/** Escapes text for use inside a RegExp. */
export const literal = (text: string): string => escapeStringRegexp(text);
