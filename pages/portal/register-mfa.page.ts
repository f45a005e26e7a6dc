import { expect, type Locator, type Page } from '@playwright/test';
import { expectPart } from '../../lib/drift/drift.ts';
import { waitForKnownState } from '../../lib/drift/known-state.ts';
import type { Secret, SecretStore } from '../../lib/secrets/secrets.ts';
import { step, type PageOptions } from '../components/component.ts';
import {
  ANSWER_TIMEOUT_MS,
  choose,
  loose,
  contentOf,
  control,
  field,
  heading,
  notice,
  oneLine,
  press,
  STATE_TIMEOUT_MS,
  typeSecret,
} from '../components/meaning.ts';
import { ConsolePage } from '../components/console-page.ts';

/**
 * The access portal's MFA registration words (console-facts.md §4.4, §7): "Register MFA device"
 * (self-service: "Register device"), "Authenticator app", "Set up the authenticator app", "Show QR
 * code", "show secret key" (lower-case in the portal), one "Authenticator code", "Assign MFA". What
 * follows Assign MFA ("Done", the success text) is not public (§8): matched on meaning.
 */
export const REGISTER_MFA = {
  heading: /^Register (MFA )?device$/i,
  // "Authenticator app" (SSOUG-22); older IAM wording "Virtual MFA device" / "A virtual MFA device" (§7).
  authenticatorApp: /^(Authenticator app|(A )?virtual MFA device)$/i,
  next: /^(Next|Continue|Next step)$/,
  setUpHeading: /^Set up (the |your )?(authenticator app|virtual MFA device)$/i,
  showQr: /^Show QR code$/i,
  showSecret: /^Show secret key( for manual configuration)?$/i,
  // The seed is shown as Base32 text on its own; spaces may group it.
  seedText: /^\s*[A-Z2-7]{4}(?:\s?[A-Z2-7]){12,}=*\s*$/,
  code: /^(Authenticator code|MFA code( 1)?|Authentication code( 1)?)$/i,
  // Portal "Assign MFA"; §7 lists "Assign Virtual MFA" → "Assign MFA" → "Add MFA" for the same submit.
  submit: /^(Assign MFA|Add MFA|Assign Virtual MFA)$/,
  registered: /(authenticator app|MFA device).*(registered|assigned)|registered.*(authenticator app|MFA device)/i,
  done: /^(Done|Continue|Close|Finish)$/,
  refused: /invalid|not valid|try again|incorrect/i,
} as const;

/** What happened when the code was submitted: the device registered (with the name the portal gave it), or refused. */
export type AssignMfaOutcome =
  | { ok: true; deviceName?: string }
  | { ok: false; message: string }
  /** The portal showed neither its confirmation nor a refusal in time: what the page showed instead. */
  | { ok: 'unclear'; seen: string };

/** "Register MFA device" → "Authenticator app" → "Set up the authenticator app" → one code → "Assign MFA" → "Done". */
export class RegisterMfaDevicePage extends ConsolePage {
  constructor(
    page: Page,
    private readonly secrets: SecretStore,
    options: PageOptions = {},
  ) {
    super(page, options);
  }

  heading(): Locator {
    return heading(this.page, REGISTER_MFA.heading);
  }
  authenticatorAppOption(): Locator {
    return this.page.getByRole('radio', { name: loose(REGISTER_MFA.authenticatorApp) });
  }
  nextButton(): Locator {
    return control(this.page, REGISTER_MFA.next);
  }
  setUpHeading(): Locator {
    return heading(this.page, REGISTER_MFA.setUpHeading);
  }
  showSecretButton(): Locator {
    return control(this.page, REGISTER_MFA.showSecret);
  }
  seed(): Locator {
    return contentOf(this.page).getByText(REGISTER_MFA.seedText);
  }
  /** The QR code, if shown (it encodes the seed). */
  qrCode(): Locator {
    return this.page.getByRole('img', { name: /QR\s*code/i });
  }
  codeField(): Locator {
    return field(this.page, REGISTER_MFA.code);
  }
  submitButton(): Locator {
    return control(this.page, REGISTER_MFA.submit);
  }
  /** The portal's refusal of a code, in whatever notification role it comes. */
  refusal(): Locator {
    return notice(this.page, REGISTER_MFA.refused);
  }
  /** The portal's confirmation that the device is registered: a notice, or the page's heading. */
  registeredNotice(): Locator {
    return notice(this.page, REGISTER_MFA.registered);
  }
  registered(): Locator {
    return this.registeredNotice().or(heading(this.page, REGISTER_MFA.registered)).first();
  }
  doneButton(): Locator {
    return control(this.page, REGISTER_MFA.done);
  }

