import { expect, type Locator, type Page } from '@playwright/test';
import { waitForAnyKnownState, waitForKnownState } from '../../lib/drift/known-state.ts';
import { step, type PageOptions } from '../components/component.ts';
import { choose, control, footerControl, heading, loose, notice, oneLine, press } from '../components/meaning.ts';
import { ResourceTable } from '../components/table.ts';
import { Wizard } from '../components/wizard.ts';
import { IDC_CONSOLE, IdentityCenterPage, submitAndRead } from './console.ts';
import { ConsolePage } from '../components/console-page.ts';

/** The AWS accounts page, the assignment wizard and the account page's words (console-facts.md §3.8). */
export const IDC_ACCOUNTS = {
  heading: /^AWS accounts( \(\d+\))?$/,
  table: /^AWS accounts$/,
  empty: /^No AWS accounts/i,
  assign: /^Assign users or groups$/,
  principalsStep: /^Select users and groups$/,
  permissionSetsStep: /^Select permission sets$/,
  reviewStep: /^Review and submit$/,
  groupsTab: /^Groups$/,
  groupsTable: /^Groups$/,
  noGroups: /^No groups/i,
  permissionSetsTable: /^Permission sets$/,
  noPermissionSets: /^No permission sets/i,
  submit: /^Submit$/,
  assignmentsTable: /^Assigned users and groups$/,
  noAssignments: /^No (users or groups|assignments)/i,
  statusColumn: /^Provisioning status$/,
  // The status words are not public (console-facts §8): the replica's, and plausible others.
  provisioned: /^(Provisioned|Succeeded|Complete(d)?)$/i,
  inProgress: /^(In progress|Pending|Provisioning)$/i,
  failed: /^Failed/i,
} as const;

/** Where an assignment stands, as the account page shows it. */
export type ProvisioningStatus = 'provisioned' | 'in-progress' | 'failed' | 'absent';

/** How long provisioning may take before the run gives up ("can take a few minutes", console-facts §3.8). */
const PROVISIONING_TIMEOUT_MS = 10 * 60_000;
/** The real console may not refresh the status by itself: reload the account page this often while waiting. */
const RELOAD_EVERY_MS = 15_000;

/** "AWS accounts": the organization's accounts; select one, then "Assign users or groups". */
export class AwsAccountsPage extends IdentityCenterPage {
  heading(): Locator {
    return heading(this.page, IDC_ACCOUNTS.heading, 1);
  }
  table(): ResourceTable {
    return new ResourceTable(this.content(), loose(IDC_ACCOUNTS.table));
  }
  /** The row of an account, by its 12-digit id. */
  accountRow(accountId: string): Locator {
    return this.table().row(accountId);
  }
  assignButton(): Locator {
    return control(this.content(), IDC_ACCOUNTS.assign);
  }

  /** Goes to AWS accounts through the navigation pane; afterwards the accounts are listed (in check mode the shape is checked). */
  async open(): Promise<void> {
    await step('Open AWS accounts', async () => {
      await this.goTo(IDC_CONSOLE.awsAccounts);
      await waitForKnownState(this.page, { pageObject: 'AwsAccountsPage', step: 'Open AWS accounts' }, { page: this.heading() });
      await waitForAnyKnownState(
        this.page,
        { pageObject: 'AwsAccountsPage', step: 'Wait for the list of AWS accounts' },
        { rows: this.table().itemRows(loose(IDC_ACCOUNTS.empty)), empty: this.table().emptyState(loose(IDC_ACCOUNTS.empty)) },
      );
      if (this.checking) await this.checkShapeOf('AwsAccountsPage', 'identity-center-aws-accounts');
    });
  }

  /** Opens the account's page (its assigned users and groups with their provisioning status). */
  async openAccount(accountId: string): Promise<AccountAssignmentsPage> {
    return step(`Open the account ${accountId}`, async () => {
      const row = this.accountRow(accountId);
      // The account's name links to its page (a console may write the link as a button).
      await press(row.getByRole('link').or(row.getByRole('button')).first());
      const account = new AccountAssignmentsPage(this.page, this.options);
      await account.waitUntilShown();
      return account;
    });
  }

  /** Selects the account and starts "Assign users or groups"; afterwards the wizard's first step shows. */
  async startAssign(accountId: string): Promise<AssignWizard> {
    return step(`Start assigning users or groups to ${accountId}`, async () => {
      await choose(
        this.accountRow(accountId).getByRole('checkbox').or(this.accountRow(accountId).getByRole('radio')).first(),
        `The account ${accountId}`,
      );
      await press(this.assignButton());
      const wizard = new AssignWizard(this.page, this.options);
      await wizard.waitUntilShown();
      return wizard;
    });
  }
}

/** "Assign users and groups": principals (Users / Groups tabs), permission sets, review, "Submit". */
export class AssignWizard extends ConsolePage {
  readonly wizard: Wizard;
  constructor(page: Page, options: PageOptions = {}) {
    super(page, options);
    this.wizard = new Wizard(page, IDC_ACCOUNTS.submit);
  }

  private main(): Locator {
    return this.page.getByRole('main');
  }
  groupsTab(): Locator {
    return this.content().getByRole('tab', { name: loose(IDC_ACCOUNTS.groupsTab) });
  }
  groupsTable(): ResourceTable {
    return new ResourceTable(
      this.content().getByRole('tabpanel', { name: loose(IDC_ACCOUNTS.groupsTab) }),
      loose(IDC_ACCOUNTS.groupsTable),
    );
  }
  permissionSetsTable(): ResourceTable {
    return new ResourceTable(this.content(), loose(IDC_ACCOUNTS.permissionSetsTable));
  }
  submitButton(): Locator {
    return footerControl(this.content(), IDC_ACCOUNTS.submit);
  }
  /** A refusal of the wizard: the step's error in any notification role, or a field marked refused. */
  refusal(): Locator {
    return this.wizard.errorAlert().or(notice(this.page, IDC_CONSOLE.errorFlash)).or(this.wizard.invalidFields()).first();
  }
  private async loaded(table: ResourceTable, empty: RegExp, what: string): Promise<void> {
    await waitForAnyKnownState(
      this.page,
      { pageObject: 'AssignWizard', step: what },
      { rows: table.itemRows(loose(empty)), empty: table.emptyState(loose(empty)) },
    );
  }

