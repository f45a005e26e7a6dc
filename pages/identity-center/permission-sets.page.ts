import type { Locator, Page } from '@playwright/test';
import { literal, step, type PageOptions } from '../components/component.ts';
import { Flashbar } from '../components/flashbar.ts';
import { ResourceTable } from '../components/table.ts';
import { Wizard } from '../components/wizard.ts';
import { expectShape } from '../../lib/drift.ts';
import { IDC_CONSOLE, IdentityCenterPage } from './console.ts';

/** The Permission sets page and "Create permission set" words (console-facts.md §3.7). */
export const IDC_PERMISSION_SETS = {
  heading: /^Permission sets( \(\d+\))?$/,
  table: /^Permission sets$/,
  empty: /^No permission sets/i,
  nameColumn: /^(Name|Permission set name)$/,
  durationColumn: /^Session duration$/,
  policiesColumn: /^(AWS managed policies|Policies)$/,
  create: /^Create permission set$/,
  typeStep: /^Select permission set type$/,
  detailsStep: /^Specify permission set details$/,
  reviewStep: /^Review and create$/,
  predefined: /^Predefined permission set$/,
  policy: (name: string) => new RegExp(`^${literal(name)}$`),
  name: /^Permission set name$/,
  sessionDuration: /^Session duration\b/,
  oneHour: /^1 hour$/,
  submit: /^Create$/,
  // The success flash's wording is not public (console-facts §8): match on meaning.
  created: (name: string) => new RegExp(`(created|creating) (the )?permission set "?${literal(name)}"?|permission set "?${literal(name)}"? (was )?(successfully )?created`, 'i'),
} as const;

/** One permission set as the list shows it. */
export interface ListedPermissionSet { name: string; sessionDuration?: string; policies?: string }

/** Identity Center "Permission sets" and "Create permission set". */
export class PermissionSetsPage extends IdentityCenterPage {
  heading(): Locator { return this.page.getByRole('heading', { level: 1, name: IDC_PERMISSION_SETS.heading }); }
  table(): ResourceTable { return new ResourceTable(this.page.getByRole('main'), IDC_PERMISSION_SETS.table); }
  createButton(): Locator {
    const main = this.page.getByRole('main');
    return main.getByRole('link', { name: IDC_PERMISSION_SETS.create }).or(main.getByRole('button', { name: IDC_PERMISSION_SETS.create })).first();
  }

  /** Goes to Permission sets through the navigation pane; afterwards the list has loaded (in check mode its shape is checked). */
  async open(): Promise<void> {
    await step('Open Permission sets', async () => {
      await this.goTo(IDC_CONSOLE.permissionSets);
      await this.heading().waitFor();
      await this.table().waitLoaded(IDC_PERMISSION_SETS.empty);
      if (this.options.checkShapes) await this.checkShapeOf('PermissionSetsPage', 'identity-center-permission-sets');
    });
  }

  /** The permission set of this name as the list shows it (session duration, AWS managed policies), or undefined. */
  async find(name: string): Promise<ListedPermissionSet | undefined> {
    return step(`Look for the permission set "${name}"`, async () => {
      const headers = await this.table().headers();
      const at = (re: RegExp) => headers.findIndex((h) => re.test(h));
      const [nameAt, durationAt, policiesAt] = [at(IDC_PERMISSION_SETS.nameColumn), at(IDC_PERMISSION_SETS.durationColumn), at(IDC_PERMISSION_SETS.policiesColumn)];
      for (const cells of await this.table().rowsText(IDC_PERMISSION_SETS.empty)) {
        if (cells[nameAt] !== name) continue;
        return { name, ...(durationAt >= 0 ? { sessionDuration: cells[durationAt] } : {}), ...(policiesAt >= 0 ? { policies: cells[policiesAt] } : {}) };
      }
      return undefined;
    });
  }

  /** Starts "Create permission set"; afterwards its first step shows (in check mode its shape is checked). */
  async startCreate(): Promise<CreatePermissionSetWizard> {
    return step('Start creating a permission set', async () => {
      await this.createButton().click();
      const wizard = new CreatePermissionSetWizard(this.page, this.options);
      await wizard.waitUntilShown();
      return wizard;
    });
  }
}

/** "Create permission set": type (predefined + policy), details (name, session duration), review, "Create". */
export class CreatePermissionSetWizard {
  readonly wizard: Wizard;
  constructor(readonly page: Page, private readonly options: PageOptions = {}) { this.wizard = new Wizard(page, IDC_PERMISSION_SETS.submit); }

  private main(): Locator { return this.page.getByRole('main'); }
  predefinedOption(): Locator { return this.main().getByRole('radio', { name: IDC_PERMISSION_SETS.predefined }); }
  policyOption(policy: string): Locator { return this.main().getByRole('radio', { name: IDC_PERMISSION_SETS.policy(policy) }); }
  nameField(): Locator { return this.main().getByRole('textbox', { name: IDC_PERMISSION_SETS.name }); }
  /** The session duration select: a button named by its label and the chosen value. */
  durationSelect(): Locator { return this.main().getByRole('button', { name: IDC_PERMISSION_SETS.sessionDuration }); }

  async waitUntilShown(): Promise<void> {
    await step('Wait for the Create permission set wizard', async () => {
      await this.wizard.title(IDC_PERMISSION_SETS.typeStep).waitFor();
      if (this.options.checkShapes) await step('Check the shape of the permission set type step', () => expectShape('CreatePermissionSetWizard', this.main(), 'identity-center-create-permission-set'));
      await this.predefinedOption().waitFor();
    });
  }

  /**
   * Creates a predefined permission set with one AWS managed policy, named `name`, session 1 hour
   * (the default); afterwards the list shows it. A refusal throws with the console's words.
   */
  async create(name: string, policy: string, who: string): Promise<void> {
    await step(`Create the permission set "${name}" (${policy}, 1 hour)`, async () => {
      const what = `Could not create the permission set "${name}" for ${who}`;
      await this.predefinedOption().check();
      await this.policyOption(policy).check();
      await this.wizard.next(IDC_PERMISSION_SETS.detailsStep, what);
      await this.nameField().fill(name);
      if (!IDC_PERMISSION_SETS.oneHour.test((await this.durationSelect().innerText()).trim())) {
        await this.durationSelect().click();
        await this.page.getByRole('option', { name: IDC_PERMISSION_SETS.oneHour }).click();
      }
      await this.wizard.next(IDC_PERMISSION_SETS.reviewStep, what);
      await this.wizard.submitAndWait(new Flashbar(this.page).message(IDC_PERMISSION_SETS.created(name)), what);
    });
  }

  /** Check mode: leaves the wizard with "Cancel". Changes nothing. */
  async cancel(): Promise<void> {
    await step('Cancel creating the permission set', () => this.wizard.cancel());
  }
}
