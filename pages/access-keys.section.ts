import { expect, type Locator, type Page } from '@playwright/test';
import { literal, step } from './components/component.ts';
import { Flashbar } from './components/flashbar.ts';
import { Modal } from './components/modal.ts';

/** The "Access keys" section's words, both generations (console-facts.md §2.2, §2.9, §7). */
export const ACCESS_KEYS = {
  // G1: an expandable section; current: a container that is always open.
  legacySection: /^Access keys \(access key ID and secret access key\)$/i,
  // Both generations head the key column so ("Access Key ID" in G1); the table is found by it.
  idColumn: /^Access key ID$/i,
  // Root keys are long-lived: AKIA and 16 more characters. Ids are not secrets; secrets are never read.
  keyId: /^AKIA[A-Z0-9]{16}$/,
  status: /^(Active|Inactive)$/i,
  empty: /^No access keys/i,
  // Only one "Actions" menu on the page: the MFA section has plain "Remove" / "Resync" buttons.
  actions: /^Actions$/,
  // Exact: "Activate" is a substring of "Deactivate".
  deactivateItem: /^Deactivate$/,
  deleteItem: /^Delete$/,
  legacyDeactivate: /^Make Inactive$/i,
  legacyDelete: /^Delete$/,
  // "Delete <key id>" now; the G1 dialog's title is not public (console-facts §2.9): tolerate the plain forms.
  deleteDialog: (id: string) => new RegExp(`^Delete( access key)?( ${literal(id)})?$`, 'i'),
  dialogDeactivate: /^Deactivate$/,
  confirmField: /enter the (access )?key ID/i,
  confirmDelete: /^Delete$/,
  cancel: /^Cancel$/,
  // Error flashes after Actions → Deactivate; the success flash ("Access key deactivated.") does not match.
  errorFlash: /error|could not|cannot|failed|try again|not authorized|denied|expired/i,
} as const;

/** How long the console may take to answer a change before the run gives up. */
const ANSWER_TIMEOUT_MS = 30_000;

/** One root access key as the table lists it: id and status, never the secret. */
export interface AccessKey {
  id: string;
  status: 'Active' | 'Inactive';
}

/**
 * The "Access keys" section of root's Security credentials: the current table with "Actions", or the
 * G1 expandable section with per-row "Make Inactive" / "Delete". Both open the same "Delete" dialog.
 */
export class AccessKeysSection {
  /**
   * @param generation which console generation the page is (SecurityCredentialsPage.generation)
   * @param who for messages: "root of 111122223333"
   */
  constructor(
    readonly page: Page,
    private readonly generation: () => Promise<'current' | 'legacy'>,
    private readonly who: string,
  ) {}

  legacySection(): Locator { return this.page.getByRole('button', { name: ACCESS_KEYS.legacySection }); }
  table(): Locator {
    return this.page.getByRole('table').filter({ has: this.page.getByRole('columnheader', { name: ACCESS_KEYS.idColumn }) });
  }
  /** Every row that lists a key. */
  keyRows(): Locator { return this.table().getByRole('row').filter({ has: this.page.getByRole('cell', { name: ACCESS_KEYS.keyId }) }); }
  row(id: string): Locator { return this.table().getByRole('row').filter({ has: this.page.getByRole('cell', { name: id, exact: true }) }); }
  statusCell(id: string, status: AccessKey['status']): Locator { return this.row(id).getByRole('cell', { name: status, exact: true }); }
  emptyState(): Locator { return this.table().getByText(ACCESS_KEYS.empty); }
  actionsButton(): Locator { return this.page.getByRole('button', { name: ACCESS_KEYS.actions }); }
  deleteDialog(id: string): Modal { return new Modal(this.page, ACCESS_KEYS.deleteDialog(id)); }
  errorFlash(): Locator { return new Flashbar(this.page).message(ACCESS_KEYS.errorFlash); }

  /** The root's access keys as the section lists them (expands the G1 section first); empty when there are none. */
  async listKeys(): Promise<AccessKey[]> {
    return step('Read the access keys listed', async () => {
      await this.show();
      const keys: AccessKey[] = [];
      for (const row of await this.keyRows().all()) {
        const cells = (await row.getByRole('cell').allInnerTexts()).map((t) => t.trim());
        const id = cells.find((t) => ACCESS_KEYS.keyId.test(t));
        const status = cells.find((t) => ACCESS_KEYS.status.test(t));
        if (!id || !status) throw new Error(`Security credentials of ${this.who} lists an access key row without a key ID or a status: "${cells.join(' | ')}"`);
        if (!keys.some((k) => k.id === id)) keys.push({ id, status: /^active$/i.test(status) ? 'Active' : 'Inactive' });
      }
      return keys;
    });
  }

