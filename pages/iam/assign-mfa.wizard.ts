import { expect, type Locator, type Page } from '@playwright/test';
import type { Secret, SecretStore } from '../../lib/secrets/secrets.ts';
import { step, type PageOptions } from '../components/component.ts';
import { choose, control, fillChecked, fillSecretChecked, oneLine, WAIT_BOUND_MS } from '../components/controls.ts';
import { Modal } from '../components/modal.ts';
import { Notices } from '../components/notices.ts';
import { SECURITY_CREDENTIALS } from './security-credentials.words.ts';
import { ConsolePage } from '../components/console-page.ts';

/** The MFA set-up words of both console generations (console-facts.md §2.3, §2.4, §7). */
export const MFA_SETUP = {
  deviceName: /^Device name$/i,
  // The wizard's step titles, shown as its h1 (console-facts.md §2.3).
  stepTitle: /^(Select MFA device|Set up device)$/,
  authenticatorApp: /^(Authenticator app|Virtual MFA device|A virtual MFA device)$/i,
  next: /^(Next|Continue|Next Step)$/i,
  showSecret: /^Show secret key( for manual configuration)?$/i,
  // The first step's refusals of a device name.
  nameRefused: /already exists|can contain only|must have|Enter a device name/i,
  qrCode: /QR code/i,
  // The seed is shown as Base32 text on its own; spaces may group it.
  seedText: /^\s*[A-Z2-7]{4}(?:\s?[A-Z2-7]){12,}=*\s*$/,
  code1: /^(MFA code 1|Authentication code 1)$/i,
  code2: /^(MFA code 2|Authentication code 2)$/i,
  submit: /^(Add MFA|Assign MFA|Assign Virtual MFA)$/i,
  legacyDialog: /^Manage MFA (Device|device)$/i,
  legacySetupDialog: /^(Set up virtual MFA device|Manage MFA (Device|device))$/i,
  legacyClose: /^(Close|Finish)$/i,
  cancel: /^Cancel$/i,
  // Success wording after Add MFA is not public (console-facts §2.8): match on meaning.
  success: /MFA device (was )?assigned|successfully assigned/i,
  codeRejected: /Authentication code for device is not valid|code.*not valid/i,
  error: /not valid|already exists|error|failed|limit|Try again/i,
} as const;

