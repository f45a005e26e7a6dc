import type { Locator, Page } from '@playwright/test';
import { step } from '../components/component.ts';
import { ConsolePage } from '../components/console-page.ts';
import { control, WAIT_BOUND_MS } from '../components/controls.ts';
import { SIGN_IN } from './sign-in.words.ts';

/** The forced-MFA prompt a root without MFA may meet after the password (console-facts §1.6). */
export class ForcedMfaPrompt extends ConsolePage {
  constructor(page: Page) {
    super(page);
  }
  heading(): Locator {
    return this.page.getByRole('heading', { name: SIGN_IN.forcedMfa });
  }
  registerButton(): Locator {
    return control(this.page, SIGN_IN.registerMfa);
  }
  skipButton(): Locator {
    return control(this.page, SIGN_IN.skip);
  }

  /** Check: the prompt still has its recorded shape (heading and "Register MFA device"). */
  async checkShape(): Promise<void> {
    await this.checkShapeStep('Check the shape of the forced-MFA prompt', 'ForcedMfaPrompt', 'sign-in-forced-mfa');
  }

  /** True when the prompt still offers "Skip for now" (it stops offering it once the grace days are over). */
  async canSkip(): Promise<boolean> {
    return this.skipButton().isVisible();
  }

  /** Chooses to register a device now; the console then opens the MFA assignment. */
  async registerNow(): Promise<void> {
    await step('Choose to register an MFA device now', async () => {
      await this.registerButton().click({ timeout: WAIT_BOUND_MS });
      await this.heading().waitFor({ state: 'detached', timeout: WAIT_BOUND_MS });
    });
  }

  /** Chooses "Skip for now"; the console then goes where the sign-in was headed. */
  async skip(): Promise<void> {
    await step('Skip registering an MFA device for now', async () => {
      await this.skipButton().click({ timeout: WAIT_BOUND_MS });
      await this.heading().waitFor({ state: 'detached', timeout: WAIT_BOUND_MS });
    });
  }
}
