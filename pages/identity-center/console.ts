import type { Locator, Page } from '@playwright/test';
import { expectShape } from '../../lib/drift.ts';
import { step, type PageOptions } from '../components/component.ts';
import { Flashbar } from '../components/flashbar.ts';

/** The IAM Identity Center console's shared words, with every variant in console-facts.md §3 and §7. */
export const IDC_CONSOLE = {
  // "AWS Single Sign-On" / "AWS SSO" → "AWS IAM Identity Center (successor to AWS Single Sign-On)" → "IAM Identity Center".
  productName: /^(IAM Identity Center|AWS IAM Identity Center( \(successor to AWS Single Sign-On\))?|AWS Single Sign-On|AWS SSO)$/,
  dashboard: /^Dashboard$/,
  users: /^Users$/,
  groups: /^Groups$/,
  permissionSets: /^Permission sets$/,
  awsAccounts: /^AWS accounts$/,
  multiAccount: /^Multi-account permissions$/,
  // Error flashes; success flashes are matched by each page on their own words.
  errorFlash: /error|could not|cannot|failed|try again|not authorized|denied|expired/i,
} as const;

/**
 * The console address of an Identity Center page in `region`: `/singlesignon/home?region=<r>#/<route>`
 * (console-facts §3.1; the console also accepts `#!/` and `#/instances/<id>/…`).
 */
export function identityCenterUrl(consoleUrl: string, region: string, route = 'dashboard'): string {
  return `${consoleUrl}/singlesignon/home?region=${encodeURIComponent(region)}#/${route}`;
}

/** What every Identity Center page shares: the navigation pane, the notifications, shape checks. */
export abstract class IdentityCenterPage {
  constructor(readonly page: Page, protected readonly options: PageOptions = {}) {}

  /** The navigation pane: the unnamed navigation that links to the Dashboard (the breadcrumbs are named). */
  navigation(): Locator {
    return this.page.getByRole('navigation').filter({ has: this.page.getByRole('link', { name: IDC_CONSOLE.dashboard }) }).first();
  }
  navLink(name: RegExp): Locator { return this.navigation().getByRole('link', { name }); }
  flash(pattern: RegExp): Locator { return new Flashbar(this.page).message(pattern); }
  errorFlash(): Locator { return this.flash(IDC_CONSOLE.errorFlash); }

  /** Goes to a section through the navigation pane, opening "Multi-account permissions" when it is folded. */
  protected async goTo(name: RegExp): Promise<void> {
    const link = this.navLink(name);
    if (!(await link.isVisible())) {
      const section = this.navigation().getByRole('button', { name: IDC_CONSOLE.multiAccount });
      if ((await section.isVisible()) && (await section.getAttribute('aria-expanded')) === 'false') await section.click();
    }
    await link.click();
  }

  /** Check mode: the page (in `scope`, the main area by default) still has its recorded shape. */
  protected async checkShapeOf(pageObject: string, snapshot: string, scope: Locator = this.page.getByRole('main')): Promise<void> {
    await step(`Check the shape of ${snapshot.replace(/^identity-center-/, '').replace(/-/g, ' ')}`, () => expectShape(pageObject, scope, snapshot));
  }
}