  /** Makes an active key inactive (Actions → Deactivate, or G1 "Make Inactive"); afterwards its row reads "Inactive". */
  async deactivate(id: string): Promise<void> {
    await step(`Deactivate access key ${id}`, async () => {
      if ((await this.show()) === 'legacy') {
        await this.row(id).getByRole('button', { name: ACCESS_KEYS.legacyDeactivate }).click();
      } else {
        await this.select(id);
        await this.actionsButton().click();
        await this.page.getByRole('menuitem', { name: ACCESS_KEYS.deactivateItem }).click();
      }
      const done = this.statusCell(id, 'Inactive');
      await done.or(this.errorFlash()).first().waitFor({ timeout: ANSWER_TIMEOUT_MS });
      if (!(await done.isVisible())) throw new Error(`Could not deactivate access key ${id} of ${this.who}: the console said "${await textOf(this.errorFlash())}"`);
    });
  }

  /**
   * Deletes a key through the "Delete" dialog: "Deactivate" when the dialog offers it, the key ID typed
   * into the confirmation field, "Delete"; afterwards the row is gone. A refusal throws with the console's words.
   */
  async delete(id: string): Promise<void> {
    await step(`Delete access key ${id}`, async () => {
      const dialog = await this.openDeleteDialog(id);
      const deactivate = dialog.button(ACCESS_KEYS.dialogDeactivate);
      if (await deactivate.isVisible()) {
        await deactivate.click();
        const outcome = await settle(dialog, deactivate);
        if (outcome !== 'done') throw new Error(`Could not deactivate access key ${id} of ${this.who}: the console said "${await textOf(dialog.errorAlert())}"`);
      }
      await dialog.root.getByRole('textbox', { name: ACCESS_KEYS.confirmField }).fill(id);
      await dialog.button(ACCESS_KEYS.confirmDelete).click();
      if ((await settle(dialog, dialog.root)) !== 'done') {
        const message = await textOf(dialog.errorAlert());
        // Leave the page as a person would: the dialog closed, the key still listed.
        await dialog.button(ACCESS_KEYS.cancel).click();
        await dialog.root.waitFor({ state: 'detached' });
        throw new Error(`Could not delete access key ${id} of ${this.who}: the console said "${message}"`);
      }
      await this.row(id).waitFor({ state: 'detached', timeout: ANSWER_TIMEOUT_MS });
    });
  }

  /** Check mode: opens the "Delete" dialog, checks its confirmation field and buttons, then cancels. Changes nothing. */
  async checkDeleteDialogAndCancel(key: AccessKey): Promise<void> {
    await step(`Check the Delete dialog of access key ${key.id} and cancel`, async () => {
      const dialog = await this.openDeleteDialog(key.id);
      const parts = [dialog.root.getByRole('textbox', { name: ACCESS_KEYS.confirmField }), dialog.button(ACCESS_KEYS.confirmDelete), dialog.button(ACCESS_KEYS.cancel)];
      // An active key must be deactivated first: the dialog offers that (never clicked here).
      if (key.status === 'Active') parts.push(dialog.button(ACCESS_KEYS.dialogDeactivate));
      for (const part of parts) await part.waitFor();
      await dialog.button(ACCESS_KEYS.cancel).click();
      await dialog.root.waitFor({ state: 'detached' });
    });
  }

  /** Expands the G1 section when needed and waits until the table lists keys or says it has none. */
  private async show(): Promise<'current' | 'legacy'> {
    const generation = await this.generation();
    if (generation === 'legacy' && (await this.legacySection().getAttribute('aria-expanded')) !== 'true') await this.legacySection().click();
    // While the list loads the table shows neither rows nor its empty state.
    await this.keyRows().first().or(this.emptyState()).first().waitFor();
    return generation;
  }

  /** Opens the "Delete" dialog of one key: the row's radio, then Actions → Delete; or the G1 row's "Delete". */
  private async openDeleteDialog(id: string): Promise<Modal> {
    if ((await this.show()) === 'legacy') {
      await this.row(id).getByRole('button', { name: ACCESS_KEYS.legacyDelete }).click();
    } else {
      await this.select(id);
      await this.actionsButton().click();
      await this.page.getByRole('menuitem', { name: ACCESS_KEYS.deleteItem }).click();
    }
    const dialog = this.deleteDialog(id);
    await dialog.root.waitFor();
    return dialog;
  }

  private async select(id: string): Promise<void> {
    await this.row(id).getByRole('radio', { name: id, exact: true }).check();
  }
}

/**
 * Waits until `pending` (a dialog button, or the dialog itself) has gone — done — or the dialog shows
 * an error. Polled: "gone" cannot be combined with "an error shows" in one locator wait.
 */
async function settle(dialog: Modal, pending: Locator): Promise<'done' | 'error'> {
  let outcome: 'done' | 'error' | 'pending' = 'pending';
  await expect.poll(async () => {
    if (await dialog.errorAlert().isVisible()) outcome = 'error';
    else if (!(await pending.isVisible())) outcome = 'done';
    return outcome;
  }, { message: 'the console neither finished nor showed an error', timeout: ANSWER_TIMEOUT_MS, intervals: [50, 100, 200] }).not.toBe('pending');
  return outcome as 'done' | 'error';
}

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim() || 'no message';
}
