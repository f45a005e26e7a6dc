import type { Locator, Page } from '@playwright/test';
import { expectPart, expectShape } from '../../lib/drift.ts';
import type { Secret, SecretStore } from '../../lib/secrets.ts';
import { step, type PageOptions } from '../components/component.ts';

/**
 * The access portal's MFA registration words (console-facts.md §4.4, §7): "Register MFA device"
 * (self-service: "Register device"), "Authenticator app", "Set up the authenticator app", "Show QR
 * code", "show secret key" (lower-case in the portal), one "Authenticator code", "Assign MFA". What
 * follows Assign MFA ("Done", the success text) is not public (§8): matched on meaning.
 */
export const REGISTER_MFA = {
  heading: /^Register (MFA )?device$/i,
  authenticatorApp: /^Authenticator app$/i,
  next: /^(Next|Continue)$/,
  setUpHeading: /^Set up (the |your )?authenticator app$/i,
  showQr: /^Show QR code$/i,
  showSecret: /^Show secret key( for manual configuration)?$/i,
  // The seed is shown as Base32 text on its own; spaces may group it.
  seedText: /^\s*[A-Z2-7]{4}(?:\s?[A-Z2-7]){12,}=*\s*$/,
  code: /^Authenticator code$/i,
  submit: /^Assign MFA$/,
  registered: /(authenticator app|MFA device).*(registered|assigned)|registered.*(authenticator app|MFA device)/i,
  done: /^(Done|Continue|Close)$/,
  refused: /invalid|not valid|try again|incorrect/i,
} as const;

/** What happened when the code was submitted: the device registered (with the name the portal gave it), or refused. */
export type AssignMfaOutcome = { ok: true; deviceName?: string } | { ok: false; message: string };

/** "Register MFA device" → "Authenticator app" → "Set up the authenticator app" → one code → "Assign MFA" → "Done". */
export class RegisterMfaDevicePage {
  constructor(readonly page: Page, private readonly secrets: SecretStore, private readonly options: PageOptions = {}) {}

  heading(): Locator { return this.page.getByRole('heading', { level: 1, name: REGISTER_MFA.heading }); }
  authenticatorAppOption(): Locator { return this.page.getByRole('radio', { name: REGISTER_MFA.authenticatorApp }); }
  nextButton(): Locator { return this.page.getByRole('button', { name: REGISTER_MFA.next }); }
  setUpHeading(): Locator { return this.page.getByRole('heading', { level: 1, name: REGISTER_MFA.setUpHeading }); }
  showSecretButton(): Locator { return this.page.getByRole('button', { name: REGISTER_MFA.showSecret }); }
  seed(): Locator { return this.page.getByRole('main').getByText(REGISTER_MFA.seedText); }
  /** The QR code, if shown (it encodes the seed). */
  qrCode(): Locator { return this.page.getByRole('img', { name: /QR code/i }); }
  codeField(): Locator { return this.page.getByRole('textbox', { name: REGISTER_MFA.code }); }
  submitButton(): Locator { return this.page.getByRole('button', { name: REGISTER_MFA.submit }); }
  refusal(): Locator { return this.page.getByRole('alert').filter({ hasText: REGISTER_MFA.refused }).first(); }
  /** What shows once the device is registered: the portal's confirmation. */
  registered(): Locator {
    return this.page.getByRole('status').filter({ hasText: REGISTER_MFA.registered })
      .or(this.page.getByRole('heading', { level: 1, name: REGISTER_MFA.registered })).first();
  }
  doneButton(): Locator { return this.page.getByRole('button', { name: REGISTER_MFA.done }); }

  /** Waits for "Register MFA device"; in check mode it first checks the page's recorded shape and the parts the runbook uses. */
  async waitUntilShown(): Promise<void> {
    await step('Wait for the Register MFA device page', async () => {
      if (this.options.checkShapes) {
        await step('Check the shape of the Register MFA device page', () => expectShape('RegisterMfaDevicePage', this.page.getByRole('main'), 'portal-register-mfa'));
        for (const part of [this.authenticatorAppOption(), this.nextButton()]) await expectPart('RegisterMfaDevicePage', part);
      }
      await this.heading().waitFor();
    });
  }

  /** Picks "Authenticator app" and goes on to "Set up the authenticator app". */
  async chooseAuthenticatorApp(): Promise<void> {
    await step('Choose Authenticator app', async () => {
      await this.authenticatorAppOption().check();
      await this.nextButton().click();
      await this.showSecretButton().waitFor();
    });
  }

  /**
   * Reveals the secret key and captures it, never letting it into the trace; afterwards the key (and
   * the QR code, if shown) stay masked on screen, so no screencast frame or screenshot shows them.
   */
  async revealSecret(): Promise<Secret> {
    return step('Show the secret key and capture it', () =>
      this.secrets.reveal(this.page, 'portal-mfa-seed', async () => {
        await this.showSecretButton().click();
        await this.seed().waitFor();
        return { element: this.seed(), alsoMask: [this.qrCode()] };
      }));
  }

  /** Types one authenticator code and chooses "Assign MFA"; reports the portal's refusal instead of throwing. */
  async assignMfa(code: Secret): Promise<AssignMfaOutcome> {
    return step('Enter the authenticator code and assign MFA', async () => {
      await this.secrets.fill(this.codeField(), code);
      await this.submitButton().click();
      await this.registered().or(this.refusal()).first().waitFor();
      if (await this.refusal().isVisible()) return { ok: false, message: ((await this.refusal().textContent()) ?? '').trim() } as const;
      return { ok: true, deviceName: await this.registeredDeviceName() } as const;
    });
  }

  /** The device name the portal gave the app, when its confirmation names one ("Your authenticator app <name> is registered"). */
  async registeredDeviceName(): Promise<string | undefined> {
    const status = this.page.getByRole('status').filter({ hasText: REGISTER_MFA.registered });
    if (!(await status.isVisible())) return undefined;
    const text = ((await status.textContent()) ?? '').replace(/\s+/g, ' ');
    return /authenticator app (.+?) is registered/i.exec(text)?.[1]?.trim();
  }

  /** Chooses "Done"; the portal then goes on to where the sign-in was headed (the portal home). */
  async finish(): Promise<void> {
    await step('Finish the MFA registration', async () => {
      await this.doneButton().click();
      await this.registered().waitFor({ state: 'detached' });
    });
  }
}
