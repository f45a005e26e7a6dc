import { errors, type Locator, type Page } from '@playwright/test';
import { waitForAnyKnownState, waitForKnownState } from '../../lib/drift/known-state.ts';
import type { SecretStore } from '../../lib/secrets/secrets.ts';
import { AssignMfaWizard, LegacyMfaDialog } from './assign-mfa.wizard.ts';
import { SECURITY_CREDENTIALS } from './security-credentials.words.ts';
import { step, type PageOptions } from '../components/component.ts';
import { contentScope, control, WAIT_BOUND_MS } from '../components/controls.ts';
import { ConsolePage } from '../components/console-page.ts';

// The words live in their own file so the wizard can read them without importing this page (no cycle).
export { SECURITY_CREDENTIALS };

/** How long the shape check waits for either generation's MFA control before comparing with the current generation's shape. */
const GENERATION_PROBE_MS = 10_000;

/** Root's Security credentials: MFA devices and access keys. */
export class SecurityCredentialsPage extends ConsolePage {
  /** The generation the page showed when last waited for (one console does not change generation between two clicks); read again after `open`. */
  #generation: 'current' | 'legacy' | undefined;

  constructor(
    page: Page,
    private readonly secrets: SecretStore,
    options: PageOptions = {},
  ) {
    super(page, options);
  }

  heading(): Locator {
    return this.page.getByRole('heading', { name: SECURITY_CREDENTIALS.heading }).first();
  }
  interstitialButton(): Locator {
    return control(this.page, SECURITY_CREDENTIALS.continueInterstitial);
  }
  /** What shows once the page (or the dialog in front of it) is up: the sign-in's "landed" signal. */
  shown(): Locator {
    return this.heading().or(this.interstitialButton());
  }
  assignButton(): Locator {
    return control(this.page, SECURITY_CREDENTIALS.assign);
  }
  legacySection(): Locator {
    return this.page.getByRole('button', { name: SECURITY_CREDENTIALS.legacyMfaSection });
  }
  legacyActivateButton(): Locator {
    return control(this.page, SECURITY_CREDENTIALS.legacyActivate);
  }
  /** Every MFA serial number shown on the page (table cells or the legacy section's text). */
  mfaSerials(): Locator {
    return this.page.getByText(SECURITY_CREDENTIALS.mfaSerial);
  }

  /** Opens the page from the console's base URL; the console sends the browser to sign-in first when needed. */
  async open(consoleUrl: string): Promise<void> {
    await step('Open Security credentials', async () => {
      this.#generation = undefined;
      const target = `${consoleUrl}${SECURITY_CREDENTIALS.path}`;
      // Already there: a goto to the same URL only changes the fragment and would not read the page again.
      if (this.page.url() === target) await this.page.reload();
      else await this.page.goto(target);
    });
  }

  /**
   * Waits for the page, passing the "Continue to Security credentials" dialog when it shows, then for
   * its MFA section (either generation's control); a page without one fails within the bound as an
   * unknown page, naming this step and the locators tried.
   */
  async waitUntilShown(): Promise<void> {
    await step('Wait for Security credentials', async () => {
      const shown = await waitForKnownState(
        this.page,
        { pageObject: 'SecurityCredentialsPage', step: 'Wait for Security credentials' },
        { interstitial: this.interstitialButton(), page: this.heading() },
        { timeoutMs: WAIT_BOUND_MS },
      );
      if (shown === 'interstitial') await this.interstitialButton().click({ timeout: WAIT_BOUND_MS });
      if (this.checking) await this.checkShape();
      this.#generation = await this.waitForMfaSection();
    });
  }

  /** Waits for the MFA section's control of either generation; none within the bound is an unknown page. */
  private async waitForMfaSection(): Promise<'current' | 'legacy'> {
    return waitForKnownState(
      this.page,
      { pageObject: 'SecurityCredentialsPage', step: 'Find the MFA section on Security credentials' },
      { current: this.assignButton(), legacy: this.legacySection() },
    );
  }

  /** Check: the page still has the shape recorded for its generation (heading, the MFA section and its button). */
  async checkShape(): Promise<void> {
    await step('Check the shape of Security credentials', async () => {
      // Which recording applies: the generation whose MFA control shows. When neither shows in time
      // (a changed page), the comparison with the current generation's shape says what is there instead.
      await this.assignButton()
        .or(this.legacySection())
        .first()
        .waitFor({ timeout: GENERATION_PROBE_MS })
        .catch((err: unknown) => {
          if (!(err instanceof errors.TimeoutError)) throw err;
        });
      const legacy = await this.legacySection().isVisible();
      await this.expectShape(
        'SecurityCredentialsPage',
        contentScope(this.page),
        legacy ? 'security-credentials-legacy' : 'security-credentials',
      );
    });
  }

  /** Which console generation this page is: as `waitUntilShown` found it, else waited for now. */
  async generation(): Promise<'current' | 'legacy'> {
    this.#generation ??= await this.waitForMfaSection();
    return this.#generation;
  }

  /** The root's MFA device serials as the page lists them. */
  async listMfaSerials(): Promise<string[]> {
    return step('Read the MFA devices listed', async () => {
      if ((await this.generation()) === 'legacy') await this.expandLegacySection();
      // The list loads after the page: wait for a device or for the empty state, whichever comes.
      const empty = this.page.getByText(SECURITY_CREDENTIALS.noMfaDevices).or(this.legacyActivateButton());
      // Whichever came, the serials are read the same way: which one it was is not asked.
      await waitForAnyKnownState(
        this.page,
        { pageObject: 'SecurityCredentialsPage', step: 'Read the MFA devices listed' },
        { devices: this.mfaSerials(), empty },
        // Check mode: the list is a part the runbook relies on, so a changed one is drift within the shape bound.
        { timeoutMs: (this.checking && this.options.shapeTimeoutMs) || WAIT_BOUND_MS },
      );
      const texts = await this.mfaSerials().allTextContents();
      return [...new Set(texts.map((t) => t.match(SECURITY_CREDENTIALS.mfaSerial)?.[0]).filter((s): s is string => Boolean(s)))];
    });
  }

  /** Starts assigning a device: the G2 wizard, or the G1 dialog. */
  async startAssignMfa(): Promise<AssignMfaWizard | LegacyMfaDialog> {
    return step('Start assigning an MFA device', async () => {
      if ((await this.generation()) === 'current') {
        await this.assignButton().click({ timeout: WAIT_BOUND_MS });
        const wizard = new AssignMfaWizard(this.page, this.secrets, this.options);
        await wizard.waitUntilShown();
        return wizard;
      }
      await this.expandLegacySection();
      await this.legacyActivateButton().click({ timeout: WAIT_BOUND_MS });
      const dialog = new LegacyMfaDialog(this.page, this.secrets, this.options);
      await dialog.waitUntilShown();
      return dialog;
    });
  }

  private async expandLegacySection(): Promise<void> {
    if ((await this.legacySection().getAttribute('aria-expanded', { timeout: WAIT_BOUND_MS })) !== 'true')
      await this.legacySection().click({ timeout: WAIT_BOUND_MS });
  }
}
