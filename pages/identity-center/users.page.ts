import type { Locator, Page } from '@playwright/test';
import { waitForAnyKnownState, waitForKnownState } from '../../lib/drift/known-state.ts';
import type { Secret, SecretStore } from '../../lib/secrets/secrets.ts';
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
  press,
  STATE_TIMEOUT_MS,
  type,
} from '../components/meaning.ts';
import { Modal } from '../components/modal.ts';
import { ResourceTable } from '../components/table.ts';
import { Wizard } from '../components/wizard.ts';
import { IDC_CONSOLE, IdentityCenterPage, submitAndRead } from './console.ts';
import { ConsolePage } from '../components/console-page.ts';

/** The Users page and the Add user wizard's words (console-facts.md §3.4, §3.5, §7). */
export const IDC_USERS = {
  heading: /^Users( \(\d+\))?$/,
  table: /^Users$/,
  empty: /^No users/i,
  addUser: /^Add user$/,
  userNameColumn: /^Username$/,
  emailColumn: /^Email( address)?$/,
  // Wizard step titles; step 2 is optional (Cloudscape appends " - optional"); step 3's title is [uncertain].
  detailsStep: /^Specify user details$/,
  groupsStep: /^Add user to groups( - optional)?$/,
  reviewStep: /^(Review and add user|Review and add)$/,
  userName: /^Username$/,
  // "Send an email to the user with password setup instructions." → "… this user …" (+ "(Recommended)").
  emailOption: /^Send an email to (the|this) user with password setup instructions\.?( \(Recommended\))?$/,
  // "Generate a one-time password that you can share with the user / this user".
  oneTimePasswordOption: /^Generate a one-time password that you can share with (the|this) user\.?$/,
  email: /^Email address$/,
  confirmEmail: /^Confirm email address$/,
  givenName: /^First name$/,
  familyName: /^Last name$/,
  displayName: /^Display name$/,
  groupsTable: /^Groups$/,
  noGroups: /^No groups/i,
  // The one-time password dialog's layout and labels are not public (console-facts §3.4, §8).
  oneTimePasswordDialog: /^(One-time password|Password for .+|User added)$/i,
  copyOneTimePassword: /^Copy (one-time )?password$/i,
  close: /^Close$/,
  added: (userName: string) => new RegExp(`The user "${literal(userName)}" was successfully added`),
} as const;

/** One user as the Users table lists it. */
export interface ListedUser {
  userName: string;
  email?: string;
}

/** The user to add, as the runbook's config gives it. */
export interface NewIdcUser {
  userName: string;
  email: string;
  givenName: string;
  familyName: string;
  displayName?: string;
}

/** How the new user gets a first password. */
export type PasswordDelivery = 'one-time-password' | 'email';

/** The Users list, in the page's content. */
function usersTable(page: Page): ResourceTable {
  return new ResourceTable(contentOf(page), loose(IDC_USERS.table));
}

/** Identity Center "Users": the directory's users and "Add user". */
export class UsersPage extends IdentityCenterPage {
  constructor(
    page: Page,
    private readonly secrets: SecretStore,
    options: PageOptions = {},
  ) {
    super(page, options);
  }

  heading(): Locator {
    return heading(this.page, IDC_USERS.heading, 1);
  }
  table(): ResourceTable {
    return usersTable(this.page);
  }
  addUserButton(): Locator {
    return control(this.content(), IDC_USERS.addUser);
  }

  /** Waits (bounded) until the list shows users or says it has none (it may load late). */
  private async loaded(): Promise<void> {
    await waitForAnyKnownState(
      this.page,
      { pageObject: 'UsersPage', step: 'Wait for the list of users' },
      { rows: this.table().itemRows(loose(IDC_USERS.empty)), empty: this.table().emptyState(loose(IDC_USERS.empty)) },
    );
  }

  /** Goes to Users through the navigation pane; afterwards the list has loaded (in check mode its shape is checked). */
  async open(): Promise<void> {
    await step('Open Users', async () => {
      await this.goTo(IDC_CONSOLE.users);
      await waitForKnownState(this.page, { pageObject: 'UsersPage', step: 'Open Users' }, { page: this.heading() });
      await this.loaded();
      if (this.checking) await this.checkShapeOf('UsersPage', 'identity-center-users');
    });
  }

