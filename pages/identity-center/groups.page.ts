import type { Locator } from '@playwright/test';
import { waitForAnyKnownState, waitForKnownState } from '../../lib/drift/known-state.ts';
import { literal, step } from '../components/component.ts';
import { choose, control, field, footerControl, heading, loose, press, STATE_TIMEOUT_MS, type } from '../components/meaning.ts';
import { ResourceTable } from '../components/table.ts';
import { IDC_CONSOLE, IdentityCenterPage, submitAndRead } from './console.ts';

/** The Groups page and "Create group" words (console-facts.md §3.6). */
export const IDC_GROUPS = {
  heading: /^Groups( \(\d+\))?$/,
  table: /^Groups$/,
  empty: /^No groups/i,
  createGroup: /^Create group$/,
  createHeading: /^Create group$/,
  groupName: /^Group name$/,
  description: /^Description( - optional)?$/,
  membersTable: /^Add users to group( - optional)?$/,
  noUsers: /^No users/i,
  cancel: /^Cancel$/,
  // The success flash's wording is not public (console-facts §8): match on meaning.
  created: (name: string) =>
    new RegExp(`group "?${literal(name)}"? (was )?(successfully )?created|created the group "?${literal(name)}"?`, 'i'),
} as const;

/** Identity Center "Groups": the directory's groups and "Create group". */
export class GroupsPage extends IdentityCenterPage {
  heading(): Locator {
    return heading(this.page, IDC_GROUPS.heading, 1);
  }
  table(): ResourceTable {
    return new ResourceTable(this.content(), loose(IDC_GROUPS.table));
  }
  createButton(): Locator {
    return control(this.content(), IDC_GROUPS.createGroup);
  }

  /** Goes to Groups through the navigation pane; afterwards the list has loaded (in check mode its shape is checked). */
  async open(): Promise<void> {
    await step('Open Groups', async () => {
      await this.goTo(IDC_CONSOLE.groups);
      await waitForKnownState(this.page, { pageObject: 'GroupsPage', step: 'Open Groups' }, { page: this.heading() });
      await this.loaded();
      if (this.checking) await this.checkShapeOf('GroupsPage', 'identity-center-groups');
    });
  }

  /** Waits (bounded) until the list shows groups or says it has none (it may load late). */
  private async loaded(): Promise<void> {
    await waitForAnyKnownState(
      this.page,
      { pageObject: 'GroupsPage', step: 'Wait for the list of groups' },
      { rows: this.table().itemRows(loose(IDC_GROUPS.empty)), empty: this.table().emptyState(loose(IDC_GROUPS.empty)) },
    );
  }

  /** True when the list has a group of this name. */
  async hasGroup(name: string): Promise<boolean> {
    return step(`Look for the group "${name}"`, async () => {
      await this.loaded();
      return this.table().row(name).first().isVisible();
    });
  }

  /** Starts "Create group"; afterwards its form shows (in check mode its shape is checked). */
  async startCreateGroup(): Promise<CreateGroupPage> {
    return step('Start creating a group', async () => {
      await press(this.createButton());
      const form = new CreateGroupPage(this.page, this.options);
      await form.waitUntilShown();
      return form;
    });
  }
}

/** "Create group": name, optional description, optional members, "Create group". */
export class CreateGroupPage extends IdentityCenterPage {
  heading(): Locator {
    return heading(this.page, IDC_GROUPS.createHeading, 1);
  }
  nameField(): Locator {
    return field(this.content(), IDC_GROUPS.groupName);
  }
  membersTable(): ResourceTable {
    return new ResourceTable(this.content(), loose(IDC_GROUPS.membersTable));
  }
  submitButton(): Locator {
    return footerControl(this.content(), IDC_GROUPS.createGroup);
  }
  cancelButton(): Locator {
    return control(this.content(), IDC_GROUPS.cancel);
  }
  errorAlert(): Locator {
    return this.refusal();
  }
  /** The group name refused: Cloudscape marks a refused field only with aria-invalid, which no role query can filter on. */
  // aria-invalid is an ARIA state no getByRole option selects: the attribute is the meaning here, not markup.
  invalidName(): Locator {
    return this.nameField().and(this.page.locator('[aria-invalid="true"]'));
  }

  async waitUntilShown(): Promise<void> {
    await waitForKnownState(this.page, { pageObject: 'CreateGroupPage', step: 'Start creating a group' }, { page: this.heading() });
    if (this.checking) await this.checkShapeOf('CreateGroupPage', 'identity-center-create-group');
    await waitForKnownState(this.page, { pageObject: 'CreateGroupPage', step: 'Start creating a group' }, { form: this.nameField() });
  }

  /**
   * Creates the group with these users as members (each confirmed ticked); afterwards the Groups list
   * shows it. A refusal throws with the console's words; no answer it knows throws UnclearOutcomeError.
   */
  async create(name: string, members: string[], who: string): Promise<void> {
    await step(`Create the group "${name}"${members.length ? ` with ${members.join(', ')}` : ''}`, async () => {
      await type(this.nameField(), name, 'The group name field');
      if (members.length) {
        await waitForAnyKnownState(
          this.page,
          { pageObject: 'CreateGroupPage', step: 'Choose the members' },
          {
            rows: this.membersTable().itemRows(loose(IDC_GROUPS.noUsers)),
            empty: this.membersTable().emptyState(loose(IDC_GROUPS.noUsers)),
          },
        );
      }
      for (const member of members) await choose(this.membersTable().selector(member), `The user "${member}"`);
      const groups = new GroupsPage(this.page, this.options);
      await submitAndRead(
        this.submitButton(),
        groups.table().row(name),
        this.errorAlert().or(this.invalidName()),
        `Could not create the group "${name}" for ${who}`,
      );
    });
  }

  /** Check mode: leaves the form with "Cancel". Changes nothing. */
  async cancel(): Promise<void> {
    await step('Cancel creating the group', async () => {
      await press(this.cancelButton());
      await this.heading().waitFor({ state: 'detached', timeout: STATE_TIMEOUT_MS });
    });
  }
}
