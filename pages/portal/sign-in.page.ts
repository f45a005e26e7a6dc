import type { Locator, Page } from '@playwright/test';
import { waitForKnownState } from '../../lib/drift/known-state.ts';
import type { Secret, SecretStore } from '../../lib/secrets/secrets.ts';
import { step, type PageOptions } from '../components/component.ts';
import { STATE_TIMEOUT_MS, control, field, notice, oneLine, press, type, typeSecret } from '../components/meaning.ts';
import { PortalHomePage } from './home.page.ts';
import { RegisterMfaDevicePage } from './register-mfa.page.ts';
import { SetPasswordPage } from './set-password.page.ts';
import { ConsolePage } from '../components/console-page.ts';

/** The access portal sign-in words (console-facts.md §4.3, §7); the error wording is the replica's own. */
export const PORTAL_SIGN_IN = {
  heading: /^Sign in$/i,
  username: /^Username$/i,
  next: /^Next$/,
  password: /^Password$/,
  signIn: /^Sign in$/i,
  mfaCode: /^(MFA code|Verification code|Authenticator code)$/i,
  mfaSubmit: /^(Sign in|Submit|Verify|Next)$/i,
  // Wording not public (console-facts §8): match on meaning.
  refused: /incorrect|not valid|invalid|try again|not recognized/i,
} as const;

/** Where a portal sign-in stands after an answer was submitted. */
type Stage = 'username' | 'password' | 'mfa' | 'new-password' | 'register-mfa' | 'home' | 'refused';

/** The recorded shape of each sign-in page (pages/__aria__/<name>.aria.yml). */
const SHAPES = { username: 'portal-sign-in-username', password: 'portal-sign-in-password', mfa: 'portal-sign-in-mfa' } as const;

/** How long the portal may take to show the page after a submitted answer (then the page is unknown). */
const STAGE_TIMEOUT_MS = STATE_TIMEOUT_MS;

/** How a portal sign-in ended: on the home, on a page that asks for a change, or refused (with the portal's words). */
export type PortalSignInOutcome =
  | { kind: 'home' }
  | { kind: 'new-password' }
  | { kind: 'register-mfa' }
  | { kind: 'mfa-required' }
  | { kind: 'refused'; at: 'password' | 'mfa'; message: string };

/** The AWS access portal sign-in: username, password, MFA code (console-facts §4.3). */
export class PortalSignInPage extends ConsolePage {
  constructor(
    page: Page,
    private readonly secrets: SecretStore,
    private readonly who: string,
    options: PageOptions = {},
  ) {
    super(page, options);
  }

  usernameField(): Locator {
    return field(this.page, PORTAL_SIGN_IN.username);
  }
  passwordField(): Locator {
    return field(this.page, PORTAL_SIGN_IN.password);
  }
  mfaField(): Locator {
    return field(this.page, PORTAL_SIGN_IN.mfaCode);
  }
  /** The portal's refusal, in whatever notification role it comes. */
  refusal(): Locator {
    return notice(this.page, PORTAL_SIGN_IN.refused);
  }

  /** Check: a sign-in page still has its recorded shape (the fields and buttons the runbook uses). */
  async checkShape(which: keyof typeof SHAPES): Promise<void> {
    await this.checkShapeStep(
      `Check the shape of the portal sign-in ${which} page`,
      'PortalSignInPage',
      SHAPES[which],
      this.page.getByRole('main'),
    );
  }

  /** Opens the portal URL; afterwards the username page (or, with a live session, the portal home) shows. */
  async open(portalUrl: string): Promise<void> {
    await step('Open the AWS access portal', async () => {
      await this.page.goto(portalUrl);
      await waitForKnownState(
        this.page,
        { pageObject: 'PortalSignInPage', step: 'Open the AWS access portal' },
        { username: this.usernameField(), home: new PortalHomePage(this.page).heading() },
      );
    });
  }

