import type { Locator, Page } from '@playwright/test';
import { ConsoleDriftError, expectShape } from '../lib/drift.ts';
import type { Handoff } from '../lib/handoff.ts';
import type { Secret, SecretStore } from '../lib/secrets.ts';
import { step, type PageOptions } from './components/component.ts';

/** The sign-in pages' words, with every variant in console-facts.md §1 and §7. */
export const SIGN_IN = {
  rootUser: /^Root user$/,
  rootEmailLink: /^Sign in using root user email$/i,
  email: /^(Root user email address|Email address)$/i,
  next: /^Next$/,
  password: /^Password$/,
  signIn: /^Sign in$/i,
  mfaCode: /^MFA code$/i,
  mfaSubmit: /^(Submit|Sign in|Verify)$/i,
  // The forced-MFA interstitial's wording is not public (console-facts §1.6): match on meaning.
  forcedMfa: /\bMFA\b.*\b(required|needed)\b|\b(register|set up|enable)\b.*\bMFA\b/i,
  registerMfa: /^(Register|Assign|Set up|Add) (an? )?MFA( device)?( now)?$/i,
  skip: /^Skip( for now)?$/i,
  securityCheck: /^Security (verification|check)$/i,
  securityCheckOld: /Type the characters seen in the image below/i,
  authError: /authentication information is incorrect|not valid|incorrect/i,
} as const;

/** Where the sign-in flow stands after an answer was submitted. */
type Stage = 'email' | 'password' | 'mfa' | 'forced-mfa' | 'security-check' | 'error' | 'console';

/** The recorded shape of each sign-in page the runbooks fill in (pages/__aria__/<name>.aria.yml). */
const SHAPES = { email: 'sign-in-email', password: 'sign-in-password', mfa: 'sign-in-mfa' } as const;

/** Check mode: how long a sign-in page may match no known step before it is compared with the page expected. */
const CHECK_STAGE_TIMEOUT_MS = 10_000;

/** The page matches none of the sign-in steps the page object knows. */
class UnknownSignInStepError extends Error {
  override name = 'UnknownSignInStepError';
  constructor(message: string, readonly lookedFor: string) { super(message); }
}

/** How a root sign-in ended. */
export type SignInOutcome =
  | { kind: 'console' }
  | { kind: 'forced-mfa'; prompt: ForcedMfaPrompt }
  | { kind: 'mfa-required' };

/** The forced-MFA prompt a root without MFA may meet after the password (console-facts §1.6). */
export class ForcedMfaPrompt {
  constructor(readonly page: Page) {}
  heading(): Locator { return this.page.getByRole('heading', { name: SIGN_IN.forcedMfa }); }
  registerButton(): Locator { return this.page.getByRole('button', { name: SIGN_IN.registerMfa }).or(this.page.getByRole('link', { name: SIGN_IN.registerMfa })).first(); }
  skipButton(): Locator { return this.page.getByRole('button', { name: SIGN_IN.skip }).or(this.page.getByRole('link', { name: SIGN_IN.skip })).first(); }

  /** Check: the prompt still has its recorded shape (heading and "Register MFA device"). */
  async checkShape(): Promise<void> {
    await step('Check the shape of the forced-MFA prompt', () => expectShape('ForcedMfaPrompt', this.page.getByRole('main'), 'sign-in-forced-mfa'));
  }

  /** True when the prompt still offers "Skip for now" (it stops offering it once the grace days are over). */
  async canSkip(): Promise<boolean> { return this.skipButton().isVisible(); }

  /** Chooses to register a device now; the console then opens the MFA assignment. */
  async registerNow(): Promise<void> {
    await step('Choose to register an MFA device now', async () => {
      await this.registerButton().click();
      await this.heading().waitFor({ state: 'detached' });
    });
  }

  /** Chooses "Skip for now"; the console then goes where the sign-in was headed. */
  async skip(): Promise<void> {
    await step('Skip registering an MFA device for now', async () => {
      await this.skipButton().click();
      await this.heading().waitFor({ state: 'detached' });
    });
  }
}

/** The root sign-in pages: user type and email, security check, password, MFA code. */
export class SignInPage {
  constructor(
    readonly page: Page,
    private readonly secrets: SecretStore,
    private readonly handoff: Handoff,
    private readonly who: string,
    private readonly options: PageOptions = {},
  ) {}

