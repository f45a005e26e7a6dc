import type { Locator, Page } from '@playwright/test';
import { literal, step, type PageOptions } from '../components/component.ts';
import {
  choose,
  contentOf,
  control,
  field,
  footerControl,
  heading,
  loose,
  notice,
  oneLine,
  press,
  STATE_TIMEOUT_MS,
  type,
} from '../components/meaning.ts';
import { ResourceTable } from '../components/table.ts';
import { Wizard } from '../components/wizard.ts';
import { waitForAnyKnownState, waitForKnownState } from '../../lib/drift/known-state.ts';
import { IDC_CONSOLE, IdentityCenterPage, submitAndRead } from './console.ts';
import { ConsolePage } from '../components/console-page.ts';

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
  created: (name: string) =>
    new RegExp(
      `(created|creating) (the )?permission set "?${literal(name)}"?|permission set "?${literal(name)}"? (was )?(successfully )?created`,
      'i',
    ),
} as const;

/** One permission set as the list shows it. */
export interface ListedPermissionSet {
  name: string;
  sessionDuration?: string;
  policies?: string;
}

/** The Permission sets list, in the page's content. */
function permissionSetsTable(page: Page): ResourceTable {
  return new ResourceTable(contentOf(page), loose(IDC_PERMISSION_SETS.table));
}

/** Identity Center "Permission sets" and "Create permission set". */
export class PermissionSetsPage extends IdentityCenterPage {
  heading(): Locator {
    return heading(this.page, IDC_PERMISSION_SETS.heading, 1);
  }
  table(): ResourceTable {
    return permissionSetsTable(this.page);
  }
  createButton(): Locator {
    return control(this.content(), IDC_PERMISSION_SETS.create);
  }

  /** Waits (bounded) until the list shows permission sets or says it has none (it may load late). */
  private async loaded(): Promise<void> {
    await waitForAnyKnownState(
      this.page,
      { pageObject: 'PermissionSetsPage', step: 'Wait for the list of permission sets' },
      { rows: this.table().itemRows(loose(IDC_PERMISSION_SETS.empty)), empty: this.table().emptyState(loose(IDC_PERMISSION_SETS.empty)) },
    );
  }

  /** Goes to Permission sets through the navigation pane; afterwards the list has loaded (in check mode its shape is checked). */
  async open(): Promise<void> {
    await step('Open Permission sets', async () => {
      await this.goTo(IDC_CONSOLE.permissionSets);
      await waitForKnownState(this.page, { pageObject: 'PermissionSetsPage', step: 'Open Permission sets' }, { page: this.heading() });
      await this.loaded();
      if (this.checking) await this.checkShapeOf('PermissionSetsPage', 'identity-center-permission-sets');
    });
  }

  /** The permission set of this name as the list shows it (session duration, AWS managed policies), or undefined. */
  async find(name: string): Promise<ListedPermissionSet | undefined> {
    return step(`Look for the permission set "${name}"`, async () => {
      await this.loaded();
      const headers = await this.table().headers();
      const at = (re: RegExp) => headers.findIndex((h) => loose(re).test(h));
      const [nameAt, durationAt, policiesAt] = [
        at(IDC_PERMISSION_SETS.nameColumn),
        at(IDC_PERMISSION_SETS.durationColumn),
        at(IDC_PERMISSION_SETS.policiesColumn),
      ];
      for (const cells of await this.table().rowsText(loose(IDC_PERMISSION_SETS.empty))) {
        if (cells[nameAt] !== name) continue;
        return {
          name,
          ...(durationAt >= 0 ? { sessionDuration: cells[durationAt] } : {}),
          ...(policiesAt >= 0 ? { policies: cells[policiesAt] } : {}),
        };
      }
      return undefined;
    });
  }

  /** Starts "Create permission set"; afterwards its first step shows (in check mode its shape is checked). */
  async startCreate(): Promise<CreatePermissionSetWizard> {
    return step('Start creating a permission set', async () => {
      await press(this.createButton());
      const wizard = new CreatePermissionSetWizard(this.page, this.options);
      await wizard.waitUntilShown();
      return wizard;
    });
  }
}

