import { errors, expect, type Locator } from '@playwright/test';
import { step } from '../components/component.ts';
import { Modal } from '../components/modal.ts';
import { textOf } from '../components/wizard.ts';
import { identityCenterUrl, IdentityCenterPage } from './console.ts';

/** The Identity Center dashboard's words (console-facts.md §3.2, §3.3, §3.10, §7). */
export const IDC_DASHBOARD = {
  // Not enabled: a container "Enable IAM Identity Center" with an "Enable" button.
  enableSection: /^Enable (IAM Identity Center|AWS SSO|AWS Single Sign-On)$/,
  enable: /^Enable$/,
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
  constructor(readonly region: string, readonly configured: string, who: string) {
    super(`IAM Identity Center of ${who} is enabled in ${region}, not in ${configured}: an organization has one instance, in one Region. `
      + `Set IDC_REGION=${region} to work with that instance (or delete it first to move it); nothing was changed`);
  }
}

/** The Identity Center dashboard: "Enable" when there is no instance, the Settings summary when there is. */
export class IdentityCenterDashboard extends IdentityCenterPage {
  heading(): Locator { return this.page.getByRole('heading', { level: 1 }).filter({ hasText: /^(Dashboard|IAM Identity Center|AWS IAM Identity Center.*|AWS Single Sign-On|AWS SSO)$/ }); }
  enableButton(): Locator { return this.page.getByRole('main').getByRole('button', { name: IDC_DASHBOARD.enable }); }
  settingsSummary(): Locator { return this.page.getByRole('heading', { name: IDC_DASHBOARD.settingsSummary }); }
  otherRegionAlert(): Locator {
    return this.page.getByRole('group').filter({ hasText: IDC_DASHBOARD.otherRegion }).or(this.page.getByRole('alert').filter({ hasText: IDC_DASHBOARD.otherRegion })).first();
  }
  portalUrlLink(): Locator {
    return this.page.getByRole('definition').filter({ has: this.page.getByRole('button', { name: IDC_DASHBOARD.portalUrlCopy }) }).getByRole('link', { name: IDC_DASHBOARD.portalUrl });
  }
  instanceIdValue(): Locator { return this.page.getByRole('definition').filter({ hasText: IDC_DASHBOARD.instanceId }); }
  enableDialog(): Modal { return new Modal(this.page, IDC_DASHBOARD.enableDialog); }
  /** What shows once the dashboard is up, whatever its state: the sign-in's "landed" signal. */
  shown(): Locator { return this.enableButton().or(this.settingsSummary()).or(this.otherRegionAlert()); }

  /** Opens the dashboard of `region`; the console sends the browser to sign-in first when needed. */
  async open(consoleUrl: string, region: string): Promise<void> {
    await step(`Open the IAM Identity Center console in ${region}`, async () => {
      await this.page.goto(identityCenterUrl(consoleUrl, region, 'dashboard'));
    });
  }