  emailField(): Locator { return this.page.getByRole('textbox', { name: SIGN_IN.email }); }
  passwordField(): Locator { return this.page.getByLabel(SIGN_IN.password, { exact: true }); }
  mfaField(): Locator { return this.page.getByRole('textbox', { name: SIGN_IN.mfaCode }); }
  securityCheck(): Locator {
    return this.page.getByRole('heading', { name: SIGN_IN.securityCheck }).or(this.page.getByText(SIGN_IN.securityCheckOld)).first();
  }
  errorMessage(): Locator { return this.page.getByRole('alert').filter({ hasText: SIGN_IN.authError }).first(); }
  forcedMfaPrompt(): ForcedMfaPrompt { return new ForcedMfaPrompt(this.page); }

  /** Check: a sign-in page still has its recorded shape (the fields and buttons the runbooks use). */
  async checkShape(page: keyof typeof SHAPES): Promise<void> {
    await step(`Check the shape of the sign-in ${page} page`, () => expectShape('SignInPage', this.page.getByRole('main'), SHAPES[page]));
  }

  /**
   * Signs in as root from wherever the browser stands (the console redirected it to sign-in).
   * `mfaCode` supplies a code when the root already has MFA; without it the outcome is `mfa-required`,
   * unless `mfaByOperator` is set: then the operator types the code in the browser (headed runs only).
   * In check mode each sign-in page is first compared with its recorded shape; `landedShape` checks
   * the page the sign-in leads to, when the page after the password matches no sign-in step.
   */
  async signInAsRoot(opts: {
    email: string; password?: Secret; mfaCode?: () => Promise<Secret>; mfaByOperator?: boolean; landed: Locator; landedShape?: () => Promise<void>;
  }): Promise<SignInOutcome> {
    const next = (previous?: Stage) => this.nextStage(opts.landed, previous, opts.landedShape);
    let stage = await next();
    if (stage === 'console') return { kind: 'console' };
    if (stage === 'email') {
      if (this.options.checkShapes) await this.checkShape('email');
      await this.enterEmail(opts.email);
      stage = await next('email');
    }
    stage = await this.passSecurityCheck(stage, 'after the email', opts.landed);
    if (stage === 'password') {
      if (this.options.checkShapes) await this.checkShape('password');
      await this.enterPassword(opts.password);
      stage = await next('password');
    }
    stage = await this.passSecurityCheck(stage, 'after the password', opts.landed);
    if (stage === 'error') throw new Error(`Could not sign in as ${this.who}: the console said "${await this.errorText()}"`);
    if (stage === 'forced-mfa') {
      if (this.options.checkShapes) await this.forcedMfaPrompt().checkShape();
      return { kind: 'forced-mfa', prompt: this.forcedMfaPrompt() };
    }
    if (stage === 'mfa') {
      if (this.options.checkShapes) await this.checkShape('mfa');
      if (opts.mfaCode) await this.enterMfaCode(await opts.mfaCode());
      else if (opts.mfaByOperator) await this.operatorEntersMfaCode(opts.landed);
      else return { kind: 'mfa-required' };
      stage = await next('mfa');
      if (stage === 'error') {
        throw new Error(`Could not sign in as ${this.who} with MFA: the console said "${await this.errorText()}"`);
      }
    }
    if (stage !== 'console') throw new Error(`Could not sign in as ${this.who}: the sign-in stopped at the ${stage} step`);
    return { kind: 'console' };
  }

  /** Chooses "Root user" and submits the root email. */
  async enterEmail(email: string): Promise<void> {
    await step('Enter the root user email', async () => {
      const rootChoice = this.page.getByRole('radio', { name: SIGN_IN.rootUser });
      const rootLink = this.page.getByRole('link', { name: SIGN_IN.rootEmailLink }).or(this.page.getByRole('button', { name: SIGN_IN.rootEmailLink }));
      const [linkShown, choiceShown] = await Promise.all([rootLink.first().isVisible(), rootChoice.isVisible()]);
      if (linkShown) await rootLink.first().click();
      if (choiceShown || linkShown) await rootChoice.check().catch(() => undefined);
      await this.emailField().fill(email);
      await this.page.getByRole('button', { name: SIGN_IN.next }).click();
    });
  }

  /** Types the root password, or hands the step to the operator when none is configured. */
  async enterPassword(password: Secret | undefined): Promise<void> {
    await step('Enter the root password', async () => {
      if (!password) {
        await this.handoff.waitForPerson({
          step: 'Sign in as root', who: this.who,
          instruction: 'type the root password in the browser and choose "Sign in"',
          done: (timeout) => this.passwordField().waitFor({ state: 'detached', timeout }),
        });
        return;
      }
      await this.secrets.fill(this.passwordField(), password);
      await this.page.getByRole('button', { name: SIGN_IN.signIn }).click();
    });
  }

