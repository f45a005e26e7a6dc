import type { Locator, Page } from '@playwright/test';
import { expectShape } from '../../lib/drift.ts';
import { step, type PageOptions } from '../components/component.ts';

/**
 * The access portal home words (console-facts.md §4.5, §7): the "AWS accounts" / "Accounts" list,
 * each account with its roles (permission set names) and "Management console" / "Access keys"; the
 * user menu with "MFA devices" and "Sign out".
 */
export const PORTAL_HOME = {
  heading: /^AWS access portal$/i,
  accounts: /^(AWS accounts?|Accounts)$/i,
  roles: /^Roles in /i,
  // Words of a role row that are not the role's name.
  roleLinks: /\b(Management console|Access keys)\b|\|/gi,
  signOut: /^Sign out$/i,
  mfaDevices: /^MFA devices$/i,
} as const;

/** One account the portal lists, and the permission sets (roles) the user may use in it. */
export interface PortalAccountView {
  /** The 12-digit id shown with the account, when shown. */
  accountId?: string;
  permissionSets: string[];
}

/** The portal home after sign-in: the accounts and permission sets of the signed-in user. */
export class PortalHomePage {
  constructor(readonly page: Page, private readonly options: PageOptions = {}) {}

  heading(): Locator { return this.page.getByRole('heading', { level: 1, name: PORTAL_HOME.heading }); }
  accountsList(): Locator { return this.page.getByRole('list', { name: PORTAL_HOME.accounts }); }
  /** The accounts: items of the accounts list that hold a list of roles. */
  accountItems(): Locator { return this.accountsList().getByRole('listitem').filter({ has: this.page.getByRole('list', { name: PORTAL_HOME.roles }) }); }
  signOutControl(): Locator {
    return this.page.getByRole('link', { name: PORTAL_HOME.signOut }).or(this.page.getByRole('button', { name: PORTAL_HOME.signOut })).first();
  }

  /** Waits for the home; in check mode it first checks its recorded shape. */
  async waitUntilShown(): Promise<void> {
    await step('Wait for the AWS access portal home', async () => {
      if (this.options.checkShapes) {
        await step('Check the shape of the AWS access portal home', () => expectShape('PortalHomePage', this.page.getByRole('main'), 'portal-home'));
      }
      await this.heading().waitFor();
    });
  }

  /** The accounts listed and, for each, the permission sets: what the signed-in user can reach. */
  async listAccounts(): Promise<PortalAccountView[]> {
    return step('Read the accounts and permission sets listed', async () => {
      await this.heading().waitFor();
      const out: PortalAccountView[] = [];
      for (const item of await this.accountItems().all()) {
        const rows = await item.getByRole('list', { name: PORTAL_HOME.roles }).getByRole('listitem').allTextContents();
        const accountId = /\b\d{12}\b/.exec((await item.textContent()) ?? '')?.[0];
        out.push({ ...(accountId ? { accountId } : {}), permissionSets: rows.map((r) => r.replace(PORTAL_HOME.roleLinks, '').replace(/\s+/g, ' ').trim()).filter(Boolean) });
      }
      return out;
    });
  }

  /** Signs out; afterwards the portal's sign-in page shows. */
  async signOut(): Promise<void> {
    await step('Sign out of the AWS access portal', async () => {
      await this.signOutControl().click();
      await this.page.getByRole('textbox', { name: /^Username$/i }).waitFor();
    });
  }
}
