import { errors, expect, type Locator, type Page } from '@playwright/test';
import { expectPart, expectShape } from '../lib/drift.ts';
import { literal, step, type PageOptions } from './components/component.ts';
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
/** Check mode: how long the shape check waits for the section to settle before comparing it with its recorded shape. */
const SETTLE_PROBE_MS = 10_000;

/** One root access key as the table lists it: id and status, never the secret. */
export interface AccessKey {
  id: string;
  status: 'Active' | 'Inactive';
}

/**
 * The "Delete <key id>" dialog, both generations: "Deactivate" while the key is active, the key ID
 * typed into the confirmation field, "Delete".
 */
export class DeleteAccessKeyDialog extends Modal {
  constructor(page: Page, id: string) { super(page, ACCESS_KEYS.deleteDialog(id)); }

  /** The field the key ID is typed into to confirm. */
  confirmField(): Locator { return this.root.getByRole('textbox', { name: ACCESS_KEYS.confirmField }); }
  /** Offered while the key is active: the key must be inactive before it can be deleted. */
  deactivateButton(): Locator { return this.button(ACCESS_KEYS.dialogDeactivate); }
  /** Deletes the key once it is inactive and its ID typed. */
  deleteButton(): Locator { return this.button(ACCESS_KEYS.confirmDelete); }
  /** Closes the dialog without a change. */
  cancelButton(): Locator { return this.button(ACCESS_KEYS.cancel); }

  /**
   * Check: the dialog still has the shape recorded for a key of this status (title; for an active key
   * the warning and "Deactivate"; the confirmation field, Cancel and Delete; no new field).
   */
  async checkShape(status: AccessKey['status']): Promise<void> {
    await step('Check the shape of the Delete dialog', () =>
      // Whatever dialog shows: had its title changed, a locator by the old title would only time out.
      expectShape('DeleteAccessKeyDialog', this.page.getByRole('dialog'), status === 'Active' ? 'delete-access-key-active' : 'delete-access-key'));
  }
}

/**
 * The "Access keys" section of root's Security credentials: the current table with "Actions", or the
 * G1 expandable section with per-row "Make Inactive" / "Delete". Both open the same "Delete" dialog.
 */
export class AccessKeysSection {
  /**
   * @param generation which console generation the page is (SecurityCredentialsPage.generation)
   * @param who for messages: "root of 111122223333"
   * @param options check mode: compare the section and the Delete dialog with their recorded shapes (pages/__aria__)
   */
  constructor(
    readonly page: Page,
    private readonly generation: () => Promise<'current' | 'legacy'>,
    private readonly who: string,
    private readonly options: PageOptions = {},
  ) {}

  /** G1: the expandable section's header button. */
  legacySection(): Locator { return this.page.getByRole('button', { name: ACCESS_KEYS.legacySection }); }
  /** The table of keys, found by its key ID column. */
  table(): Locator {
    return this.page.getByRole('table').filter({ has: this.page.getByRole('columnheader', { name: ACCESS_KEYS.idColumn }) });
  }
  /** Every row that lists a key. */
  keyRows(): Locator { return this.table().getByRole('row').filter({ has: this.page.getByRole('cell', { name: ACCESS_KEYS.keyId }) }); }
  /** The row of one key. */
  row(id: string): Locator { return this.table().getByRole('row').filter({ has: this.page.getByRole('cell', { name: id, exact: true }) }); }
  /** The status cell of one key, when it reads `status`. */
  statusCell(id: string, status: AccessKey['status']): Locator { return this.row(id).getByRole('cell', { name: status, exact: true }); }
  /** "No access keys", in place of rows. */
  emptyState(): Locator { return this.table().getByText(ACCESS_KEYS.empty); }
  /** The current generation's "Actions" menu. */
  actionsButton(): Locator { return this.page.getByRole('button', { name: ACCESS_KEYS.actions }); }
  /** The "Delete <key id>" dialog of one key. */
  deleteDialog(id: string): DeleteAccessKeyDialog { return new DeleteAccessKeyDialog(this.page, id); }
  /** An error flash (a refused deactivation); the success flash does not match. */
  errorFlash(): Locator { return new Flashbar(this.page).message(ACCESS_KEYS.errorFlash); }

