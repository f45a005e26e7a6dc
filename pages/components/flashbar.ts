import type { Locator, Page } from '@playwright/test';
import { Component } from './component.ts';

/** The console's notifications: Cloudscape flash items and alerts are `role=group`, not `role=alert`. */
export class Flashbar extends Component {
  constructor(page: Page) { super(page.locator('body')); }

  /** A notification (flash item or alert) whose text matches `pattern`. */
  message(pattern: RegExp): Locator {
    return this.root.getByRole('group').filter({ hasText: pattern }).or(this.root.getByRole('alert').filter({ hasText: pattern })).first();
  }
}