/** "Create permission set": type (predefined + policy), details (name, session duration), review, "Create". */
export class CreatePermissionSetWizard extends ConsolePage {
  readonly wizard: Wizard;
  constructor(page: Page, options: PageOptions = {}) {
    super(page, options);
    this.wizard = new Wizard(page, IDC_PERMISSION_SETS.submit);
  }

  private main(): Locator {
    return this.page.getByRole('main');
  }
  predefinedOption(): Locator {
    return this.content().getByRole('radio', { name: loose(IDC_PERMISSION_SETS.predefined) });
  }
  policyOption(policy: string): Locator {
    return this.content().getByRole('radio', { name: loose(IDC_PERMISSION_SETS.policy(policy)) });
  }
  nameField(): Locator {
    return field(this.content(), IDC_PERMISSION_SETS.name);
  }
  /** The session duration select: a button (or a link, as some consoles write it) named by its label and the chosen value. */
  durationSelect(): Locator {
    return control(this.content(), IDC_PERMISSION_SETS.sessionDuration);
  }
  submitButton(): Locator {
    return footerControl(this.content(), IDC_PERMISSION_SETS.submit);
  }
  /** A refusal of the wizard: the step's error in any notification role, or a field marked refused. */
  refusal(): Locator {
    return this.wizard.errorAlert().or(notice(this.page, IDC_CONSOLE.errorFlash)).or(this.wizard.invalidFields()).first();
  }

  async waitUntilShown(): Promise<void> {
    await step('Wait for the Create permission set wizard', async () => {
      await waitForKnownState(
        this.page,
        { pageObject: 'CreatePermissionSetWizard', step: 'Wait for the Create permission set wizard' },
        { page: heading(this.page, IDC_PERMISSION_SETS.typeStep, 1) },
      );
      if (this.checking)
        await this.checkShapeStep(
          'Check the shape of the permission set type step',
          'CreatePermissionSetWizard',
          'identity-center-create-permission-set',
          this.main(),
        );
      await waitForKnownState(
        this.page,
        { pageObject: 'CreatePermissionSetWizard', step: 'Wait for the Create permission set wizard' },
        { form: this.predefinedOption() },
      );
    });
  }

  /**
   * Creates a predefined permission set with one AWS managed policy, named `name`, session 1 hour
   * (the default); afterwards the list shows it. A refusal throws with the console's words.
   */
  async create(name: string, policy: string, who: string): Promise<void> {
    await step(`Create the permission set "${name}" (${policy}, 1 hour)`, async () => {
      const what = `Could not create the permission set "${name}" for ${who}`;
      await choose(this.predefinedOption(), 'The "Predefined permission set" option');
      await choose(this.policyOption(policy), `The policy "${policy}"`);
      await this.wizard.next(IDC_PERMISSION_SETS.detailsStep, what);
      await type(this.nameField(), name, 'The Permission set name field');
      const oneHour = loose(IDC_PERMISSION_SETS.oneHour);
      const chosen = () =>
        this.durationSelect()
          .innerText({ timeout: STATE_TIMEOUT_MS })
          .then((t) => oneLine(t.replace(loose(/^Session duration/), '')));
      if (!oneHour.test(await chosen())) {
        await press(this.durationSelect());
        await press(this.page.getByRole('option', { name: oneHour }));
        if (!oneHour.test(await chosen())) throw new Error(`${what}: the session duration reads "${await chosen()}" after choosing 1 hour`);
      }
      await this.wizard.next(IDC_PERMISSION_SETS.reviewStep, what);
      const listed = permissionSetsTable(this.page).row(name);
      await submitAndRead(this.submitButton(), notice(this.page, IDC_PERMISSION_SETS.created(name)).or(listed), this.refusal(), what);
    });
  }

  /** Check mode: leaves the wizard with "Cancel". Changes nothing. */
  async cancel(): Promise<void> {
    await step('Cancel creating the permission set', () => this.wizard.cancel());
  }
}