/** A page's path, without query or fragment (they may carry tokens). */
const pathOf = (href: string): string => {
  try {
    return new URL(href).pathname;
  } catch {
    return href.split(/[?#]/)[0]!;
  }
};

/** The console refused a device name because a device of that name exists (maybe a stale, never-enabled one). */
export class DeviceNameTakenError extends Error {
  override name = 'DeviceNameTakenError';
}

/**
 * What happened when the codes were submitted, as the page showed it: accepted (a success notice, or
 * the set-up gone and Security credentials back), refused (an error, in the console's words), or
 * unclear (no known answer within the bound, or the set-up gone without a notice it knows): then the
 * caller reads the device list before deciding. `seen` quotes what the page showed instead.
 */
export type SubmitOutcome = { ok: true; seen?: string } | { ok: false; message: string } | { ok: 'unclear'; seen: string };

/** How long the console may take to answer "Add MFA" before the outcome counts as unclear. */
const ANSWER_TIMEOUT_MS = 30_000;

/** The steps shared by both generations once an authenticator app was chosen. */
abstract class VirtualMfaSetup extends ConsolePage {
  constructor(
    page: Page,
    protected readonly secrets: SecretStore,
    options: PageOptions = {},
  ) {
    super(page, options);
  }

  /** Where the set-up widgets live: the wizard's main area, or the legacy dialog. */
  protected abstract scope(): Locator;

  showSecretButton(): Locator {
    return control(this.scope(), MFA_SETUP.showSecret);
  }
  seed(): Locator {
    return this.scope().getByText(MFA_SETUP.seedText);
  }
  /** The QR code image, when "Show QR code" was chosen (it encodes the seed). */
  qrCode(): Locator {
    return this.scope().getByRole('img', { name: MFA_SETUP.qrCode });
  }
  code1Field(): Locator {
    return this.scope().getByRole('textbox', { name: MFA_SETUP.code1 });
  }
  code2Field(): Locator {
    return this.scope().getByRole('textbox', { name: MFA_SETUP.code2 });
  }
  submitButton(): Locator {
    return control(this.scope(), MFA_SETUP.submit);
  }
  notices(): Notices {
    return new Notices(this.page);
  }
  /** A refusal: an error notice (by its icon or role), or any notice in the words of an error. */
  errorMessage(): Locator {
    return this.notices().error(MFA_SETUP.error);
  }

  /**
   * Reveals the secret key and captures it, never letting it into the trace; afterwards the key
   * (and the QR code, if shown) stay masked on screen, so no screencast frame or screenshot shows them.
   */
  async revealSecret(): Promise<Secret> {
    return step('Show the secret key and capture it', () =>
      this.secrets.reveal(this.page, 'root-mfa-seed', async () => {
        await this.showSecretButton().click({ timeout: WAIT_BOUND_MS });
        await this.seed().waitFor({ timeout: WAIT_BOUND_MS });
        return { element: this.seed(), alsoMask: [this.qrCode()] };
      }),
    );
  }

  /**
   * Fills MFA code 1 and MFA code 2 (checking each field holds its code) and submits; then reads the
   * outcome from the page's state, never from one notification's role (SubmitOutcome).
   */
  async submitCodes(code1: Secret, code2: Secret): Promise<SubmitOutcome> {
    return step('Enter two consecutive MFA codes and submit', async () => {
      await fillSecretChecked(this.secrets, this.code1Field(), code1, 'MFA code 1');
      await fillSecretChecked(this.secrets, this.code2Field(), code2, 'MFA code 2');
      await this.submitButton().click({ timeout: WAIT_BOUND_MS });
      return this.outcome();
    });
  }

  /** The outcome of "Add MFA", polled: a success notice, a refusal, or the set-up gone (done without a notice it knows: unclear). */
  protected async outcome(): Promise<SubmitOutcome> {
    let seen: SubmitOutcome | undefined;
    try {
      await expect
        .poll(
          async () => {
            seen = await this.outcomeNow();
            return seen !== undefined;
          },
          { message: 'the console neither confirmed nor refused "Add MFA"', timeout: ANSWER_TIMEOUT_MS, intervals: [100, 250, 500] },
        )
        .toBe(true);
    } catch (err) {
      if (this.page.isClosed()) throw err;
      return {
        ok: 'unclear',
        seen: `no answer within ${ANSWER_TIMEOUT_MS / 1000} s; the page showed ${await this.notices().quoteUnknown()} at ${pathOf(this.page.url())}`,
      };
    }
    return seen!;
  }

  private async outcomeNow(): Promise<SubmitOutcome | undefined> {
    if (await this.successSignal().isVisible()) return { ok: true };
    if (await this.errorMessage().isVisible()) return { ok: false, message: (await oneLine(this.errorMessage())) || 'no message' };
    if (await this.setUpGone()) {
      // The console closes the set-up and then shows its notice: asked again now that the set-up is gone, so a
      // notice drawn between the two reads is not taken for silence (seen on the replica, quiet machine or not).
      if (await this.successSignal().isVisible()) return { ok: true };
      // Back where the set-up started, with no notice this page object knows: the device list decides.
      return { ok: 'unclear', seen: `the set-up closed without a notice it knows; the page showed ${await this.notices().quoteUnknown()}` };
    }
    return undefined;
  }

  /** True when the set-up is no longer on screen (its code fields gone) and Security credentials shows. */
  protected async setUpGone(): Promise<boolean> {
    if ((await this.code1Field().count()) > 0) return false;
    return this.page.getByRole('heading', { name: SECURITY_CREDENTIALS.heading }).filter({ visible: true }).first().isVisible();
  }

  /** What shows once the device is assigned. */
  protected abstract successSignal(): Locator;
  /** Ends the set-up (closes the legacy dialog; nothing to do for the wizard). */
  abstract finish(): Promise<void>;
}

/** The current "Assign MFA device" wizard (G2), or a console that asks the same on plain pages. */
export class AssignMfaWizard extends VirtualMfaSetup {
  protected scope(): Locator {
    return this.page.locator('body');
  }
  deviceNameField(): Locator {
    return this.page.getByRole('textbox', { name: MFA_SETUP.deviceName });
  }
  authenticatorAppOption(): Locator {
    return this.page.getByRole('radio', { name: MFA_SETUP.authenticatorApp });
  }
  nextButton(): Locator {
    return control(this.page, MFA_SETUP.next, { exact: true });
  }
  cancelButton(): Locator {
    return control(this.page, MFA_SETUP.cancel);
  }

  /** What shows once the wizard is open: its first field, or (on a changed wizard) a step title. */
  opened(): Locator {
    return this.deviceNameField()
      .or(this.page.getByRole('heading', { name: MFA_SETUP.stepTitle }))
      .first();
  }

  /** True when the wizard is on screen. */
  async isOpen(): Promise<boolean> {
    return this.opened().isVisible();
  }

  /** Waits for the first step; in check mode it first checks the step's shape (the check retries until the step shows). */
  async waitUntilShown(): Promise<void> {
    await step('Wait for the Assign MFA device wizard', async () => {
      if (this.checking) await this.checkShape();
      await this.expectPart('AssignMfaWizard', this.deviceNameField(), WAIT_BOUND_MS);
    });
  }

  /** Check: step 1 still has the recorded shape (step titles, Device name, the device kinds, Cancel and Next; no new field). */
  async checkShape(): Promise<void> {
    await this.checkShapeStep('Check the shape of the Assign MFA device step', 'AssignMfaWizard', 'assign-mfa-select-device');
  }

  /** Names the device, picks "Authenticator app" (checking both took) and moves to "Set up device". */
  async chooseAuthenticatorApp(deviceName: string): Promise<void> {
    await step(`Name the device "${deviceName}" and choose Authenticator app`, async () => {
      await fillChecked(this.deviceNameField(), deviceName, 'the device name');
      await choose(this.authenticatorAppOption(), '"Authenticator app"');
      await this.nextButton().click({ timeout: WAIT_BOUND_MS });
      const firstStepError = this.notices().message(MFA_SETUP.nameRefused, { orText: true });
      await this.showSecretButton().or(firstStepError).first().waitFor({ timeout: ANSWER_TIMEOUT_MS });
      if (await firstStepError.isVisible()) {
        const said = await oneLine(firstStepError);
        const message = `The console refused the device name "${deviceName}": "${said}"`;
        throw /already exists|in use/i.test(said) ? new DeviceNameTakenError(message) : new Error(message);
      }
    });
  }

  protected successSignal(): Locator {
    return this.notices().message(MFA_SETUP.success);
  }
  async finish(): Promise<void> {}

  /** Check mode: the first step has its recorded shape and offers a device name, an authenticator app and Next; then Cancel. Changes nothing. */
  async checkShapeAndCancel(): Promise<void> {
    await step('Check the Assign MFA device step and cancel', async () => {
      await this.checkShape();
      for (const part of [this.deviceNameField(), this.authenticatorAppOption(), this.nextButton()])
        await this.expectPart('AssignMfaWizard', part);
      await this.cancelButton().click({ timeout: WAIT_BOUND_MS });
      await this.deviceNameField().waitFor({ state: 'detached', timeout: WAIT_BOUND_MS });
    });
  }
}

/** The legacy "Activate MFA" → "Manage MFA device" dialog (G1): no device name, one device per user. */
export class LegacyMfaDialog extends VirtualMfaSetup {
  dialog(): Modal {
    return new Modal(this.page, MFA_SETUP.legacySetupDialog);
  }
  protected scope(): Locator {
    return this.page.getByRole('dialog');
  }

  /** Waits for the dialog; in check mode it first checks the dialog's shape. */
  async waitUntilShown(): Promise<void> {
    await step('Wait for the Manage MFA device dialog', async () => {
      if (this.checking) await this.checkShape();
      await this.expectPart('LegacyMfaDialog', this.scope(), WAIT_BOUND_MS);
    });
  }

  /** Check: the dialog still has the recorded shape (title, the device kinds, Cancel and Continue; no new field). */
  async checkShape(): Promise<void> {
    await this.checkShapeStep('Check the shape of the Manage MFA device dialog', 'LegacyMfaDialog', 'manage-mfa-device', this.scope());
  }

  /** Picks "Virtual MFA device" and continues. */
  async chooseAuthenticatorApp(): Promise<void> {
    await step('Choose Virtual MFA device', async () => {
      const dialog = new Modal(this.page, MFA_SETUP.legacyDialog);
      await choose(dialog.root.getByRole('radio', { name: MFA_SETUP.authenticatorApp }), '"Virtual MFA device"');
      await dialog.button(MFA_SETUP.next).click({ timeout: WAIT_BOUND_MS });
      await this.showSecretButton().waitFor({ timeout: ANSWER_TIMEOUT_MS });
    });
  }

  protected successSignal(): Locator {
    return this.scope().getByText(MFA_SETUP.success);
  }
  /** The dialog stays open after success (with "Close"): only its disappearance counts as "gone". */
  protected override async setUpGone(): Promise<boolean> {
    return (await this.page.getByRole('dialog').count()) === 0;
  }

  /** Check mode: the dialog has its recorded shape and offers Virtual MFA device and Continue; then Cancel. Changes nothing. */
  async checkShapeAndCancel(): Promise<void> {
    await step('Check the Manage MFA device dialog and cancel', async () => {
      await this.checkShape();
      const dialog = new Modal(this.page, MFA_SETUP.legacyDialog);
      await this.expectPart('LegacyMfaDialog', dialog.root.getByRole('radio', { name: MFA_SETUP.authenticatorApp }));
      await this.expectPart('LegacyMfaDialog', dialog.button(MFA_SETUP.next));
      await dialog.button(MFA_SETUP.cancel).click({ timeout: WAIT_BOUND_MS });
      await dialog.root.waitFor({ state: 'detached', timeout: WAIT_BOUND_MS });
    });
  }

  /** Closes the dialog after success. */
  async finish(): Promise<void> {
    await step('Close the MFA dialog', async () => {
      const close = control(this.scope(), MFA_SETUP.legacyClose);
      // Already closed (the outcome was read from the state after the dialog went away): nothing to close.
      if (!(await this.scope().count())) return;
      await close.click({ timeout: WAIT_BOUND_MS });
      await this.page.getByRole('dialog').waitFor({ state: 'detached', timeout: WAIT_BOUND_MS });
    });
  }
}