  /** Submits one MFA code. */
  async enterMfaCode(code: Secret): Promise<void> {
    await step('Enter an MFA code', async () => {
      await this.secrets.fill(this.mfaField(), code);
      await this.page.getByRole('button', { name: SIGN_IN.mfaSubmit }).click();
    });
  }

  /** Hands the MFA code to the operator: the run goes on once the page the sign-in leads to shows. */
  private async operatorEntersMfaCode(landed: Locator): Promise<void> {
    await step('Wait for the operator to enter the root MFA code', async () => {
      await this.handoff.waitForPerson({
        step: 'Sign in as root (MFA code)', who: this.who,
        instruction: 'enter the root MFA code in the browser',
        // Not "the MFA field is gone": a mistyped code leaves the person on the same page to try again.
        done: (timeout) => landed.first().waitFor({ timeout }),
      });
    });
  }

  private async passSecurityCheck(stage: Stage, where: string, landed: Locator): Promise<Stage> {
    if (stage !== 'security-check') return stage;
    await this.handoff.waitForPerson({
      step: `Sign in as root (security check ${where})`, who: this.who,
      instruction: 'solve the security check (CAPTCHA) in the browser and submit it',
      done: (timeout) => this.securityCheck().waitFor({ state: 'detached', timeout }),
    });
    return this.passSecurityCheck(await this.stage(landed, 'security-check'), where, landed);
  }

  private async errorText(): Promise<string> {
    return ((await this.errorMessage().textContent().catch(() => null)) ?? 'no message').trim();
  }

  /**
   * Waits until the page shows a sign-in stage other than `previous` (the page it just left may
   * still be up while the next one loads), or what the caller sees once signed in (`landed`).
   * The console may answer with any of these in any order (security checks come and go), so all
   * are waited for at once.
   */
  /**
   * The next stage. In check mode a page that matches no known step is first compared with the page
   * expected there (its recorded shape names what changed); if that page has its shape, the step is
   * looked for once more, and then the locators that found nothing are reported as drift.
   */
  private async nextStage(landed: Locator, previous: Stage | undefined, landedShape?: () => Promise<void>): Promise<Stage> {
    if (!this.options.checkShapes) return this.stage(landed, previous);
    try {
      return await this.stage(landed, previous, CHECK_STAGE_TIMEOUT_MS);
    } catch (err) {
      if (!(err instanceof UnknownSignInStepError)) throw err;
    }
    const expected = previous === undefined ? () => this.checkShape('email')
      : previous === 'email' ? () => this.checkShape('password')
        : previous === 'password' || previous === 'mfa' ? landedShape : undefined;
    if (expected) await expected();
    try {
      return await this.stage(landed, previous);
    } catch (err) {
      if (!(err instanceof UnknownSignInStepError)) throw err;
      throw new ConsoleDriftError({ pageObject: 'SignInPage', locator: err.lookedFor, diff: `  ${err.message}` }, { cause: err });
    }
  }

  private async stage(landed: Locator, previous?: Stage, timeoutMs = 30_000): Promise<Stage> {
    const locators: Record<Stage, Locator> = {
      'security-check': this.securityCheck(),
      error: this.errorMessage(),
      'forced-mfa': this.page.getByRole('heading', { name: SIGN_IN.forcedMfa }),
      mfa: this.mfaField(),
      password: this.passwordField(),
      email: this.emailField(),
      console: landed,
    };
    // Most likely next stage first, so the usual answer costs one probe.
    const order: Stage[] = previous === 'email'
      ? ['password', 'security-check', 'error', 'mfa', 'forced-mfa', 'console']
      : previous === 'password'
        ? ['console', 'mfa', 'forced-mfa', 'error', 'security-check']
        : ['console', 'email', 'password', 'mfa', 'security-check', 'forced-mfa', 'error'];
    const any = order.map((s) => locators[s].first()).reduce((a, b) => a.or(b));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await any.first().waitFor({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => undefined);
      for (const name of order) if (await locators[name].first().isVisible().catch(() => false)) return name;
    }
    throw new UnknownSignInStepError(
      `Sign-in of ${this.who}: the page at ${new URL(this.page.url()).pathname} matches no known sign-in step after ${timeoutMs / 1000} s`,
      order.slice(0, 2).map((s) => locators[s].toString()).join(' or '),
    );
  }
}
