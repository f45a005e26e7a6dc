import type { Locator, Page } from '@playwright/test';
import { waitForKnownState } from '../../lib/drift/known-state.ts';
import { step, type PageOptions } from '../components/component.ts';
import { contentOf, control, field, heading, loose, oneLine, press } from '../components/meaning.ts';
import { ConsolePage } from '../components/console-page.ts';

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
  roleLinks: /\b(Management\s+console|Access\s+keys)\b|\|/gi,
  // The home without accounts (the replica's words; the real portal's are not public, §8).
  noAccounts: /(do not|don't) have access to any|no (AWS )?accounts/i,
  signOut: /^Sign out$/i,
  mfaDevices: /^MFA devices$/i,
  username: /^Username$/i,
} as const;

/** One account the portal lists, and the permission sets (roles) the user may use in it. */
export interface PortalAccountView {
  /** The 12-digit id shown with the account, when shown. */
  accountId?: string;
  permissionSets: string[];
}

/** The portal home after sign-in: the accounts and permission sets of the signed-in user. */
export class PortalHomePage extends ConsolePage {
  constructor(page: Page, options: PageOptions = {}) {
    super(page, options);
  }

  heading(): Locator {
    return heading(this.page, PORTAL_HOME.heading);
  }
  accountsList(): Locator {
    return this.page.getByRole('list', { name: loose(PORTAL_HOME.accounts) });
  }
  rolesList(scope: Locator | Page = this.page): Locator {
    return scope.getByRole('list', { name: loose(PORTAL_HOME.roles) });
  }
  /** The accounts: items of the accounts list that hold a list of roles. */
  accountItems(): Locator {
    return this.accountsList().getByRole('listitem').filter({ has: this.rolesList() });
  }
  /** The home's words for a user with no account. */
  noAccounts(): Locator {
    return contentOf(this.page).getByText(PORTAL_HOME.noAccounts).first();
  }
  signOutControl(): Locator {
    return control(this.page, PORTAL_HOME.signOut);
  }

  /** Waits for the home; in check mode it first checks its recorded shape. */
  async waitUntilShown(): Promise<void> {
    await step('Wait for the AWS access portal home', async () => {
      if (this.checking) {
        await this.checkShapeStep(
          'Check the shape of the AWS access portal home',
          'PortalHomePage',
          'portal-home',
          this.page.getByRole('main'),
        );
      }
      await waitForKnownState(
        this.page,
        { pageObject: 'PortalHomePage', step: 'Wait for the AWS access portal home' },
        { home: this.heading() },
      );
    });
  }

  /** The accounts listed and, for each, the permission sets: what the signed-in user can reach. */
  async listAccounts(): Promise<PortalAccountView[]> {
    return step('Read the accounts and permission sets listed', async () => {
      // The list may arrive after the heading (a late answer): wait for it, or for the words that say there is none.
      await waitForKnownState(
        this.page,
        { pageObject: 'PortalHomePage', step: 'Read the accounts listed' },
        { accounts: this.accountItems(), none: this.noAccounts() },
      );
      const out: PortalAccountView[] = [];
      for (const item of await this.accountItems().all()) {
        const rows = await this.rolesList(item).getByRole('listitem').allTextContents();
        const accountId = /\b\d{12}\b/.exec((await item.textContent()) ?? '')?.[0];
        out.push({
          ...(accountId ? { accountId } : {}),
          permissionSets: rows.map((r) => oneLine(r.replace(PORTAL_HOME.roleLinks, ''))).filter(Boolean),
        });
      }
      return out;
    });
  }

  /** Signs out; afterwards the portal's sign-in page shows. */
  async signOut(): Promise<void> {
    await step('Sign out of the AWS access portal', async () => {
      await press(this.signOutControl());
      await waitForKnownState(
        this.page,
        { pageObject: 'PortalHomePage', step: 'Sign out of the AWS access portal' },
        { 'sign-in': field(this.page, PORTAL_HOME.username) },
      );
    });
  }
}
