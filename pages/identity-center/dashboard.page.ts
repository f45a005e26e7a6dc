import { errors, expect, type Locator } from '@playwright/test';
import { waitForAnyKnownState, waitForKnownState } from '../../lib/drift/known-state.ts';
import { step } from '../components/component.ts';
import { ANSWER_TIMEOUT_MS, choose, control, heading, loose, notice, oneLine, press, STATE_TIMEOUT_MS } from '../components/meaning.ts';
import { Modal } from '../components/modal.ts';
import { identityCenterUrl, IdentityCenterPage, seenOn } from './console.ts';

/** An element's text on one line ("no message" when empty). */
const textOf = async (locator: Locator): Promise<string> =>
  oneLine(await locator.textContent({ timeout: STATE_TIMEOUT_MS })) || 'no message';
/** How long enabling may take (the console creates the organization and the instance). */
const ENABLE_TIMEOUT_MS = 2 * ANSWER_TIMEOUT_MS;

/** The Identity Center dashboard's words (console-facts.md §3.2, §3.3, §3.10, §7). */
export const IDC_DASHBOARD = {
  // Not enabled: a container "Enable IAM Identity Center" with an "Enable" button.
  enableSection: /^Enable (IAM Identity Center|AWS SSO|AWS Single Sign-On)$/,
  enable: /^Enable( IAM Identity Center| AWS SSO| AWS Single Sign-On)?$/,
  // 2022 flow: "Enable" → "Create AWS organization" when the account is in none.
  createOrganization: /^Create AWS organization$/,
  enableDialog: /^Enable (IAM Identity Center|AWS SSO|AWS Single Sign-On)$|^Enable with AWS Organizations$/,
  withOrganizations: /^Enable with AWS Organizations$/,
  continue: /^Continue$/,
  cancel: /^Cancel$/,
  // Current flow (console-facts §3.2, [doc]): after "Continue" a page with optional tags and optional
  // delegated administration, then "Save". Other sources go from "Continue" straight to the flash.
  settingsPage: /^Enable (IAM Identity Center|AWS SSO|AWS Single Sign-On)$/,
  save: /^Save$/,
  // Enabled: "Dashboard" → "Settings summary" → "AWS access portal URL".
  settingsSummary: /^Settings summary$/,
  portalUrlCopy: /^Copy AWS access portal URL$/,
  portalUrl: /^https?:\/\/\S+$/,
  instanceId: /^ssoins-[0-9a-f]{16}$/,
  enabledFlash: /successfully created the organization instance of IAM Identity Center/i,
  // The console's words for "enabled in another Region" are not public (console-facts §3.3): match on meaning.
  otherRegion: /enabled in another Region|already has an instance of IAM Identity Center in|only available in/i,
  switchRegion: /^Switch to ([a-z]{2}(?:-gov)?-[a-z]+-\d)$/,
  regionName: /\b([a-z]{2}(?:-gov)?-[a-z]+-\d)\b/,
} as const;

/** Check mode: how long the dashboard may show none of its states before it is compared with its recorded shape. */
const STATE_PROBE_MS = 10_000;

/** What the dashboard says about Identity Center in its Region. */
export type IdentityCenterStatus =
  | { kind: 'not-enabled' }
  | { kind: 'enabled'; instanceId?: string; portalUrl?: string }
  | { kind: 'other-region'; region: string; message: string };

/** The console said Identity Center lives in another Region: nothing can be set up in this one. */
export class IdentityCenterInAnotherRegionError extends Error {
  override name = 'IdentityCenterInAnotherRegionError';
  constructor(
    readonly region: string,
    readonly configured: string,
    who: string,
  ) {
    super(
      `IAM Identity Center of ${who} is enabled in ${region}, not in ${configured}: an organization has one instance, in one Region. ` +
        `Set IDC_REGION=${region} to work with that instance (or delete it first to move it); nothing was changed`,
    );
  }
}

