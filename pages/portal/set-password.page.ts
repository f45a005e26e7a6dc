import type { Locator, Page } from '@playwright/test';
import { expectPart } from '../../lib/drift/drift.ts';
import { waitForKnownState } from '../../lib/drift/known-state.ts';
import type { Secret, SecretStore } from '../../lib/secrets/secrets.ts';
import { step, type PageOptions } from '../components/component.ts';
import { ANSWER_TIMEOUT_MS, control, field, heading, notice, oneLine, press, typeSecret } from '../components/meaning.ts';
import { PortalHomePage } from './home.page.ts';
import { RegisterMfaDevicePage } from './register-mfa.page.ts';
import { ConsolePage } from '../components/console-page.ts';

/**
 * The access portal's password pages (console-facts.md §4.2, §7): "New user sign up" from an
 * invitation ("Create your password" on the newer sign-in platform), and "Set new password" after
 * a one-time password. The rule messages are the replica's own wording.
 */
export const SET_PASSWORD = {
  signUpHeading: /^(New user sign up|Create your password)$/i,
  newPasswordHeading: /^Set new password$/i,
  newPassword: /^(New password|Password)$/i,
  confirm: /^(Confirm password|Confirm new password)$/i,
  submit: /^(Set new password|Create password|Continue)$/i,
  // The replica's rule messages and refusals; the real wording is not public (console-facts §8): matched on meaning.
  refused: /password|must|match|requirement|invalid|not valid|expired|try again|error/i,
  // After the password: MFA at sign-in ("MFA code") or a new sign-in ("Username").
  mfaCode: /^(MFA code|Verification code|Authenticator code)$/i,
  username: /^Username$/i,
} as const;

/** Which of the two password pages: the invitation's sign-up, or the one after a one-time password. */
export type PasswordPageKind = 'sign-up' | 'new-password';

/** The recorded shape of each variant (pages/__aria__/<name>.aria.yml). */
const SHAPES: Record<PasswordPageKind, string> = { 'sign-up': 'portal-new-user-sign-up', 'new-password': 'portal-set-new-password' };

/** What happened when the new password was submitted: accepted, or refused with the page's words. */
export type SetPasswordOutcome = { ok: true } | { ok: false; message: string };

/** "New user sign up" / "Set new password": a new password, typed twice. */
export class SetPasswordPage extends ConsolePage {
  constructor(
    page: Page,
    private readonly secrets: SecretStore,
    private readonly who: string,
    options: PageOptions = {},
  ) {
    super(page, options);
  }

  /** The heading of either variant. */
  heading(): Locator {
    return this.signUpHeading().or(this.newPasswordHeading()).first();
  }
  signUpHeading(): Locator {
    return heading(this.page, SET_PASSWORD.signUpHeading);
  }
  newPasswordHeading(): Locator {
    return heading(this.page, SET_PASSWORD.newPasswordHeading);
  }
  newPasswordField(): Locator {
    return field(this.page, SET_PASSWORD.newPassword);
  }
  confirmField(): Locator {
    return field(this.page, SET_PASSWORD.confirm);
  }
  submitButton(): Locator {
    return control(this.page, SET_PASSWORD.submit);
  }
  /** The page's problems with the password (or the link), in whatever notification role they come. */
  problems(): Locator {
    return notice(this.page, SET_PASSWORD.refused);
  }

  /** Opens an invitation link ("Accept invitation"); afterwards "New user sign up" shows, or this throws with the portal's words. */
  async openInvitation(link: string): Promise<void> {
    await step('Open the invitation link', async () => {
      await this.page.goto(link);
      const shown = await waitForKnownState(
        this.page,
        { pageObject: 'SetPasswordPage', step: 'Open the invitation link' },
        { page: this.heading(), refused: this.problems() },
      );
      if (shown === 'refused') {
        throw new Error(
          `The invitation link of ${this.who} did not open "New user sign up": the portal said "${oneLine(await this.problems().textContent())}"`,
        );
      }
    });
  }

  /** Which variant shows. */
  async kind(): Promise<PasswordPageKind> {
    return waitForKnownState(
      this.page,
      { pageObject: 'SetPasswordPage', step: 'Wait for the set-password page' },
      { 'sign-up': this.signUpHeading(), 'new-password': this.newPasswordHeading() },
    );
  }

  /** Waits for the page; in check mode it first checks the variant's recorded shape and the parts the runbook uses. */
  async waitUntilShown(): Promise<PasswordPageKind> {
    return step('Wait for the set-password page', async () => {
      const kind = await this.kind();
      if (this.checking) {
        await this.checkShapeStep(`Check the shape of the ${kind} page`, 'SetPasswordPage', SHAPES[kind], this.page.getByRole('main'));
        for (const part of [this.newPasswordField(), this.confirmField(), this.submitButton()]) await expectPart('SetPasswordPage', part);
      }
      return kind;
    });
  }

  /**
   * Types the new password twice (through the secret bridge, each field confirmed to hold it) and
   * submits it. Ends on what a person would see: the page the portal goes on to (accepted: Register
   * MFA device, the MFA code, the home, or a fresh sign-in), or the page's problems (refused). A form
   * that re-renders in place still shows the old page for a moment, so its heading is no answer.
   */
  async setPassword(password: Secret): Promise<SetPasswordOutcome> {
    return step('Set the new password', async () => {
      await typeSecret(this.secrets, this.newPasswordField(), password, 'The new password field');
      await typeSecret(this.secrets, this.confirmField(), password, 'The confirm password field');
      await press(this.submitButton());
      const answer = await waitForKnownState(
        this.page,
        { pageObject: 'SetPasswordPage', step: 'Set the new password' },
        {
          refused: this.problems(),
          'register-mfa': new RegisterMfaDevicePage(this.page, this.secrets).heading(),
          mfa: field(this.page, SET_PASSWORD.mfaCode),
          home: new PortalHomePage(this.page).heading(),
          'sign-in': field(this.page, SET_PASSWORD.username),
        },
        { timeoutMs: ANSWER_TIMEOUT_MS },
      );
      if (answer !== 'refused') return { ok: true } as const;
      return {
        ok: false,
        message: oneLine(await this.problems().textContent()) || `the portal kept ${this.who} on the set-password page`,
      } as const;
    });
  }
}