  /** Waits for "Register MFA device"; in check mode it first checks the page's recorded shape and the parts the runbook uses. */
  async waitUntilShown(): Promise<void> {
    await step('Wait for the Register MFA device page', async () => {
      if (this.checking) {
        await this.checkShapeStep(
          'Check the shape of the Register MFA device page',
          'RegisterMfaDevicePage',
          'portal-register-mfa',
          this.page.getByRole('main'),
        );
        for (const part of [this.authenticatorAppOption(), this.nextButton()]) await expectPart('RegisterMfaDevicePage', part);
      }
      await waitForKnownState(
        this.page,
        { pageObject: 'RegisterMfaDevicePage', step: 'Wait for the Register MFA device page' },
        { page: this.heading() },
      );
    });
  }

  /** Picks "Authenticator app" (confirmed checked: another may be pre-selected, or none) and goes on to "Set up the authenticator app". */
  async chooseAuthenticatorApp(): Promise<void> {
    await step('Choose Authenticator app', async () => {
      await choose(this.authenticatorAppOption(), 'The "Authenticator app" option');
      await press(this.nextButton());
      await waitForKnownState(
        this.page,
        { pageObject: 'RegisterMfaDevicePage', step: 'Choose Authenticator app' },
        { 'set-up': this.showSecretButton() },
      );
    });
  }

  /**
   * Reveals the secret key and captures it, never letting it into the trace; afterwards the key (and
   * the QR code, if shown) stay masked on screen, so no screencast frame or screenshot shows them.
   */
  async revealSecret(): Promise<Secret> {
    return step('Show the secret key and capture it', () =>
      this.secrets.reveal(this.page, 'portal-mfa-seed', async () => {
        await press(this.showSecretButton());
        await waitForKnownState(this.page, { pageObject: 'RegisterMfaDevicePage', step: 'Show the secret key' }, { seed: this.seed() });
        return { element: this.seed().first(), alsoMask: [this.qrCode()] };
      }),
    );
  }

  /**
   * Types one authenticator code (confirmed held by the field) and chooses "Assign MFA"; reports the
   * portal's refusal instead of throwing. A refusal counts only once the portal has answered: the
   * code field no longer holds the code sent (a re-shown form is fresh), so a refusal left from an
   * earlier code is never read as this code's. Neither answer within the bound: `unclear` (the
   * caller reads the device list before deciding; the code may have registered the device).
   */
  async assignMfa(code: Secret): Promise<AssignMfaOutcome> {
    return step('Enter the authenticator code and assign MFA', async () => {
      await typeSecret(this.secrets, this.codeField(), code, 'The authenticator code field');
      await press(this.submitButton());
      let answer: 'registered' | 'refused' | undefined;
      try {
        await expect
          .poll(
            async () => {
              if (await this.registered().isVisible()) answer = 'registered';
              else if ((await this.refusal().isVisible()) && !(await this.stillTyped())) answer = 'refused';
              return answer;
            },
            { timeout: ANSWER_TIMEOUT_MS, intervals: [100, 250, 500] },
          )
          .toBeDefined();
      } catch (err) {
        // Not a failed action: the portal gave no answer this page object knows. The caller reads the state.
        if (answer === undefined) return { ok: 'unclear', seen: await this.seen() } as const;
        throw err;
      }
      if (answer === 'registered') return { ok: true, deviceName: await this.registeredDeviceName() } as const;
      return { ok: false, message: oneLine(await this.refusal().textContent()) || 'refused' } as const;
    });
  }

  /** True while the code field still holds what was typed (the portal has not answered yet); only a yes/no leaves the page. */
  private async stillTyped(): Promise<boolean> {
    const input = this.codeField();
    if (!(await input.isVisible())) return false;
    return input.evaluate((el) => (el as HTMLInputElement).value !== '', undefined, { timeout: 1_000 });
  }

  /** What the page shows instead of an answer, on one line, for the warning. */
  private async seen(): Promise<string> {
    const h1 = this.page.getByRole('heading', { level: 1 }).first();
    return (await h1.isVisible()) ? `the page "${oneLine(await h1.textContent())}"` : `a page at ${new URL(this.page.url()).pathname}`;
  }

  /** The device name the portal gave the app, when its confirmation names one ("Your authenticator app <name> is registered"). */
  async registeredDeviceName(): Promise<string | undefined> {
    const status = this.registeredNotice();
    if (!(await status.isVisible())) return undefined;
    const text = oneLine(await status.textContent());
    return /authenticator app (.+?) is registered/i.exec(text)?.[1]?.trim();
  }

  /** Chooses "Done"; the portal then goes on to where the sign-in was headed (the portal home). */
  async finish(): Promise<void> {
    await step('Finish the MFA registration', async () => {
      await press(this.doneButton());
      await this.registered().waitFor({ state: 'detached', timeout: STATE_TIMEOUT_MS });
    });
  }
}