  /** The user with this username as the list shows it, or undefined. */
  async findUser(userName: string): Promise<ListedUser | undefined> {
    return step(`Look for the user "${userName}"`, async () => {
      await this.loaded();
      const headers = await this.table().headers();
      const nameAt = headers.findIndex((h) => loose(IDC_USERS.userNameColumn).test(h));
      const emailAt = headers.findIndex((h) => loose(IDC_USERS.emailColumn).test(h));
      for (const cells of await this.table().rowsText(loose(IDC_USERS.empty))) {
        if (cells[nameAt]?.toLowerCase() !== userName.toLowerCase()) continue;
        return { userName: cells[nameAt]!, ...(emailAt >= 0 && cells[emailAt] ? { email: cells[emailAt] } : {}) };
      }
      return undefined;
    });
  }

  /** Starts "Add user"; afterwards the wizard shows "Specify user details". */
  async startAddUser(): Promise<AddUserWizard> {
    return step('Start adding a user', async () => {
      await press(this.addUserButton());
      const wizard = new AddUserWizard(this.page, this.secrets, this.options);
      await wizard.waitUntilShown();
      return wizard;
    });
  }
}

/** What "Add user" left on screen. */
export type AddUserOutcome = { kind: 'one-time-password'; password: Secret; dialog: OneTimePasswordDialog } | { kind: 'invited' };

/** The Add user wizard: user details (with the password choice), groups (optional), review, "Add user". */
export class AddUserWizard extends ConsolePage {
  readonly wizard: Wizard;
  constructor(
    page: Page,
    private readonly secrets: SecretStore,
    options: PageOptions = {},
  ) {
    super(page, options);
    this.wizard = new Wizard(page, IDC_USERS.addUser);
  }

  private main(): Locator {
    return this.page.getByRole('main');
  }
  field(name: RegExp): Locator {
    return field(this.content(), name);
  }
  passwordOption(delivery: PasswordDelivery): Locator {
    return this.content().getByRole('radio', {
      name: loose(delivery === 'email' ? IDC_USERS.emailOption : IDC_USERS.oneTimePasswordOption),
    });
  }
  groupsTable(): ResourceTable {
    return new ResourceTable(this.content(), loose(IDC_USERS.groupsTable));
  }
  submitButton(): Locator {
    return footerControl(this.content(), IDC_USERS.addUser);
  }

  /** Waits for "Specify user details"; in check mode first checks the step's shape. */
  async waitUntilShown(): Promise<void> {
    await step('Wait for the Add user wizard', async () => {
      if (this.checking) await this.checkShape();
      await waitForKnownState(
        this.page,
        { pageObject: 'AddUserWizard', step: 'Wait for the Add user wizard' },
        { form: this.field(IDC_USERS.userName) },
      );
    });
  }

  /** Check: "Specify user details" still has its recorded shape (every field the runbook fills, both password options). */
  async checkShape(): Promise<void> {
    await this.checkShapeStep(
      'Check the shape of the Add user details step',
      'AddUserWizard',
      'identity-center-add-user-details',
      this.main(),
    );
  }

  /** Fills "Specify user details" and the password choice, then goes on to "Add user to groups". */
  async enterDetails(user: NewIdcUser, delivery: PasswordDelivery): Promise<void> {
    await step(
      `Enter the details of "${user.userName}" and choose ${delivery === 'email' ? 'the invitation email' : 'a one-time password'}`,
      async () => {
        await type(this.field(IDC_USERS.userName), user.userName, 'The Username field');
        // Another option may be pre-selected, or none: the chosen one is confirmed checked.
        await choose(
          this.passwordOption(delivery),
          `The password option "${delivery === 'email' ? 'Send an email' : 'Generate a one-time password'}"`,
        );
        await type(this.field(IDC_USERS.email), user.email, 'The Email address field');
        await type(this.field(IDC_USERS.confirmEmail), user.email, 'The Confirm email address field');
        await type(this.field(IDC_USERS.givenName), user.givenName, 'The First name field');
        await type(this.field(IDC_USERS.familyName), user.familyName, 'The Last name field');
        // The display name follows first + last name until edited: fill it only when configured.
        if (user.displayName) await type(this.field(IDC_USERS.displayName), user.displayName, 'The Display name field');
        await this.wizard.next(IDC_USERS.groupsStep, `Could not add "${user.userName}"`);
      },
    );
  }

