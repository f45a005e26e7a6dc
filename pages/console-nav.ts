import type { Locator, Page } from '@playwright/test';
import { step } from './components/component.ts';

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
    return this.page.getByRole('menuitem', { name: CONSOLE_NAV.signOut }).or(this.page.getByRole('link', { name: CONSOLE_NAV.signOut })).first();
  }

  /** Signs out; afterwards the browser is on the sign-in page (or the console's signed-out page). */
  async signOut(): Promise<void> {
    await step('Sign out', async () => {
      if (!(await this.signOutItem().isVisible())) await this.accountMenu().click();
      await this.signOutItem().click();
      await this.page.waitForURL((url) => /\/(signin|oauth|signout)\b/.test(url.pathname) || url.hostname.startsWith('signin'));
    });
  }
}
