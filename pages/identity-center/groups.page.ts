import { expect, type Locator } from '@playwright/test';
import { literal, step } from '../components/component.ts';
import { ResourceTable } from '../components/table.ts';
import { textOf } from '../components/wizard.ts';
import { IDC_CONSOLE, IdentityCenterPage } from './console.ts';

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
  created: (name: string) => new RegExp(`group "?${literal(name)}"? (was )?(successfully )?created|created the group "?${literal(name)}"?`, 'i'),
} as const;

/** Identity Center "Groups": the directory's groups and "Create group". */
export class GroupsPage extends IdentityCenterPage {
  heading(): Locator { return this.page.getByRole('heading', { level: 1, name: IDC_GROUPS.heading }); }
  table(): ResourceTable { return new ResourceTable(this.page.getByRole('main'), IDC_GROUPS.table); }
  createButton(): Locator {
    const main = this.page.getByRole('main');
    return main.getByRole('link', { name: IDC_GROUPS.createGroup }).or(main.getByRole('button', { name: IDC_GROUPS.createGroup })).first();
  }

  /** Goes to Groups through the navigation pane; afterwards the list has loaded (in check mode its shape is checked). */
  async open(): Promise<void> {
    await step('Open Groups', async () => {
      await this.goTo(IDC_CONSOLE.groups);
      await this.heading().waitFor();
      await this.table().waitLoaded(IDC_GROUPS.empty);
      if (this.options.checkShapes) await this.checkShapeOf('GroupsPage', 'identity-center-groups');
    });
  }

  /** True when the list has a group of this name. */
  async hasGroup(name: string): Promise<boolean> {
    return step(`Look for the group "${name}"`, async () => {
      await this.table().waitLoaded(IDC_GROUPS.empty);
      return this.table().row(name).first().isVisible();
    });
  }

  /** Starts "Create group"; afterwards its form shows (in check mode its shape is checked). */
  async startCreateGroup(): Promise<CreateGroupPage> {
    return step('Start creating a group', async () => {
      await this.createButton().click();
      const form = new CreateGroupPage(this.page, this.options);
      await form.waitUntilShown();
      return form;
    });
  }
}

/** "Create group": name, optional description, optional members, "Create group". */
export class CreateGroupPage extends IdentityCenterPage {
  heading(): Locator { return this.page.getByRole('heading', { level: 1, name: IDC_GROUPS.createHeading }); }
  nameField(): Locator { return this.page.getByRole('main').getByRole('textbox', { name: IDC_GROUPS.groupName }); }
  membersTable(): ResourceTable { return new ResourceTable(this.page.getByRole('main'), IDC_GROUPS.membersTable); }
  submitButton(): Locator { return this.page.getByRole('main').getByRole('button', { name: IDC_GROUPS.createGroup }); }
  cancelButton(): Locator {
    const main = this.page.getByRole('main');
    return main.getByRole('link', { name: IDC_GROUPS.cancel }).or(main.getByRole('button', { name: IDC_GROUPS.cancel })).first();
  }
  errorAlert(): Locator { return this.page.getByRole('main').getByRole('group').filter({ has: this.page.getByRole('img', { name: /^Error$/i }) }).first(); }

  async waitUntilShown(): Promise<void> {
    await this.heading().waitFor();
    if (this.options.checkShapes) await this.checkShapeOf('CreateGroupPage', 'identity-center-create-group');
    await this.nameField().waitFor();
  }

  /** Creates the group with these users as members; afterwards the Groups list shows it. A refusal throws with the console's words. */
  async create(name: string, members: string[], who: string): Promise<void> {
    await step(`Create the group "${name}"${members.length ? ` with ${members.join(', ')}` : ''}`, async () => {
      await this.nameField().fill(name);
      if (members.length) await this.membersTable().waitLoaded(IDC_GROUPS.noUsers);
      for (const member of members) await this.membersTable().selector(member).check();
      await this.submitButton().click();
      const groups = new GroupsPage(this.page, this.options);
      const done = groups.table().row(name).first();
      const invalid = this.nameField().and(this.page.locator('[aria-invalid="true"]')); // Cloudscape marks a refused field only so
      let outcome = 'pending';
      await expect.poll(async () => {
        if (await done.isVisible()) outcome = 'done';
        else if ((await this.errorAlert().isVisible()) || (await invalid.isVisible())) outcome = 'refused';
        return outcome;
      }, { message: `creating the group "${name}": the console neither listed it nor showed an error`, timeout: 30_000, intervals: [50, 100, 250] }).not.toBe('pending');
      if (outcome === 'refused') {
        const said = (await this.errorAlert().isVisible()) ? await textOf(this.errorAlert()) : await this.fieldError();
        throw new Error(`Could not create the group "${name}" for ${who}: the console said "${said}"`);
      }
    });
  }

  /** Check mode: leaves the form with "Cancel". Changes nothing. */
  async cancel(): Promise<void> {
    await step('Cancel creating the group', async () => {
      await this.cancelButton().click();
      await this.heading().waitFor({ state: 'detached' });
    });
  }

  private async fieldError(): Promise<string> {
    return this.nameField().evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim() || 'the group name was refused');
  }
}
