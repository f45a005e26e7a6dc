import type { Locator, Page } from '@playwright/test';
import type { Secret, SecretStore } from '../lib/secrets.ts';
import { expectPart, expectShape } from '../lib/drift.ts';
import { step, type PageOptions } from './components/component.ts';
import { Flashbar } from './components/flashbar.ts';
import { Modal } from './components/modal.ts';

/** The MFA set-up words of both console generations (console-facts.md §2.3, §2.4, §7). */
export const MFA_SETUP = {
  deviceName: /^Device name$/,
  // The wizard's step titles, shown as its h1 (console-facts.md §2.3).
  stepTitle: /^(Select MFA device|Set up device)$/,
  authenticatorApp: /^(Authenticator app|Virtual MFA device|A virtual MFA device)$/,
  next: /^(Next|Continue|Next Step)$/,
  showSecret: /^Show secret key( for manual configuration)?$/i,
  qrCode: /QR code/i,
  // The seed is shown as Base32 text on its own; spaces may group it.
  seedText: /^\s*[A-Z2-7]{4}(?:\s?[A-Z2-7]){12,}=*\s*$/,
  code1: /^(MFA code 1|Authentication code 1)$/i,
  code2: /^(MFA code 2|Authentication code 2)$/i,
  submit: /^(Add MFA|Assign MFA|Assign Virtual MFA)$/,
  legacyDialog: /^Manage MFA (Device|device)$/,
  legacySetupDialog: /^(Set up virtual MFA device|Manage MFA (Device|device))$/,
  legacyClose: /^(Close|Finish)$/,
  cancel: /^Cancel$/,
  // Success wording after Add MFA is not public (console-facts §2.8): match on meaning.
  success: /MFA device (was )?assigned|successfully assigned/i,
  codeRejected: /Authentication code for device is not valid|code.*not valid/i,
  error: /not valid|already exists|error|failed|limit|Try again/i,
} as const;

/** The console refused a device name because a device of that name exists (maybe a stale, never-enabled one). */
export class DeviceNameTakenError extends Error {
  override name = 'DeviceNameTakenError';
}

/** What happened when the codes were submitted. */
export type SubmitOutcome = { ok: true } | { ok: false; message: string };

/** The steps shared by both generations once an authenticator app was chosen. */
abstract class VirtualMfaSetup {
  constructor(readonly page: Page, protected readonly secrets: SecretStore, protected readonly options: PageOptions = {}) {}

  /** Where the set-up widgets live: the wizard's main area, or the legacy dialog. */
  protected abstract scope(): Locator;

  showSecretButton(): Locator { return this.scope().getByRole('button', { name: MFA_SETUP.showSecret }); }
  seed(): Locator { return this.scope().getByText(MFA_SETUP.seedText); }
  /** The QR code image, when "Show QR code" was chosen (it encodes the seed). */
  qrCode(): Locator { return this.scope().getByRole('img', { name: MFA_SETUP.qrCode }); }
  code1Field(): Locator { return this.scope().getByRole('textbox', { name: MFA_SETUP.code1 }); }
  code2Field(): Locator { return this.scope().getByRole('textbox', { name: MFA_SETUP.code2 }); }
  submitButton(): Locator { return this.scope().getByRole('button', { name: MFA_SETUP.submit }); }
  errorMessage(): Locator { return new Flashbar(this.page).message(MFA_SETUP.error); }

  /**
   * Reveals the secret key and captures it, never letting it into the trace; afterwards the key
   * (and the QR code, if shown) stay masked on screen, so no screencast frame or screenshot shows them.
   */
  async revealSecret(): Promise<Secret> {
    return step('Show the secret key and capture it', () =>
      this.secrets.reveal(this.page, 'root-mfa-seed', async () => {
        await this.showSecretButton().click();
        await this.seed().waitFor();
        return { element: this.seed(), alsoMask: [this.qrCode()] };
      }));
  }

  /** Fills MFA code 1 and MFA code 2 and submits; reports the console's error instead of throwing on a refusal. */
  async submitCodes(code1: Secret, code2: Secret): Promise<SubmitOutcome> {
    return step('Enter two consecutive MFA codes and submit', async () => {
      await this.secrets.fill(this.code1Field(), code1);
      await this.secrets.fill(this.code2Field(), code2);
      await this.submitButton().click();
      const done = this.successSignal();
      await done.or(this.errorMessage()).first().waitFor({ timeout: 30_000 });
      if (await done.isVisible()) return { ok: true } as const;
      return { ok: false, message: ((await this.errorMessage().textContent()) ?? '').trim() } as const;
    });
  }

  /** What shows once the device is assigned. */
  protected abstract successSignal(): Locator;
  /** Ends the set-up (closes the legacy dialog; nothing to do for the wizard). */
  abstract finish(): Promise<void>;
}

/** The current "Assign MFA device" wizard (G2). */
export class AssignMfaWizard extends VirtualMfaSetup {
  protected scope(): Locator { return this.page.locator('body'); }
  deviceNameField(): Locator { return this.page.getByRole('textbox', { name: MFA_SETUP.deviceName }); }
  authenticatorAppOption(): Locator { return this.page.getByRole('radio', { name: MFA_SETUP.authenticatorApp }); }
  nextButton(): Locator { return this.page.getByRole('button', { name: MFA_SETUP.next, exact: true }); }

