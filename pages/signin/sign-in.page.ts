import { errors, expect, type Locator, type Page } from '@playwright/test';
import { ConsoleDriftError, unknownPage, UNKNOWN_PAGE_TIMEOUT_MS } from '../../lib/drift/drift.ts';
import type { Handoff } from '../../lib/run/handoff.ts';
import type { Secret, SecretStore } from '../../lib/secrets/secrets.ts';
import { step, type PageOptions } from '../components/component.ts';
import { choose, control, fillChecked, fillSecretChecked, oneLine, WAIT_BOUND_MS } from '../components/controls.ts';
import { Notices } from '../components/notices.ts';
import { ConsolePage } from '../components/console-page.ts';
import { ForcedMfaPrompt } from './forced-mfa.prompt.ts';
import { SIGN_IN } from './sign-in.words.ts';

/** A sign-in notice that is known not to be a refusal (none so far: any other notice on a sign-in page is quoted). */
const KNOWN_NOT_ERRORS: RegExp[] = [SIGN_IN.securityCheckMention];

/** Where the sign-in flow stands after an answer was submitted. */
type Stage = 'email' | 'password' | 'mfa' | 'forced-mfa' | 'security-check' | 'error' | 'console';

/** The recorded shape of each sign-in page the runbooks fill in (pages/__aria__/<name>.aria.yml). */
const SHAPES = { email: 'sign-in-email', password: 'sign-in-password', mfa: 'sign-in-mfa' } as const;

/** How long a sign-in page may match no known step: then it is an unknown page (run mode) or compared with the page expected (check mode). */
const STAGE_TIMEOUT_MS = UNKNOWN_PAGE_TIMEOUT_MS;

/** The page matches none of the sign-in steps the page object knows. */
class UnknownSignInStepError extends Error {
  override name = 'UnknownSignInStepError';
  constructor(
    message: string,
    readonly lookedFor: string,
  ) {
    super(message);
  }
}

/** How a root sign-in ended. */
export type SignInOutcome = { kind: 'console' } | { kind: 'forced-mfa'; prompt: ForcedMfaPrompt } | { kind: 'mfa-required' };

/** A sign-in page's address: the sign-in host (signin.aws.amazon.com) or a /signin or /oauth path. */
export function isSignInUrl(href: string): boolean {
  const url = new URL(href);
  return /\/(signin|oauth)\b/.test(url.pathname) || url.hostname.startsWith('signin.');
}

/** Where the sign-in stood when a page matched none of its steps, for the unknown-page report. */
const AFTER: Record<string, string> = {
  undefined: 'opening the sign-in',
  email: 'after the email',
  password: 'after the password',
  mfa: 'after the MFA code',
  'security-check': 'after the security check',
};

/** The root sign-in pages: user type and email, security check, password, MFA code. */
export class SignInPage extends ConsolePage {
  constructor(
    page: Page,
    private readonly secrets: SecretStore,
    private readonly handoff: Handoff,
    private readonly who: string,
    options: PageOptions = {},
  ) {
    super(page, options);
  }

  emailField(): Locator {
    return this.page.getByRole('textbox', { name: SIGN_IN.email });
  }
  // By role, not by label: role names are compared after whitespace normalisation, labels that wrap their input are not.
  passwordField(): Locator {
    return this.page.getByRole('textbox', { name: SIGN_IN.password });
  }
  mfaField(): Locator {
    return this.page.getByRole('textbox', { name: SIGN_IN.mfaCode });
  }
  notices(): Notices {
    return new Notices(this.page);
  }
  /**
   * The security check as the page shows it: its heading, the old inline text, a notice that mentions
   * it ("Complete the security check."), or the frame it lives in, by title. Inside a frame: `securityCheckShown`.
   */
  securityCheck(): Locator {
    return this.page
      .getByRole('heading', { name: SIGN_IN.securityCheck })
      .or(this.page.getByText(SIGN_IN.securityCheckOld))
      .or(this.notices().message(SIGN_IN.securityCheckMention))
      .or(this.page.getByTitle(SIGN_IN.securityCheckMention))
      .filter({ visible: true })
      .first();
  }
  /** A refusal: any notice the sign-in page shows, but those about the security check. */
  errorMessage(): Locator {
    return this.notices().shown().filter({ hasNotText: SIGN_IN.securityCheckMention }).first();
  }
  forcedMfaPrompt(): ForcedMfaPrompt {
    return new ForcedMfaPrompt(this.page);
  }