  /** The root's access keys as the section lists them (expands the G1 section first); empty when there are none. */
  async listKeys(): Promise<AccessKey[]> {
    return step('Read the access keys listed', async () => {
      if (this.options.checkShapes) await this.checkShape();
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
      const deactivate = dialog.deactivateButton();
      if (await deactivate.isVisible()) {
        await deactivate.click();
        const outcome = await settle(dialog, deactivate);
        if (outcome !== 'done') throw new Error(`Could not deactivate access key ${id} of ${this.who}: the console said "${await textOf(dialog.errorAlert())}"`);
      }
      await dialog.confirmField().fill(id);
      await dialog.deleteButton().click();
      if ((await settle(dialog, dialog.root)) !== 'done') {
        const message = await textOf(dialog.errorAlert());
        // Leave the page as a person would: the dialog closed, the key still listed.
        await dialog.cancelButton().click();
        await dialog.root.waitFor({ state: 'detached' });
        throw new Error(`Could not delete access key ${id} of ${this.who}: the console said "${message}"`);
      }
      await this.row(id).waitFor({ state: 'detached', timeout: ANSWER_TIMEOUT_MS });
    });
  }

  /**
   * Check: the section still has the shape recorded for its generation (the section or its heading,
   * "Actions", the key table's columns, a key row and, in G1, its buttons). Expands the G1 section first.
   * With no key listed there is no row to compare: the runbook stops there anyway (already compliant).
   */
  async checkShape(): Promise<void> {
    await step('Check the shape of the access keys section', async () => {
      const legacy = (await this.generation()) === 'legacy';
      // When a control does not come in time (a changed page), the comparison says what is there instead.
      if (legacy && (await probe(this.legacySection())) && (await this.legacySection().getAttribute('aria-expanded')) !== 'true') {
        await this.legacySection().click();
      }
      await probe(this.keyRows().first().or(this.emptyState()));
      if (await this.emptyState().isVisible()) return;
      await expectShape('AccessKeysSection', this.page.getByRole('main'), legacy ? 'access-keys-legacy' : 'access-keys');
    });
  }

  /**
   * Check mode: opens the "Delete" dialog of `key` the way a deletion would, checks the dialog's shape
   * and controls, then cancels. Never clicks Deactivate or Delete: changes nothing.
   */
  async checkDeleteDialogAndCancel(key: AccessKey): Promise<void> {
    await step(`Check the Delete dialog of access key ${key.id} and cancel`, async () => {
      // Each control is waited for as a part the runbook relies on (drift naming it when it does not come), then used.
      const use = async (part: Locator, act: (part: Locator) => Promise<void>) => {
        await expectPart('AccessKeysSection', part);
        await act(part);
      };
      if ((await this.show()) === 'legacy') {
        await use(this.row(key.id).getByRole('button', { name: ACCESS_KEYS.legacyDelete }), (button) => button.click());
      } else {
        await use(this.row(key.id).getByRole('radio', { name: key.id, exact: true }), (radio) => radio.check());
        await use(this.actionsButton(), (button) => button.click());
        // A deletion deactivates first through this item: it must be there, though it is never clicked here.
        await expectPart('AccessKeysSection', this.page.getByRole('menuitem', { name: ACCESS_KEYS.deactivateItem }));
        await use(this.page.getByRole('menuitem', { name: ACCESS_KEYS.deleteItem }), (item) => item.click());
      }
      const dialog = this.deleteDialog(key.id);
      await dialog.checkShape(key.status);
      const parts = [dialog.confirmField(), dialog.deleteButton(), dialog.cancelButton()];
      // An active key must be deactivated first: the dialog offers that (never clicked here).
      if (key.status === 'Active') parts.push(dialog.deactivateButton());
      for (const part of parts) await expectPart('DeleteAccessKeyDialog', part);
      await dialog.cancelButton().click();
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
  private async openDeleteDialog(id: string): Promise<DeleteAccessKeyDialog> {
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
async function settle(dialog: DeleteAccessKeyDialog, pending: Locator): Promise<'done' | 'error'> {
  let outcome: 'done' | 'error' | 'pending' = 'pending';
  await expect.poll(async () => {
    if (await dialog.errorAlert().isVisible()) outcome = 'error';
    else if (!(await pending.isVisible())) outcome = 'done';
    return outcome;
  }, { message: 'the console neither finished nor showed an error', timeout: ANSWER_TIMEOUT_MS, intervals: [50, 100, 200] }).not.toBe('pending');
  return outcome as 'done' | 'error';
}

/** Check mode: waits up to SETTLE_PROBE_MS for `locator`; true when it showed. A timeout is no error here: the shape comparison that follows reports the page as it is. */
async function probe(locator: Locator): Promise<boolean> {
  try {
    await locator.waitFor({ timeout: SETTLE_PROBE_MS });
    return true;
  } catch (err) {
    if (!(err instanceof errors.TimeoutError)) throw err;
    return false;
  }
}

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim() || 'no message';
}