  /** What shows once the wizard is open: its first field, or (on a changed wizard) a step title. */
  opened(): Locator { return this.deviceNameField().or(this.page.getByRole('heading', { level: 1, name: MFA_SETUP.stepTitle })).first(); }

  /** True when the wizard is on screen. */
  async isOpen(): Promise<boolean> { return this.opened().isVisible(); }

  /** Waits for the first step; in check mode it first checks the step's shape (the check retries until the step shows). */
  async waitUntilShown(): Promise<void> {
    await step('Wait for the Assign MFA device wizard', async () => {
      if (this.options.checkShapes) await this.checkShape();
      await this.deviceNameField().waitFor();
    });
  }

  /** Check: step 1 still has the recorded shape (step titles, Device name, the device kinds, Cancel and Next; no new field). */
  async checkShape(): Promise<void> {
    await step('Check the shape of the Assign MFA device step', () =>
      expectShape('AssignMfaWizard', this.page.getByRole('main'), 'assign-mfa-select-device'));
  }

  /** Names the device, picks "Authenticator app" and moves to "Set up device". */
  async chooseAuthenticatorApp(deviceName: string): Promise<void> {
    await step(`Name the device "${deviceName}" and choose Authenticator app`, async () => {
      await this.deviceNameField().fill(deviceName);
      await this.authenticatorAppOption().check();
      await this.nextButton().click();
      const firstStepError = this.page.getByText(/already exists|can contain only|must have|Enter a device name/i).first();
      await this.showSecretButton().or(firstStepError).first().waitFor();
      if (await firstStepError.isVisible()) {
        const said = ((await firstStepError.textContent()) ?? '').trim();
        const message = `The console refused the device name "${deviceName}": "${said}"`;
        throw /already exists|in use/i.test(said) ? new DeviceNameTakenError(message) : new Error(message);
      }
    });
  }

  protected successSignal(): Locator { return new Flashbar(this.page).message(MFA_SETUP.success); }
  async finish(): Promise<void> {}

  /** Check mode: the first step has its recorded shape and offers a device name, an authenticator app and Next; then Cancel. Changes nothing. */
  async checkShapeAndCancel(): Promise<void> {
    await step('Check the Assign MFA device step and cancel', async () => {
      await this.checkShape();
      for (const part of [this.deviceNameField(), this.authenticatorAppOption(), this.nextButton()]) await expectPart('AssignMfaWizard', part);
      await this.page.getByRole('button', { name: MFA_SETUP.cancel }).click();
      await this.deviceNameField().waitFor({ state: 'detached' });
    });
  }
}

/** The legacy "Activate MFA" → "Manage MFA device" dialog (G1): no device name, one device per user. */
export class LegacyMfaDialog extends VirtualMfaSetup {
  dialog(): Modal { return new Modal(this.page, MFA_SETUP.legacySetupDialog); }
  protected scope(): Locator { return this.page.getByRole('dialog'); }

  /** Waits for the dialog; in check mode it first checks the dialog's shape. */
  async waitUntilShown(): Promise<void> {
    await step('Wait for the Manage MFA device dialog', async () => {
      if (this.options.checkShapes) await this.checkShape();
      await this.scope().waitFor();
    });
  }

  /** Check: the dialog still has the recorded shape (title, the device kinds, Cancel and Continue; no new field). */
  async checkShape(): Promise<void> {
    await step('Check the shape of the Manage MFA device dialog', () =>
      expectShape('LegacyMfaDialog', this.scope(), 'manage-mfa-device'));
  }

  /** Picks "Virtual MFA device" and continues. */
  async chooseAuthenticatorApp(): Promise<void> {
    await step('Choose Virtual MFA device', async () => {
      const dialog = new Modal(this.page, MFA_SETUP.legacyDialog);
      await dialog.root.getByRole('radio', { name: MFA_SETUP.authenticatorApp }).check();
      await dialog.button(MFA_SETUP.next).click();
      await this.showSecretButton().waitFor();
    });
  }

  protected successSignal(): Locator { return this.scope().getByText(MFA_SETUP.success); }

  /** Check mode: the dialog has its recorded shape and offers Virtual MFA device and Continue; then Cancel. Changes nothing. */
  async checkShapeAndCancel(): Promise<void> {
    await step('Check the Manage MFA device dialog and cancel', async () => {
      await this.checkShape();
      const dialog = new Modal(this.page, MFA_SETUP.legacyDialog);
      await expectPart('LegacyMfaDialog', dialog.root.getByRole('radio', { name: MFA_SETUP.authenticatorApp }));
      await expectPart('LegacyMfaDialog', dialog.button(MFA_SETUP.next));
      await dialog.button(MFA_SETUP.cancel).click();
      await dialog.root.waitFor({ state: 'detached' });
    });
  }

  /** Closes the dialog after success. */
  async finish(): Promise<void> {
    await step('Close the MFA dialog', async () => {
      await this.scope().getByRole('button', { name: MFA_SETUP.legacyClose }).click();
      await this.page.getByRole('dialog').waitFor({ state: 'detached' });
    });
  }
}
