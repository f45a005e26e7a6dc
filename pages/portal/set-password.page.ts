import type { Locator, Page } from '@playwright/test';
import { expectPart, expectShape } from '../../lib/drift.ts';
import type { Secret, SecretStore } from '../../lib/secrets.ts';
import { step, type PageOptions } from '../components/component.ts';

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
} as const;

/** Which of the two password pages: the invitation's sign-up, or the one after a one-time password. */
export type PasswordPageKind = 'sign-up' | 'new-password';

/** The recorded shape of each variant (pages/__aria__/<name>.aria.yml). */
const SHAPES: Record<PasswordPageKind, string> = { 'sign-up': 'portal-new-user-sign-up', 'new-password': 'portal-set-new-password' };

/** What happened when the new password was submitted: accepted, or refused with the page's words. */
export type SetPasswordOutcome = { ok: true } | { ok: false; message: string };

/** "New user sign up" / "Set new password": a new password, typed twice. */
export class SetPasswordPage {
  constructor(readonly page: Page, private readonly secrets: SecretStore, private readonly who: string, private readonly options: PageOptions = {}) {}

  /** The heading of either variant. */
  heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: SET_PASSWORD.signUpHeading })
      .or(this.page.getByRole('heading', { level: 1, name: SET_PASSWORD.newPasswordHeading })).first();
  }
  newPasswordField(): Locator { return this.page.getByLabel(SET_PASSWORD.newPassword, { exact: true }); }
  confirmField(): Locator { return this.page.getByLabel(SET_PASSWORD.confirm, { exact: true }); }
  submitButton(): Locator { return this.page.getByRole('button', { name: SET_PASSWORD.submit }); }
  problems(): Locator { return this.page.getByRole('alert'); }

  /** Opens an invitation link ("Accept invitation"); afterwards "New user sign up" shows, or this throws with the portal's words. */
  async openInvitation(link: string): Promise<void> {
    await step('Open the invitation link', async () => {
      await this.page.goto(link);
      const refusal = this.page.getByRole('alert');
      await this.heading().or(refusal).first().waitFor();
      if (!(await this.heading().isVisible())) {
        throw new Error(`The invitation link of ${this.who} did not open "New user sign up": the portal said "${((await refusal.first().textContent()) ?? '').trim()}"`);
      }
    });
  }

  /** Which variant shows. */
  async kind(): Promise<PasswordPageKind> {
    await this.heading().waitFor();
    return (await this.page.getByRole('heading', { level: 1, name: SET_PASSWORD.signUpHeading }).isVisible()) ? 'sign-up' : 'new-password';
  }

  /** Waits for the page; in check mode it first checks the variant's recorded shape and the parts the runbook uses. */
  async waitUntilShown(): Promise<PasswordPageKind> {
    return step('Wait for the set-password page', async () => {
      const kind = await this.kind();
      if (this.options.checkShapes) {
        await step(`Check the shape of the ${kind} page`, () => expectShape('SetPasswordPage', this.page.getByRole('main'), SHAPES[kind]));
        for (const part of [this.newPasswordField(), this.confirmField(), this.submitButton()]) await expectPart('SetPasswordPage', part);
      }
      return kind;
    });
  }

  /**
   * Types the new password twice (through the secret bridge) and submits it. Ends on what a person
   * would see: the page gone (accepted), or the page's list of problems (refused).
   */
  async setPassword(password: Secret): Promise<SetPasswordOutcome> {
    return step('Set the new password', async () => {
      await this.secrets.fill(this.newPasswordField(), password);
      await this.secrets.fill(this.confirmField(), password);
      await this.submitButton().click();
      // The click returns once the answer's document is committed; its content is read once parsed.
      await this.page.waitForLoadState('domcontentloaded');
      if (!(await this.heading().isVisible())) return { ok: true } as const;
      // The form re-shows itself when refused: with the problems, or (rarely) as it was.
      const said = (await this.problems().first().textContent().catch(() => null))?.trim();
      return { ok: false, message: said || `the portal kept ${this.who} on the set-password page` } as const;
    });
  }
}