  /** Check: a sign-in page still has its recorded shape (the fields and buttons the runbooks use). */
  async checkShape(page: keyof typeof SHAPES): Promise<void> {
    await this.checkShapeStep(`Check the shape of the sign-in ${page} page`, 'SignInPage', SHAPES[page]);
  }

  /**
   * Signs in as root from wherever the browser stands (the console redirected it to sign-in).
   * `mfaCode` supplies a code when the root already has MFA; without it the outcome is `mfa-required`,
   * unless `mfaByOperator` is set: then the operator types the code in the browser (headed runs only).
   * In check mode each sign-in page is first compared with its recorded shape; `landedShape` checks
   * the page the sign-in leads to, when the page after the password matches no sign-in step.
   */
  async signInAsRoot(opts: {
    email: string;
    password?: Secret;
    mfaCode?: () => Promise<Secret>;
    mfaByOperator?: boolean;
    landed: Locator;
    landedShape?: () => Promise<void>;
  }): Promise<SignInOutcome> {
    const next = (previous?: Stage) => this.nextStage(opts.landed, previous, opts.landedShape);
    let stage = await next();
    if (stage === 'console') return { kind: 'console' };
    stage = await this.passSecurityCheck(stage, 'before the email', opts.landed, undefined);
    if (stage === 'email') {
      if (this.checking) await this.checkShape('email');
      await this.enterEmail(opts.email);
      stage = await next('email');
    }
    stage = await this.passSecurityCheck(stage, 'after the email', opts.landed, 'email');
    if (stage === 'password') {
      if (this.checking) await this.checkShape('password');
      await this.enterPassword(opts.password);
      stage = await next('password');
    }
    stage = await this.passSecurityCheck(stage, 'after the password', opts.landed, 'password');
    if (stage === 'error') throw new Error(`Could not sign in as ${this.who}: the console said ${await this.errorText()}`);
    if (stage === 'forced-mfa') {
      if (this.checking) await this.forcedMfaPrompt().checkShape();
      return { kind: 'forced-mfa', prompt: this.forcedMfaPrompt() };
    }
    if (stage === 'mfa') {
      if (this.checking) await this.checkShape('mfa');
      if (opts.mfaCode) await this.enterMfaCode(await opts.mfaCode());
      else if (opts.mfaByOperator) await this.operatorEntersMfaCode(opts.landed);
      else return { kind: 'mfa-required' };
      stage = await next('mfa');
      if (stage === 'error') {
        throw new Error(`Could not sign in as ${this.who} with MFA: the console said ${await this.errorText()}`);
      }
    }
    if (stage !== 'console') throw new Error(`Could not sign in as ${this.who}: the sign-in stopped at the ${stage} step`);
    return { kind: 'console' };
  }

  /** Chooses "Root user" (or follows "Sign in using root user email") and submits the root email. */
  async enterEmail(email: string): Promise<void> {
    await step('Enter the root user email', async () => {
      const rootChoice = this.page.getByRole('radio', { name: SIGN_IN.rootUser });
      const rootLink = control(this.page, SIGN_IN.rootEmailLink);
      // The choice belongs to the same form as the field, but may render a moment after it; some pages have neither.
      await rootChoice
        .or(rootLink)
        .first()
        .waitFor({ timeout: 2_000 })
        .catch((err: unknown) => {
          if (!(err instanceof errors.TimeoutError)) throw err;
        });
      // The choice is asked first: where it shows, the link is not looked for (one browser call less).
      if (await rootChoice.isVisible()) await choose(rootChoice, 'the "Root user" sign-in');
      else if (await rootLink.isVisible()) {
        await rootLink.click({ timeout: WAIT_BOUND_MS });
        await this.emailField().waitFor({ timeout: WAIT_BOUND_MS });
        if (await rootChoice.isVisible()) await choose(rootChoice, 'the "Root user" sign-in');
      }
      await fillChecked(this.emailField(), email, 'the root user email');
      await control(this.page, SIGN_IN.next).click({ timeout: WAIT_BOUND_MS });
    });
  }