/** The Identity Center dashboard: "Enable" when there is no instance, the Settings summary when there is. */
export class IdentityCenterDashboard extends IdentityCenterPage {
  heading(): Locator {
    return heading(this.page, /^(Dashboard|IAM Identity Center|AWS IAM Identity Center.*|AWS Single Sign-On|AWS SSO)$/, 1);
  }
  enableButton(): Locator {
    return control(this.content(), IDC_DASHBOARD.enable);
  }
  settingsSummary(): Locator {
    return heading(this.page, IDC_DASHBOARD.settingsSummary);
  }
  otherRegionAlert(): Locator {
    return notice(this.page, IDC_DASHBOARD.otherRegion);
  }
  portalUrlLink(): Locator {
    return control(
      this.page.getByRole('definition').filter({ has: control(this.page, IDC_DASHBOARD.portalUrlCopy) }),
      IDC_DASHBOARD.portalUrl,
    );
  }
  instanceIdValue(): Locator {
    return this.page
      .getByRole('definition')
      .filter({ hasText: loose(IDC_DASHBOARD.instanceId) })
      .first();
  }
  enableDialog(): Modal {
    return new Modal(this.page, loose(IDC_DASHBOARD.enableDialog));
  }
  /** What shows once the dashboard is up, whatever its state: the sign-in's "landed" signal. */
  shown(): Locator {
    return this.enableButton().or(this.settingsSummary()).or(this.otherRegionAlert());
  }
  /** The dashboard's three states, for a bounded wait that reports an unknown page. */
  private states() {
    return { 'other-region': this.otherRegionAlert(), 'not-enabled': this.enableButton(), enabled: this.settingsSummary() };
  }

  /** Opens the dashboard of `region`; the console sends the browser to sign-in first when needed. */
  async open(consoleUrl: string, region: string): Promise<void> {
    await step(`Open the IAM Identity Center console in ${region}`, async () => {
      await this.page.goto(identityCenterUrl(consoleUrl, region, 'dashboard'));
    });
  }

  /** Reads whether Identity Center is enabled here, elsewhere, or not at all; in check mode first checks the page's shape. */
  async status(): Promise<IdentityCenterStatus> {
    return step('Read whether IAM Identity Center is enabled', async () => {
      if (this.checking) {
        // A changed dashboard shows none of the three: compare it with its recorded shape, which names what changed.
        await this.shown()
          .first()
          .waitFor({ timeout: STATE_PROBE_MS })
          .catch((err: unknown) => {
            if (!(err instanceof errors.TimeoutError)) throw err;
          });
        if (!(await this.shown().first().isVisible()))
          await this.checkShape(
            (await this.page.getByRole('heading', { level: 1, name: /^Dashboard$/ }).isVisible()) ? 'enabled' : 'not-enabled',
          );
      }
      const state = await waitForKnownState(
        this.page,
        { pageObject: 'IdentityCenterDashboard', step: 'Read whether IAM Identity Center is enabled' },
        this.states(),
        { order: ['other-region', 'not-enabled', 'enabled'] },
      );
      if (state === 'other-region') {
        const message = await textOf(this.otherRegionAlert());
        const switchLink = control(this.page, IDC_DASHBOARD.switchRegion);
        const named = (await switchLink.isVisible()) ? await textOf(switchLink) : message;
        const region = IDC_DASHBOARD.switchRegion.exec(named)?.[1] ?? IDC_DASHBOARD.regionName.exec(named)?.[1] ?? 'another Region';
        return { kind: 'other-region', region, message } as const;
      }
      if (state === 'not-enabled') {
        if (this.checking) await this.checkShape('not-enabled');
        return { kind: 'not-enabled' } as const;
      }
      if (this.checking) await this.checkShape('enabled');
      return { kind: 'enabled', ...(await this.settings()) } as const;
    });
  }

  /** Check: the dashboard still has its recorded shape ("Enable", or the Settings summary). */
  async checkShape(state: 'not-enabled' | 'enabled'): Promise<void> {
    await this.checkShapeOf('IdentityCenterDashboard', state === 'enabled' ? 'identity-center-dashboard' : 'identity-center-enable');
  }