  /**
   * Signs in from the username page: username, password and, when asked and `mfaCode` is given, one
   * MFA code. Ends where the portal sends the user: the home, a page that would change the account
   * (Set new password, Register MFA device), the MFA page without a code, or a refusal in the portal's words.
   * In check mode each sign-in page is first compared with its recorded shape.
   */
  async signIn(opts: { userName: string; password: Secret; mfaCode?: () => Promise<Secret> }): Promise<PortalSignInOutcome> {
    return step(`Sign in to the AWS access portal as ${opts.userName}`, async () => {
      if (this.checking) await this.checkShape('username');
      await this.enterUsername(opts.userName);
      let stage = await this.stage('username');
      if (stage === 'password') {
        if (this.checking) await this.checkShape('password');
        await this.enterPassword(opts.password);
        stage = await this.stage('password');
      }
      if (stage === 'refused') return { kind: 'refused', at: 'password', message: await this.refusalText() } as const;
      if (stage === 'mfa') {
        if (this.checking) await this.checkShape('mfa');
        if (!opts.mfaCode) return { kind: 'mfa-required' } as const;
        await this.enterMfaCode(await opts.mfaCode());
        stage = await this.stage('mfa');
        if (stage === 'refused') return { kind: 'refused', at: 'mfa', message: await this.refusalText() } as const;
      }
      if (stage === 'home' || stage === 'new-password' || stage === 'register-mfa') return { kind: stage } as const;
      throw new Error(
        `Could not sign in to the AWS access portal as ${this.who}: the sign-in stopped at the ${stage} page (${new URL(this.page.url()).pathname})`,
      );
    });
  }

  /** Types the username and goes on to the password. */
  async enterUsername(userName: string): Promise<void> {
    await step('Enter the username', async () => {
      await type(this.usernameField(), userName, 'The username field');
      await press(control(this.page, PORTAL_SIGN_IN.next));
    });
  }

  /** Types the password (through the secret bridge) and submits it. */
  async enterPassword(password: Secret): Promise<void> {
    await step('Enter the password', async () => {
      await typeSecret(this.secrets, this.passwordField(), password, 'The password field');
      await press(control(this.page, PORTAL_SIGN_IN.signIn));
    });
  }

  /** Types one MFA code and submits it. */
  async enterMfaCode(code: Secret): Promise<void> {
    await step('Enter an MFA code', async () => {
      await typeSecret(this.secrets, this.mfaField(), code, 'The MFA code field');
      await press(control(this.page, PORTAL_SIGN_IN.mfaSubmit));
    });
  }

  private async refusalText(): Promise<string> {
    return oneLine(await this.refusal().textContent({ timeout: 5_000 })) || 'no message';
  }

  /**
   * The page the portal shows after `left` was submitted: the page left is not one of the states
   * waited for (a form that re-renders in place still shows it for a moment), and a refusal re-shows
   * it with a notice. None of them within the bound: an unknown page, reported as drift.
   */
  private async stage(left: Stage): Promise<Stage> {
    const locators: Record<Stage, Locator> = {
      refused: this.refusal(),
      password: this.passwordField(),
      mfa: this.mfaField(),
      'new-password': new SetPasswordPage(this.page, this.secrets, this.who).heading(),
      'register-mfa': new RegisterMfaDevicePage(this.page, this.secrets).heading(),
      home: new PortalHomePage(this.page).heading(),
      username: this.usernameField(),
    };
    const order: Stage[] = (['refused', 'password', 'mfa', 'register-mfa', 'new-password', 'home'] as const).filter((s) => s !== left);
    const states = Object.fromEntries(order.map((s) => [s, locators[s]])) as Record<Stage, Locator>;
    return waitForKnownState(
      this.page,
      { pageObject: 'PortalSignInPage', step: `Sign in to the AWS access portal: the page after the ${left}` },
      states,
      { order, timeoutMs: STAGE_TIMEOUT_MS },
    );
  }
}