  /** Types the root password, or hands the step to the operator when none is configured. */
  async enterPassword(password: Secret | undefined): Promise<void> {
    await step('Enter the root password', async () => {
      if (!password) {
        await this.handoff.waitForPerson({
          step: 'Sign in as root',
          who: this.who,
          instruction: 'type the root password in the browser and choose "Sign in"',
          done: (timeout) => this.passwordField().waitFor({ state: 'detached', timeout }),
        });
        return;
      }
      await fillSecretChecked(this.secrets, this.passwordField(), password, 'the root password');
      await control(this.page, SIGN_IN.signIn).click({ timeout: WAIT_BOUND_MS });
    });
  }

  /** Submits one MFA code. */
  async enterMfaCode(code: Secret): Promise<void> {
    await step('Enter an MFA code', async () => {
      await fillSecretChecked(this.secrets, this.mfaField(), code, 'the MFA code');
      await control(this.page, SIGN_IN.mfaSubmit).click({ timeout: WAIT_BOUND_MS });
    });
  }

  /** Hands the MFA code to the operator: the run goes on once the page the sign-in leads to shows. */
  private async operatorEntersMfaCode(landed: Locator): Promise<void> {
    await step('Wait for the operator to enter the root MFA code', async () => {
      await this.handoff.waitForPerson({
        step: 'Sign in as root (MFA code)',
        who: this.who,
        instruction: 'enter the root MFA code in the browser',
        // Not "the MFA field is gone": a mistyped code leaves the person on the same page to try again.
        done: (timeout) => landed.first().waitFor({ timeout }),
      });
    });
  }

  /** True when a security check shows: on the page (`securityCheck`) or inside any of its frames (answer field, challenge image or heading). */
  async securityCheckShown(): Promise<boolean> {
    if (await this.securityCheck().isVisible()) return true;
    for (const frame of this.page.frames()) {
      if (frame === this.page.mainFrame() || frame.isDetached()) continue;
      const check = frame
        .getByRole('textbox', { name: SIGN_IN.securityCheckAnswer })
        .or(frame.getByRole('img', { name: SIGN_IN.securityCheckImage }))
        .or(frame.getByRole('heading', { name: SIGN_IN.securityCheck }));
      // A frame may detach while it is looked at (a solved check removes it): that is "not shown".
      if (
        await check
          .filter({ visible: true })
          .first()
          .isVisible()
          .catch(() => false)
      )
        return true;
    }
    return false;
  }

  private async passSecurityCheck(stage: Stage, where: string, landed: Locator, previous: Stage | undefined): Promise<Stage> {
    if (stage !== 'security-check') return stage;
    await this.handoff.waitForPerson({
      step: `Sign in as root (security check ${where})`,
      who: this.who,
      instruction: 'solve the security check (CAPTCHA) in the browser and submit it',
      done: (timeout) =>
        expect
          .poll(() => this.securityCheckShown(), { message: 'the security check is gone', timeout, intervals: [100, 250, 500] })
          .toBe(false),
    });
    // The page the check led to: any step, the one before the check included (a check before the email).
    return this.passSecurityCheck(
      await this.nextStage(landed, previous === undefined ? undefined : 'security-check'),
      where,
      landed,
      previous,
    );
  }

  /**
   * True when the sign-in refused: a notice on a sign-in page (the console's own pages have info
   * notices of their own), or one anywhere that says the credentials were wrong.
   */
  private async refused(): Promise<boolean> {
    if (!(await this.errorMessage().isVisible())) return false;
    return isSignInUrl(this.page.url()) || this.notices().message(SIGN_IN.authError).isVisible();
  }

  /** Every notice the page shows but those about the security check, quoted; "no message" when there is none. */
  private async errorText(): Promise<string> {
    const quoted = await this.notices().quoteUnknown(KNOWN_NOT_ERRORS);
    if (quoted !== 'none') return quoted;
    return `"${(await this.errorMessage().isVisible()) ? await oneLine(this.errorMessage()) : 'no message'}"`;
  }