  /**
   * Enables the organization instance: "Enable" → "Enable with AWS Organizations" → "Continue"
   * (creating the organization when there is none) and, when the console then shows its settings
   * page (tags, delegated administration), "Save" with neither; afterwards the Settings summary shows.
   * When the console answers with nothing this page object knows, the dashboard is opened again and
   * read: enabled is a done change (`unclear` says what was not recognised), anything else throws.
   */
  async enableWithOrganizations(
    who: string,
    consoleUrl: string,
    region: string,
  ): Promise<{ instanceId?: string; portalUrl?: string; unclear?: string }> {
    return step('Enable IAM Identity Center with AWS Organizations', async () => {
      const dialog = await this.openEnableDialog();
      const withOrganizations = dialog.root.getByRole('radio', { name: loose(IDC_DASHBOARD.withOrganizations) });
      if (await withOrganizations.isVisible()) await choose(withOrganizations, 'The "Enable with AWS Organizations" option');
      await press(control(dialog.root, IDC_DASHBOARD.continue));
      const settingsPage = new EnableSettingsPage(this.page, this.options);
      const refusal = dialog.errorAlert().or(this.refusal()).first();
      let answer: 'enabled' | 'settings-page' | 'refused' | undefined;
      try {
        await expect
          .poll(
            async () => {
              if (await this.settingsSummary().isVisible()) answer = 'enabled';
              else if (await settingsPage.saveButton().isVisible()) answer = 'settings-page';
              else if (await refusal.isVisible()) answer = 'refused';
              return answer;
            },
            { timeout: ENABLE_TIMEOUT_MS, intervals: [100, 250, 500] },
          )
          .toBeDefined();
      } catch (err) {
        if (answer !== undefined) throw err;
        return this.readEnabled(who, consoleUrl, region, `after "Continue" ${await seenOn(this.page)}`);
      }
      if (answer === 'refused')
        throw new Error(`Could not enable IAM Identity Center for ${who}: the console said "${await textOf(refusal)}"`);
      if (answer === 'settings-page') {
        const saved = await settingsPage.save(who);
        if (saved !== 'done') return this.readEnabled(who, consoleUrl, region, `after "Save" ${saved.unclear}`);
      }
      return this.settings();
    });
  }

  /** After an unrecognised answer to enabling: the dashboard, opened again, says whether the instance exists. */
  private async readEnabled(
    who: string,
    consoleUrl: string,
    region: string,
    seen: string,
  ): Promise<{ instanceId?: string; portalUrl?: string; unclear: string }> {
    return step('Read whether IAM Identity Center is enabled now', async () => {
      await this.open(consoleUrl, region);
      const now = await this.status();
      if (now.kind !== 'enabled') {
        throw new Error(
          `Enabling IAM Identity Center for ${who}: the console showed ${seen}, and the dashboard now reads ${now.kind === 'other-region' ? `"${now.message}"` : '"not enabled"'}`,
        );
      }
      return {
        ...(now.instanceId ? { instanceId: now.instanceId } : {}),
        ...(now.portalUrl ? { portalUrl: now.portalUrl } : {}),
        unclear: seen,
      };
    });
  }

  /** Check mode: opens the enable dialog, checks its shape, and cancels. Changes nothing. */
  async checkEnableDialogAndCancel(): Promise<void> {
    await step('Check the enable dialog and cancel', async () => {
      const dialog = await this.openEnableDialog();
      await this.checkShapeOf('IdentityCenterDashboard', 'identity-center-enable-dialog', dialog.root);
      await press(control(dialog.root, IDC_DASHBOARD.cancel));
      await dialog.root.waitFor({ state: 'detached', timeout: STATE_TIMEOUT_MS });
    });
  }

