import type { Locator, Page } from '@playwright/test';
import { Component } from './component.ts';
import { Notices } from './notices.ts';

/**
 * The console's notifications. Cloudscape flash items and alerts are `role=group`; other consoles use
 * `role=alert`, `role=status` or a plain live region: all count (pages/components/notices.ts).
 */
export class Flashbar extends Component {
  constructor(page: Page) {
    super(page.locator('body'));
  }

  /** Every way the page may show a notification. */
  notices(): Notices {
    return new Notices(this.root);
  }

  /** A notification (flash item, alert, status or live region) whose text matches `pattern`. */
  message(pattern: RegExp): Locator {
    return this.notices().message(pattern);
  }
}