  /**
   * The next stage. In check mode a page that matches no known step is first compared with the page
   * expected there (its recorded shape names what changed); if that page has its shape, the step is
   * looked for once more, and then the locators that found nothing are reported as drift. In run
   * mode such a page is reported at once, as an unknown page (lib/drift/drift.ts `unknownPage`).
   */
  private async nextStage(landed: Locator, previous: Stage | undefined, landedShape?: () => Promise<void>): Promise<Stage> {
    if (!this.checking) return this.stage(landed, previous, { report: true });
    try {
      return await this.stage(landed, previous);
    } catch (err) {
      if (!(err instanceof UnknownSignInStepError)) throw err;
    }
    const expected =
      previous === undefined
        ? () => this.checkShape('email')
        : previous === 'email'
          ? () => this.checkShape('password')
          : previous === 'password' || previous === 'mfa'
            ? landedShape
            : undefined;
    if (expected) await expected();
    try {
      return await this.stage(landed, previous);
    } catch (err) {
      if (!(err instanceof UnknownSignInStepError)) throw err;
      throw new ConsoleDriftError({ pageObject: 'SignInPage', locator: err.lookedFor, diff: `  ${err.message}` }, { cause: err });
    }
  }

  /**
   * Waits until the page shows a sign-in stage other than `previous` (the page it just left may
   * still be up while the next one loads), or what the caller sees once signed in (`landed`).
   * The console may answer with any of these in any order (security checks come and go), so all
   * are waited for at once; a security check inside a frame is looked for at least every 500 ms.
   */
  private async stage(landed: Locator, previous?: Stage, opts: { report?: boolean } = {}): Promise<Stage> {
    const locators: Record<Stage, Locator> = {
      'security-check': this.securityCheck(),
      error: this.errorMessage(),
      'forced-mfa': this.page.getByRole('heading', { name: SIGN_IN.forcedMfa }),
      mfa: this.mfaField(),
      password: this.passwordField(),
      email: this.emailField(),
      console: landed,
    };
    // Most likely next stage first, so the usual answer costs one probe. A security check comes before
    // an error: the page around a check may say so in an alert.
    const order: Stage[] =
      previous === 'email'
        ? ['password', 'security-check', 'error', 'mfa', 'forced-mfa', 'console']
        : previous === 'password'
          ? ['console', 'mfa', 'forced-mfa', 'security-check', 'error']
          : previous === 'mfa'
            ? ['console', 'security-check', 'error', 'forced-mfa']
            : ['console', 'email', 'password', 'mfa', 'security-check', 'forced-mfa', 'error'];
    const shown = (s: Stage) => locators[s].filter({ visible: true }).first();
    const any = order
      .map(shown)
      .reduce((a, b) => a.or(b))
      .first();
    const deadline = Date.now() + STAGE_TIMEOUT_MS;
    for (;;) {
      // Waited for first: right after a submit the next page is still loading, and one wait for any stage costs
      // one browser call (and one pair of DOM snapshots in the evidence trace) where probing each costs one per stage.
      const wait = deadline - Date.now();
      if (wait > 0)
        await any.waitFor({ timeout: Math.min(500, wait) }).catch((err: unknown) => {
          if (!(err instanceof errors.TimeoutError)) throw err;
        });
      for (const name of order) {
        if (
          name === 'security-check'
            ? await this.securityCheckShown()
            : name === 'error'
              ? await this.refused()
              : await shown(name).isVisible()
        )
          return name;
      }
      if (deadline - Date.now() <= 0) break;
    }
    const tried = order.map((s) => locators[s]);
    const where = AFTER[String(previous)] ?? `after the ${previous} step`;
    if (opts.report) {
      return unknownPage(this.page, { pageObject: 'SignInPage', step: `Sign in as ${this.who} (${where})` }, tried, {
        waitedMs: STAGE_TIMEOUT_MS,
      });
    }
    throw new UnknownSignInStepError(
      `Sign-in of ${this.who}: the page at ${new URL(this.page.url()).pathname} matches no known sign-in step after ${STAGE_TIMEOUT_MS / 1000} s`,
      order
        .slice(0, 2)
        .map((s) => locators[s].toString())
        .join(' or '),
    );
  }
}