  /** The instance id and the access portal URL as the Settings summary shows them. */
  private async settings(): Promise<{ instanceId?: string; portalUrl?: string }> {
    await waitForKnownState(
      this.page,
      { pageObject: 'IdentityCenterDashboard', step: 'Read the Settings summary' },
      { summary: this.settingsSummary() },
    );
    await waitForAnyKnownState(
      this.page,
      { pageObject: 'IdentityCenterDashboard', step: 'Read the Settings summary' },
      { 'portal-url': this.portalUrlLink(), 'instance-id': this.instanceIdValue() },
    );
    // Each read in one call that waits for nothing: a value the summary does not show reads as none.
    const [instanceId] = (await this.instanceIdValue().allTextContents()).map(oneLine);
    const [portalUrl] = (await this.portalUrlLink().allTextContents()).map(oneLine);
    return { ...(instanceId ? { instanceId } : {}), ...(portalUrl ? { portalUrl } : {}) };
  }

  /** "Enable", then the dialog; in the 2022 flow "Create AWS organization" comes first when there is no organization. */
  private async openEnableDialog(): Promise<Modal> {
    await press(this.enableButton());
    const dialog = this.enableDialog();
    const createOrganization = control(this.page, IDC_DASHBOARD.createOrganization);
    const opened = await waitForKnownState(
      this.page,
      { pageObject: 'IdentityCenterDashboard', step: 'Open the enable dialog' },
      { dialog: dialog.root, 'create-organization': createOrganization },
    );
    if (opened === 'create-organization') {
      await press(createOrganization);
      await waitForKnownState(
        this.page,
        { pageObject: 'IdentityCenterDashboard', step: 'Open the enable dialog' },
        { dialog: dialog.root },
      );
    }
    return dialog;
  }
}

/**
 * The page after the enable dialog's "Continue" in the current flow (console-facts §3.2): optional
 * tags, optional delegated administration, "Save". Only "Save" enables; the runbook sets neither.
 */
export class EnableSettingsPage extends IdentityCenterPage {
  heading(): Locator {
    return heading(this.content(), IDC_DASHBOARD.settingsPage, 1);
  }
  saveButton(): Locator {
    return control(this.content(), IDC_DASHBOARD.save);
  }
  /** The page's refusal: an error notice in any role, or a Cloudscape alert told apart by its "Error" status icon. */
  errorAlert(): Locator {
    return this.refusal();
  }
  /** Fields the console refused: Cloudscape marks them only with aria-invalid, which no role query can filter on. */
  // aria-invalid is an ARIA state no getByRole option selects: the attribute is the meaning here, not markup.
  invalidFields(): Locator {
    return this.content().locator('[aria-invalid="true"]');
  }

  /**
   * "Save" with no tags and no delegated administrator; afterwards the dashboard's Settings summary
   * shows ('done'), or this throws with the console's words, or (no answer it knows) says what it saw.
   */
  async save(who: string): Promise<'done' | { unclear: string }> {
    return step('Save the IAM Identity Center settings (no tags, no delegated administrator)', async () => {
      await waitForKnownState(
        this.page,
        { pageObject: 'EnableSettingsPage', step: 'Save the IAM Identity Center settings' },
        { page: this.heading() },
      );
      await press(this.saveButton());
      const summary = heading(this.page, IDC_DASHBOARD.settingsSummary);
      let outcome: 'done' | 'refused' | undefined;
      try {
        await expect
          .poll(
            async () => {
              if (await summary.isVisible()) outcome = 'done';
              else if ((await this.errorAlert().isVisible()) || (await this.invalidFields().count()) > 0) outcome = 'refused';
              return outcome;
            },
            { timeout: ENABLE_TIMEOUT_MS, intervals: [100, 250, 500] },
          )
          .toBeDefined();
      } catch (err) {
        if (outcome === undefined) return { unclear: await seenOn(this.page) };
        throw err;
      }
      if (outcome === 'refused') {
        const said = (await this.errorAlert().isVisible()) ? await textOf(this.errorAlert()) : 'a field was refused';
        throw new Error(`Could not enable IAM Identity Center for ${who}: the console said "${said}" after "Save"`);
      }
      return 'done' as const;
    });
  }
}
