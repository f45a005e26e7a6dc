import { expect, type Locator, type Page } from '@playwright/test';
import { ANSWER_TIMEOUT_MS, control, notice, oneLine, press, STATE_TIMEOUT_MS } from '../components/meaning.ts';
import { ConsolePage } from '../components/console-page.ts';

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

/** A mutating submit got no answer the page object knows within its bound: the caller reads the state before deciding. */
export class UnclearOutcomeError extends Error {
  override name = 'UnclearOutcomeError';
  constructor(
    what: string,
    readonly seen: string,
  ) {
    super(`${what}: within ${ANSWER_TIMEOUT_MS / 1000} s the console showed neither the result nor an error (it showed ${seen})`);
  }
}

/** What the page shows, in a few words, for an unclear outcome: its notices and its main heading. */
export async function seenOn(page: Page): Promise<string> {
  const h1 = page.getByRole('heading', { level: 1 }).first();
  const parts = [(await h1.isVisible()) ? `the page "${oneLine(await h1.textContent())}"` : `a page at ${new URL(page.url()).pathname}`];
  const notices = notice(page, /\S/);
  if (await notices.isVisible()) parts.push(`the notice "${oneLine(await notices.textContent()).slice(0, 200)}"`);
  return parts.join(' and ');
}

/**
 * Clicks a mutating submit and reads its outcome from the page: `done` (the new row, the next page)
 * shows, or `refusal` does (throws with the console's words), or neither within the bound:
 * UnclearOutcomeError, so the runbook reads the state (list or APIs) before calling it failed.
 */
export async function submitAndRead(
  submit: Locator,
  done: Locator,
  refusal: Locator,
  what: string,
  timeoutMs = ANSWER_TIMEOUT_MS,
): Promise<void> {
  await press(submit);
  let outcome: 'done' | 'refused' | undefined;
  try {
    await expect
      .poll(
        async () => {
          if (await done.first().isVisible()) outcome = 'done';
          else if (await refusal.first().isVisible()) outcome = 'refused';
          return outcome;
        },
        { timeout: timeoutMs, intervals: [50, 100, 250, 500] },
      )
      .toBeDefined();
  } catch (err) {
    if (outcome === undefined) throw new UnclearOutcomeError(what, await seenOn(submit.page()));
    throw err;
  }
  if (outcome === 'refused') throw new Error(`${what}: the console said "${await saidBy(refusal.first())}"`);
}

/** The words of a refusal: a notice's text, or for a refused field the messages its aria-describedby points at. */
export async function saidBy(refusal: Locator): Promise<string> {
  const said = await refusal.evaluate(
    (el) => {
      const described = (el.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
      return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? described : (el.textContent ?? '');
    },
    undefined,
    { timeout: STATE_TIMEOUT_MS },
  );
  return oneLine(said) || 'no message';
}

/** What every Identity Center page shares: the navigation pane, the notifications, shape checks. */
export abstract class IdentityCenterPage extends ConsolePage {
  /** The navigation pane: the unnamed navigation that links to the Dashboard (the breadcrumbs are named). */
  navigation(): Locator {
    return this.page
      .getByRole('navigation')
      .filter({ has: control(this.page, IDC_CONSOLE.dashboard) })
      .first();
  }
  navLink(name: RegExp): Locator {
    return control(this.navigation(), name);
  }
  flash(pattern: RegExp): Locator {
    return notice(this.page, pattern);
  }
  errorFlash(): Locator {
    return this.flash(IDC_CONSOLE.errorFlash);
  }
  /** A refusal on this page: an error notice in any role, or a Cloudscape alert told apart by its "Error" icon. */
  refusal(): Locator {
    return this.errorFlash()
      .or(
        this.content()
          .getByRole('group')
          .filter({ has: this.page.getByRole('img', { name: /^Error$/i }) }),
      )
      .first();
  }

  /** Goes to a section through the navigation pane, opening "Multi-account permissions" when it is folded. */
  protected async goTo(name: RegExp): Promise<void> {
    const link = this.navLink(name);
    await this.navigation().waitFor({ timeout: STATE_TIMEOUT_MS });
    if (!(await link.isVisible())) {
      const section = control(this.navigation(), IDC_CONSOLE.multiAccount);
      if ((await section.isVisible()) && (await section.getAttribute('aria-expanded')) === 'false') await press(section);
    }
    await press(link);
  }

  /** Check mode: the page (in `scope`, the main area by default) still has its recorded shape. */
  protected async checkShapeOf(pageObject: string, snapshot: string, scope: Locator = this.page.getByRole('main')): Promise<void> {
    await this.checkShapeStep(
      `Check the shape of ${snapshot.replace(/^identity-center-/, '').replace(/-/g, ' ')}`,
      pageObject,
      snapshot,
      scope,
    );
  }
}