  /** Reads whether Identity Center is enabled here, elsewhere, or not at all; in check mode first checks the page's shape. */
  async status(): Promise<IdentityCenterStatus> {
    return step('Read whether IAM Identity Center is enabled', async () => {
      if (this.options.checkShapes) {
        // A changed dashboard shows none of the three: compare it with its recorded shape, which names what changed.
        await this.shown().first().waitFor({ timeout: STATE_PROBE_MS }).catch((err: unknown) => {
          if (!(err instanceof errors.TimeoutError)) throw err;
        });
        if (!(await this.shown().first().isVisible())) await this.checkShape(await this.page.getByRole('heading', { level: 1, name: /^Dashboard$/ }).isVisible() ? 'enabled' : 'not-enabled');
      }
      await this.shown().first().waitFor();
      if (await this.otherRegionAlert().isVisible()) {
        const message = await textOf(this.otherRegionAlert());
        const switchLink = this.page.getByRole('link', { name: IDC_DASHBOARD.switchRegion }).or(this.page.getByRole('button', { name: IDC_DASHBOARD.switchRegion })).first();
        const named = (await switchLink.isVisible()) ? await textOf(switchLink) : message;
        const region = IDC_DASHBOARD.switchRegion.exec(named)?.[1] ?? IDC_DASHBOARD.regionName.exec(named)?.[1] ?? 'another Region';
        return { kind: 'other-region', region, message } as const;
      }
      if (await this.enableButton().isVisible()) {
        if (this.options.checkShapes) await this.checkShape('not-enabled');
        return { kind: 'not-enabled' } as const;
      }
      if (this.options.checkShapes) await this.checkShape('enabled');
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
   */
  async enableWithOrganizations(who: string): Promise<{ instanceId?: string; portalUrl?: string }> {
    return step('Enable IAM Identity Center with AWS Organizations', async () => {
      const dialog = await this.openEnableDialog();
      const withOrganizations = dialog.root.getByRole('radio', { name: IDC_DASHBOARD.withOrganizations });
      if (await withOrganizations.isVisible()) await withOrganizations.check();
      await dialog.button(IDC_DASHBOARD.continue).click();
      const settingsPage = new EnableSettingsPage(this.page, this.options);
      await this.settingsSummary().or(dialog.errorAlert()).or(settingsPage.saveButton()).first().waitFor({ timeout: 60_000 });
      if (await settingsPage.saveButton().isVisible()) await settingsPage.save(who);
      else if (!(await this.settingsSummary().isVisible())) {
        throw new Error(`Could not enable IAM Identity Center for ${who}: the console said "${await textOf(dialog.errorAlert())}"`);
      }
      return this.settings();
    });
  }

  /** Check mode: opens the enable dialog, checks its shape, and cancels. Changes nothing. */
  async checkEnableDialogAndCancel(): Promise<void> {
    await step('Check the enable dialog and cancel', async () => {
      const dialog = await this.openEnableDialog();
      await this.checkShapeOf('IdentityCenterDashboard', 'identity-center-enable-dialog', dialog.root);
      await dialog.button(IDC_DASHBOARD.cancel).click();
      await dialog.root.waitFor({ state: 'detached' });
    });
  }

  /** The instance id and the access portal URL as the Settings summary shows them. */
  private async settings(): Promise<{ instanceId?: string; portalUrl?: string }> {
    await this.settingsSummary().waitFor();
    await this.portalUrlLink().or(this.instanceIdValue()).first().waitFor();
    const instanceId = (await this.instanceIdValue().isVisible()) ? await textOf(this.instanceIdValue()) : undefined;
    const portalUrl = (await this.portalUrlLink().isVisible()) ? await textOf(this.portalUrlLink()) : undefined;
    return { ...(instanceId ? { instanceId } : {}), ...(portalUrl ? { portalUrl } : {}) };
  }

  /** "Enable", then the dialog; in the 2022 flow "Create AWS organization" comes first when there is no organization. */
  private async openEnableDialog(): Promise<Modal> {
    await this.enableButton().click();
    const dialog = this.enableDialog();
    const createOrganization = this.page.getByRole('button', { name: IDC_DASHBOARD.createOrganization });
    await dialog.root.or(createOrganization).first().waitFor();
    if (await createOrganization.isVisible()) await createOrganization.click();
    await dialog.root.waitFor();
    return dialog;
  }
}

/**
 * The page after the enable dialog's "Continue" in the current flow (console-facts §3.2): optional
 * tags, optional delegated administration, "Save". Only "Save" enables; the runbook sets neither.
 */
export class EnableSettingsPage extends IdentityCenterPage {
  heading(): Locator { return this.page.getByRole('main').getByRole('heading', { level: 1, name: IDC_DASHBOARD.settingsPage }); }
  saveButton(): Locator { return this.page.getByRole('main').getByRole('button', { name: IDC_DASHBOARD.save }); }
  /** The page's refusal: Cloudscape alerts are `role=group`, told apart by their "Error" status icon. */
  errorAlert(): Locator {
    return this.page.getByRole('main').getByRole('group').filter({ has: this.page.getByRole('img', { name: /^Error$/i }) }).first();
  }
  /** Fields the console refused: Cloudscape marks them only with aria-invalid, which no role query can filter on. */
  invalidFields(): Locator { return this.page.getByRole('main').locator('[aria-invalid="true"]'); }

  /** "Save" with no tags and no delegated administrator; afterwards the dashboard's Settings summary shows, or this throws with the console's words. */
  async save(who: string): Promise<void> {
    await step('Save the IAM Identity Center settings (no tags, no delegated administrator)', async () => {
      await this.heading().waitFor();
      await this.saveButton().click();
      const summary = this.page.getByRole('heading', { name: IDC_DASHBOARD.settingsSummary });
      let outcome = 'pending' as 'done' | 'refused' | 'pending';
      await expect.poll(async () => {
        if (await summary.isVisible()) outcome = 'done';
        else if ((await this.errorAlert().isVisible()) || (await this.invalidFields().count()) > 0) outcome = 'refused';
        return outcome;
      }, { message: `enabling IAM Identity Center for ${who}: the console neither showed the Settings summary nor an error after "Save"`, timeout: 60_000, intervals: [100, 250, 500] }).not.toBe('pending');
      if (outcome === 'refused') {
        const said = (await this.errorAlert().isVisible()) ? await textOf(this.errorAlert()) : 'a field was refused';
        throw new Error(`Could not enable IAM Identity Center for ${who}: the console said "${said}" after "Save"`);
      }
    });
  }
}