  async waitUntilShown(): Promise<void> {
    await step('Wait for the assignment wizard', async () => {
      await waitForKnownState(
        this.page,
        { pageObject: 'AssignWizard', step: 'Wait for the assignment wizard' },
        { page: heading(this.page, IDC_ACCOUNTS.principalsStep, 1) },
      );
      if (this.checking)
        await this.checkShapeStep(
          'Check the shape of the users and groups step',
          'AssignWizard',
          'identity-center-assign-principals',
          this.main(),
        );
      await waitForKnownState(
        this.page,
        { pageObject: 'AssignWizard', step: 'Wait for the assignment wizard' },
        { tabs: this.groupsTab() },
      );
    });
  }

  /**
   * Assigns the group with the permission set: Groups tab → the group → Next → the permission set →
   * Next → "Review and submit" → Submit; afterwards the account page lists the assignment.
   */
  async assignGroup(groupName: string, permissionSet: string, who: string): Promise<AccountAssignmentsPage> {
    return step(`Assign the group "${groupName}" with "${permissionSet}"`, async () => {
      const what = `Could not assign the group "${groupName}" with "${permissionSet}" to ${who}`;
      await press(this.groupsTab());
      await this.loaded(this.groupsTable(), IDC_ACCOUNTS.noGroups, 'Wait for the list of groups');
      await choose(this.groupsTable().selector(groupName), `The group "${groupName}"`);
      await this.wizard.next(IDC_ACCOUNTS.permissionSetsStep, what);
      await this.loaded(this.permissionSetsTable(), IDC_ACCOUNTS.noPermissionSets, 'Wait for the list of permission sets');
      await choose(this.permissionSetsTable().selector(permissionSet), `The permission set "${permissionSet}"`);
      await this.wizard.next(IDC_ACCOUNTS.reviewStep, what);
      const account = new AccountAssignmentsPage(this.page, this.options);
      await submitAndRead(this.submitButton(), account.assignmentRow(groupName, permissionSet), this.refusal(), what);
      return account;
    });
  }

  /** Check mode: leaves the wizard with "Cancel". Changes nothing. */
  async cancel(): Promise<void> {
    await step('Cancel the assignment', () => this.wizard.cancel());
  }
}

/** An account's page: its assigned users and groups, with permission sets and provisioning status. */
export class AccountAssignmentsPage extends IdentityCenterPage {
  table(): ResourceTable {
    return new ResourceTable(this.content(), loose(IDC_ACCOUNTS.assignmentsTable));
  }
  /** The row of one principal with one permission set. */
  assignmentRow(principal: string, permissionSet: string): Locator {
    return this.table()
      .row(principal)
      .filter({ has: this.page.getByRole('cell', { name: permissionSet, exact: true }) });
  }

  async waitUntilShown(): Promise<void> {
    await waitForAnyKnownState(
      this.page,
      { pageObject: 'AccountAssignmentsPage', step: "Wait for the account's assigned users and groups" },
      { rows: this.table().itemRows(loose(IDC_ACCOUNTS.noAssignments)), empty: this.table().emptyState(loose(IDC_ACCOUNTS.noAssignments)) },
    );
  }

  /** Where the assignment of `principal` with `permissionSet` stands. */
  async status(principal: string, permissionSet: string): Promise<ProvisioningStatus> {
    await this.waitUntilShown();
    const row = this.assignmentRow(principal, permissionSet).first();
    if (!(await row.isVisible())) return 'absent';
    const cells = (await row.getByRole('cell').allInnerTexts()).map(oneLine);
    if (cells.some((c) => loose(IDC_ACCOUNTS.provisioned).test(c))) return 'provisioned';
    if (cells.some((c) => loose(IDC_ACCOUNTS.failed).test(c))) return 'failed';
    return 'in-progress';
  }

  /**
   * Waits until the assignment reads provisioned, reloading now and then (the real console may not
   * refresh by itself); `progress` hears each status seen. Throws when it fails or takes too long.
   */
  async waitForProvisioned(
    principal: string,
    permissionSet: string,
    who: string,
    progress: (status: ProvisioningStatus, waitedMs: number) => void,
  ): Promise<void> {
    await step(`Wait until "${principal}" with "${permissionSet}" is provisioned`, async () => {
      const started = Date.now();
      let reloaded = started;
      let last: ProvisioningStatus | undefined;
      await expect
        .poll(
          async () => {
            if (Date.now() - reloaded > RELOAD_EVERY_MS) {
              await this.page.reload();
              reloaded = Date.now();
            }
            const now = await this.status(principal, permissionSet);
            if (now !== last) progress(now, Date.now() - started);
            last = now;
            return now;
          },
          {
            message: `the assignment of "${principal}" with "${permissionSet}" to ${who} is still in progress`,
            timeout: PROVISIONING_TIMEOUT_MS,
            intervals: [250, 500, 1000, 2000],
          },
        )
        .not.toBe('in-progress');
      if (last !== 'provisioned') {
        throw new Error(
          `The assignment of "${principal}" with "${permissionSet}" to ${who} ${last === 'failed' ? 'failed to provision' : 'is no longer listed on the account page'}`,
        );
      }
    });
  }
}
