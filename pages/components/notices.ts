import type { Locator, Page } from '@playwright/test';
import { oneLine } from './controls.ts';

/**
 * Notifications, however a console writes them: `role=alert`, `role=status`, a Cloudscape flash or
 * alert (`role=group` with a status icon), or a live region with no role (`aria-live`). Read by
 * meaning, never by one role: the role a notification has is a detail of how the page was written.
 */
export class Notices {
  readonly root: Locator;
  constructor(scope: Page | Locator) {
    this.root = 'goto' in scope ? scope.locator('body') : scope;
  }
  get page(): Page {
    return this.root.page();
  }

  /** Every notification element: alerts, status messages, flash groups and live regions. */
  all(): Locator {
    const icon = this.page.getByRole('img', { name: /^(Error|Success|Warning|Info|Information)$/i });
    return (
      this.root
        .getByRole('alert')
        .or(this.root.getByRole('status'))
        .or(this.root.getByRole('group').filter({ has: icon }))
        // A live region with no role: no role query finds it (aria-live="off" is not announced, so not a notice).
        .or(this.root.locator('[aria-live]:not([aria-live="off"])'))
    );
  }

  /** Notifications that say something (live regions are often present and empty). */
  shown(): Locator {
    return this.all().filter({ hasText: /\S/ }).filter({ visible: true });
  }

  /** A notification whose text matches `pattern`; with `orText`, also that text anywhere in the scope. */
  message(pattern: RegExp, opts: { orText?: boolean } = {}): Locator {
    // Any group here, icon or not (a flash item without an icon label): the pattern tells notices apart.
    const notice = this.all().or(this.root.getByRole('group')).filter({ hasText: pattern }).filter({ visible: true });
    return (opts.orText ? notice.or(this.root.getByText(pattern)) : notice).first();
  }

  /**
   * An error notification: one with an "Error" icon, an alert, or any notice whose text matches
   * `pattern`; never one marked as a warning, information or success by its icon.
   */
  error(pattern: RegExp): Locator {
    const errorIcon = this.page.getByRole('img', { name: /^Error$/i });
    const otherIcon = this.page.getByRole('img', { name: /^(Warning|Info|Information|Success)$/i });
    return this.root
      .getByRole('group')
      .filter({ has: errorIcon })
      .or(this.root.getByRole('alert').filter({ hasText: /\S/ }))
      .or(this.all().filter({ hasText: pattern }))
      .filter({ hasNot: otherIcon })
      .filter({ visible: true })
      .first();
  }

  /**
   * The text of every notification shown, each on one line, without duplicates; a notice inside
   * another (a flash group and the alert in it) counts once, as the inner one.
   */
  async texts(): Promise<string[]> {
    const all: string[] = [];
    for (const notice of await this.shown().all()) {
      const text = await oneLine(notice).catch(() => '');
      if (text && !all.includes(text)) all.push(text);
    }
    return all.filter((t) => !all.some((inner) => inner !== t && t.includes(inner)));
  }

  /** The notices shown that match none of `known`, quoted for an error message ("none" when there are none). */
  async quoteUnknown(known: RegExp[] = []): Promise<string> {
    const unknown = (await this.texts()).filter((t) => !known.some((k) => k.test(t)));
    return unknown.length ? unknown.map((t) => `"${t.length > 200 ? `${t.slice(0, 200)}…` : t}"`).join(', ') : 'none';
  }
}
