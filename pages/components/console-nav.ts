import type { Locator, Page } from '@playwright/test';
import { step } from './component.ts';
import { control, WAIT_BOUND_MS } from './controls.ts';

/** The console's top navigation words (console-facts.md §1.4, §7). */
export const CONSOLE_NAV = {
  signOut: /^Sign out$/i,
  securityCredentials: /^(My )?Security [Cc]redentials$/,
} as const;

/** The console's top navigation: the account menu with Security credentials and Sign out. */
export class ConsoleNav {
  constructor(readonly page: Page) {}

  /** The account menu button: the one in the banner that opens a menu holding "Sign out". */
  accountMenu(): Locator {
    return this.page.getByRole('banner').getByRole('button', { expanded: false }).last();
  }
  signOutItem(): Locator {
    // A menu item of the account menu, or a plain button or link on a console without menus.
    return this.page.getByRole('menuitem', { name: CONSOLE_NAV.signOut }).or(control(this.page, CONSOLE_NAV.signOut)).first();
  }

  /** Signs out; afterwards the browser is on the sign-in page (or the console's signed-out page). */
  async signOut(): Promise<void> {
    await step('Sign out', async () => {
      if (!(await this.signOutItem().isVisible())) await this.accountMenu().click({ timeout: WAIT_BOUND_MS });
      await this.signOutItem().click({ timeout: WAIT_BOUND_MS });
      await this.page.waitForURL((url) => /\/(signin|oauth|signout)\b/.test(url.pathname) || url.hostname.startsWith('signin'), {
        timeout: WAIT_BOUND_MS,
      });
    });
  }
}