  /** Ticks the group on "Add user to groups", then goes on to the review. */
  async chooseGroup(groupName: string): Promise<void> {
    await step(`Add the user to the group "${groupName}"`, async () => {
      await waitForAnyKnownState(
        this.page,
        { pageObject: 'AddUserWizard', step: 'Add the user to a group' },
        { rows: this.groupsTable().itemRows(loose(IDC_USERS.noGroups)), empty: this.groupsTable().emptyState(loose(IDC_USERS.noGroups)) },
      );
      await choose(this.groupsTable().selector(groupName), `The group "${groupName}"`);
      await this.wizard.next(IDC_USERS.reviewStep, `Could not add the user to the group "${groupName}"`);
    });
  }

  /** A refusal of the wizard: the step's error in any notification role, or a field marked refused. */
  refusal(): Locator {
    return this.wizard.errorAlert().or(notice(this.page, IDC_CONSOLE.errorFlash)).or(this.wizard.invalidFields()).first();
  }

  /**
   * "Add user"; the outcome is read from the page: the Users list with the user (or the console's
   * notice that it was added). With a one-time password the console shows it in a dialog at once:
   * the page is blurred before the click and the password captured off the trace (SecretStore.reveal);
   * the dialog stays open so the caller can put the password in the vault before closing it. No
   * answer it knows throws UnclearOutcomeError (the caller reads the Users list).
   */
  async addUser(userName: string, delivery: PasswordDelivery): Promise<AddUserOutcome> {
    return step(`Add the user "${userName}"`, async () => {
      const what = `Could not add the user "${userName}"`;
      if (delivery === 'email') {
        const listed = usersTable(this.page).row(userName);
        await submitAndRead(this.submitButton(), notice(this.page, IDC_USERS.added(userName)).or(listed), this.refusal(), what);
        return { kind: 'invited' } as const;
      }
      const dialog = new OneTimePasswordDialog(this.page);
      const password = await this.secrets.reveal(this.page, 'identity-center-one-time-password', async () => {
        await submitAndRead(this.submitButton(), dialog.root, this.refusal(), what);
        await dialog.passwordValue().waitFor({ timeout: STATE_TIMEOUT_MS });
        return { element: dialog.passwordValue() };
      });
      return { kind: 'one-time-password', password, dialog } as const;
    });
  }

  /** Check mode: leaves the wizard with "Cancel". Changes nothing. */
  async cancel(): Promise<void> {
    await step('Cancel adding the user', () => this.wizard.cancel());
  }
}

/** The dialog that shows a new user's one-time password once (labels are the replica's, console-facts §8). */
export class OneTimePasswordDialog extends Modal {
  constructor(page: Page) {
    super(page, loose(IDC_USERS.oneTimePasswordDialog));
  }

  /** The password's own element: the value next to its "Copy" button. */
  passwordValue(): Locator {
    const value = this.root.getByRole('definition').filter({ has: control(this.page, IDC_USERS.copyOneTimePassword) });
    return value
      .getByRole('code')
      .or(value.getByText(/^\s*\S{8,}\s*$/))
      .first();
  }

  /** Closes the dialog (call once the password is in the vault); afterwards the Users list shows the user (or the console says it was added). */
  async close(userName: string): Promise<void> {
    await step('Close the one-time password dialog', async () => {
      await press(footerControl(this.root, IDC_USERS.close));
      await this.root.waitFor({ state: 'detached', timeout: STATE_TIMEOUT_MS });
      const listed = usersTable(this.page).row(userName);
      await waitForKnownState(
        this.page,
        { pageObject: 'OneTimePasswordDialog', step: 'Close the one-time password dialog' },
        { added: notice(this.page, IDC_USERS.added(userName)), listed },
      );
    });
  }
}
