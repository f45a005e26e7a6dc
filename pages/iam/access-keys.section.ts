import { errors, expect, type Locator, type Page } from '@playwright/test';
import { expectShape } from '../../lib/drift/drift.ts';
import { waitForKnownState } from '../../lib/drift/known-state.ts';
import { Component, literal, step, type PageOptions } from '../components/component.ts';
import { choose, contentScope, control, fillChecked, oneLine, WAIT_BOUND_MS } from '../components/controls.ts';
import { ERROR_WORDS } from '../components/modal.ts';
import { Notices } from '../components/notices.ts';
import { ConsolePage } from '../components/console-page.ts';

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
  actions: /^Actions$/i,
  // Exact: "Activate" is a substring of "Deactivate".
  deactivateItem: /^Deactivate$/i,
  deleteItem: /^Delete$/i,
  // Per-row buttons: G1's "Make Inactive", or "Deactivate" on a console without the Actions menu.
  legacyDeactivate: /^(Make Inactive|Deactivate)$/i,
  legacyDelete: /^Delete$/i,
  // "Delete <key id>" now; the G1 dialog's title is not public (console-facts §2.9): tolerate the plain forms.
  deleteDialog: (id: string) => new RegExp(`^Delete( access key)?( ${literal(id)})?$`, 'i'),
  dialogDeactivate: /^Deactivate$/i,
  confirmField: /enter the (access )?key ID/i,
  confirmDelete: /^Delete$/i,
  cancel: /^Cancel$/i,
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
 * typed into the confirmation field, "Delete". A console may ask the same on a page of its own
 * (heading "Delete <key id>") instead of a dialog: that page counts as the dialog.
 */
export class DeleteAccessKeyDialog extends Component {
  constructor(page: Page, id: string) {
    const name = ACCESS_KEYS.deleteDialog(id);
    // The page form: the content whose heading names the key, when no dialog is open.
    const asPage = contentScope(page).filter({ has: page.getByRole('heading', { name }), hasNot: page.getByRole('dialog') });
    super(page.getByRole('dialog', { name }).or(asPage).first());
  }

  /** A button of the dialog (or a link written as one). */
  button(name: RegExp): Locator {
    return control(this.root, name);
  }
  /** An error the dialog shows, in any notification role. */
  errorAlert(): Locator {
    return new Notices(this.root).error(ERROR_WORDS);
  }
  /** The field the key ID is typed into to confirm. */
  confirmField(): Locator {
    return this.root.getByRole('textbox', { name: ACCESS_KEYS.confirmField });
  }
  /** Offered while the key is active: the key must be inactive before it can be deleted. */
  deactivateButton(): Locator {
    return this.button(ACCESS_KEYS.dialogDeactivate);
  }
  /** Deletes the key once it is inactive and its ID typed. */
  deleteButton(): Locator {
    return this.button(ACCESS_KEYS.confirmDelete);
  }
  /** Closes the dialog without a change. */
  cancelButton(): Locator {
    return this.button(ACCESS_KEYS.cancel);
  }

  /**
   * Check: the dialog still has the shape recorded for a key of this status (title; for an active key
   * the warning and "Deactivate"; the confirmation field, Cancel and Delete; no new field).
   */
  async checkShape(status: AccessKey['status'], timeoutMs?: number): Promise<void> {
    await step('Check the shape of the Delete dialog', async () => {
      // Whatever dialog shows: had its title changed, a locator by the old title would only time out.
      const dialog = this.page.getByRole('dialog');
      const scope = (await dialog.count()) ? dialog : contentScope(this.page);
      await expectShape('DeleteAccessKeyDialog', scope, status === 'Active' ? 'delete-access-key-active' : 'delete-access-key', {
        timeoutMs,
      });
    });
  }
}

/**
 * The "Access keys" section of root's Security credentials: the current table with "Actions", or the
 * G1 expandable section with per-row "Make Inactive" / "Delete". Both open the same "Delete" dialog.
 */
export class AccessKeysSection extends ConsolePage {
  /**
   * @param generation which console generation the page is (SecurityCredentialsPage.generation)
   * @param who for messages: "root of 111122223333"
   * @param options check mode: compare the section and the Delete dialog with their recorded shapes (pages/__aria__)
   */
  constructor(
    page: Page,
    private readonly generation: () => Promise<'current' | 'legacy'>,
    private readonly who: string,
    options: PageOptions = {},
  ) {
    super(page, options);
  }

  /** G1: the expandable section's header button. */
  legacySection(): Locator {
    return this.page.getByRole('button', { name: ACCESS_KEYS.legacySection });
  }
  /** The table of keys, found by its key ID column. */
  table(): Locator {
    return this.page.getByRole('table').filter({ has: this.page.getByRole('columnheader', { name: ACCESS_KEYS.idColumn }) });
  }
  /** Every row that lists a key. */
  keyRows(): Locator {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell', { name: ACCESS_KEYS.keyId }) });
  }
  /** The row of one key. */
  row(id: string): Locator {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell', { name: id, exact: true }) });
  }
  /** The status cell of one key, when it reads `status`. */
  statusCell(id: string, status: AccessKey['status']): Locator {
    return this.row(id).getByRole('cell', { name: status, exact: true }).first();
  }
  /** "No access keys", in place of rows. */
  emptyState(): Locator {
    return this.table().getByText(ACCESS_KEYS.empty);
  }
  /** The current generation's "Actions" menu. */
  actionsButton(): Locator {
    return control(this.page, ACCESS_KEYS.actions);
  }
  /** An item of the open "Actions" menu (a menu item, or a button or link in a console without menus). */
  menuItem(name: RegExp): Locator {
    return this.page
      .getByRole('menuitem', { name })
      .or(control(this.page.getByRole('menu'), name))
      .first();
  }
  /** The row's selection radio (the current table selects one key at a time). */
  rowRadio(id: string): Locator {
    return this.row(id).getByRole('radio').first();
  }
  /** A per-row button (G1, or a console that acts on each row directly). */
  rowButton(id: string, name: RegExp): Locator {
    return control(this.row(id), name);
  }
  /** The "Delete <key id>" dialog of one key. */
  deleteDialog(id: string): DeleteAccessKeyDialog {
    return new DeleteAccessKeyDialog(this.page, id);
  }
  /** An error notice (a refused deactivation), in any notification role; the success notice does not match. */
  errorFlash(): Locator {
    return new Notices(this.page).error(ACCESS_KEYS.errorFlash);
  }

  /** The root's access keys as the section lists them (expands the G1 section first); empty when there are none. */
  async listKeys(): Promise<AccessKey[]> {
    return step('Read the access keys listed', async () => {
      if (this.checking) await this.checkShape();
      await this.show();
      const keys: AccessKey[] = [];
      for (const row of await this.keyRows().all()) {
        const cells = (await row.getByRole('cell').allInnerTexts()).map((t) => t.replace(/[\s\u00a0]+/g, ' ').trim());
        const id = cells.find((t) => ACCESS_KEYS.keyId.test(t));
        const status = cells.find((t) => ACCESS_KEYS.status.test(t));
        if (!id || !status)
          throw new Error(
            `Security credentials of ${this.who} lists an access key row without a key ID or a status: "${cells.join(' | ')}"`,
          );
        if (!keys.some((k) => k.id === id)) keys.push({ id, status: /^active$/i.test(status) ? 'Active' : 'Inactive' });
      }
      return keys;
    });
  }

  /** Makes an active key inactive (Actions → Deactivate, or the row's own button); afterwards its row reads "Inactive". */
  async deactivate(id: string): Promise<void> {
    await step(`Deactivate access key ${id}`, async () => {
      if ((await this.rowStyle(id)) === 'buttons') {
        await this.rowButton(id, ACCESS_KEYS.legacyDeactivate).click({ timeout: WAIT_BOUND_MS });
      } else {
        await this.select(id);
        await this.actionsButton().click({ timeout: WAIT_BOUND_MS });
        await this.menuItem(ACCESS_KEYS.deactivateItem).click({ timeout: WAIT_BOUND_MS });
      }
      const done = this.statusCell(id, 'Inactive');
      await done.or(this.errorFlash()).first().waitFor({ timeout: ANSWER_TIMEOUT_MS });
      if (!(await done.isVisible()))
        throw new Error(`Could not deactivate access key ${id} of ${this.who}: the console said "${await textOf(this.errorFlash())}"`);
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
        await deactivate.click({ timeout: WAIT_BOUND_MS });
        const outcome = await settle(dialog, deactivate);
        if (outcome !== 'done')
          throw new Error(`Could not deactivate access key ${id} of ${this.who}: the console said "${await textOf(dialog.errorAlert())}"`);
      }
      await fillChecked(dialog.confirmField(), id, `the key ID ${id} to confirm`);
      await dialog.deleteButton().click({ timeout: WAIT_BOUND_MS });
      if ((await settle(dialog, dialog.root)) !== 'done') {
        const message = await textOf(dialog.errorAlert());
        // Leave the page as a person would: the dialog closed, the key still listed.
        await dialog.cancelButton().click({ timeout: WAIT_BOUND_MS });
        await dialog.root.waitFor({ state: 'detached', timeout: WAIT_BOUND_MS });
        throw new Error(`Could not delete access key ${id} of ${this.who}: the console said "${message}"`);
      }
      await this.row(id).waitFor({ state: 'detached', timeout: ANSWER_TIMEOUT_MS });
    });
  }

  /**
   * Check: the section still has the shape recorded for its generation (the section or its heading,
   * "Actions", the key table's columns, a key row and, in G1 or a console without "Actions", its buttons). Expands the G1 section first.
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
      // The current generation's rows are selected for "Actions"; a console without the menu puts the buttons in each row.
      const rowButtons = !legacy && (await control(this.keyRows().first(), ACCESS_KEYS.legacyDelete).isVisible());
      await this.expectShape(
        'AccessKeysSection',
        this.page.getByRole('main'),
        legacy ? 'access-keys-legacy' : rowButtons ? 'access-keys-row-buttons' : 'access-keys',
      );
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
        await this.expectPart('AccessKeysSection', part);
        await act(part);
      };
      if ((await this.rowStyle(key.id)) === 'buttons') {
        await use(this.rowButton(key.id, ACCESS_KEYS.legacyDelete), (button) => button.click());
      } else {
        await use(this.rowRadio(key.id), (radio) => choose(radio, `the row of access key ${key.id}`));
        await use(this.actionsButton(), (button) => button.click());
        // A deletion deactivates first through this item: it must be there, though it is never clicked here.
        await this.expectPart('AccessKeysSection', this.menuItem(ACCESS_KEYS.deactivateItem));
        await use(this.menuItem(ACCESS_KEYS.deleteItem), (item) => item.click());
      }
      const dialog = this.deleteDialog(key.id);
      await dialog.checkShape(key.status, this.options.shapeTimeoutMs);
      const parts = [dialog.confirmField(), dialog.deleteButton(), dialog.cancelButton()];
      // An active key must be deactivated first: the dialog offers that (never clicked here).
      if (key.status === 'Active') parts.push(dialog.deactivateButton());
      for (const part of parts) await this.expectPart('DeleteAccessKeyDialog', part);
      await dialog.cancelButton().click({ timeout: WAIT_BOUND_MS });
      await dialog.root.waitFor({ state: 'detached', timeout: WAIT_BOUND_MS });
    });
  }

  /** Expands the G1 section when needed and waits until the table lists keys or says it has none. */
  private async show(): Promise<'current' | 'legacy'> {
    const generation = await this.generation();
    if (generation === 'legacy' && (await this.legacySection().getAttribute('aria-expanded', { timeout: WAIT_BOUND_MS })) !== 'true') {
      await this.legacySection().click({ timeout: WAIT_BOUND_MS });
    }
    // While the list loads the table shows neither rows nor its empty state; neither within the bound is an unknown page.
    await waitForKnownState(
      this.page,
      { pageObject: 'AccessKeysSection', step: 'Read the access keys listed' },
      { keys: this.keyRows(), empty: this.emptyState() },
      { timeoutMs: WAIT_BOUND_MS },
    );
    return generation;
  }

  /**
   * How the key's row is acted on: by selecting it (its radio; then "Actions") or by its own buttons
   * (G1's "Make Inactive" / "Delete", or a console without an Actions menu). Neither within the bound is an unknown page.
   */
  private async rowStyle(id: string): Promise<'select' | 'buttons'> {
    await this.show();
    const style = await waitForKnownState(
      this.page,
      { pageObject: 'AccessKeysSection', step: `Find the controls of access key ${id}` },
      { select: this.rowRadio(id), buttons: this.rowButton(id, ACCESS_KEYS.legacyDelete) },
    );
    return style;
  }

  /** Opens the "Delete" dialog of one key: the row's radio, then Actions → Delete; or the row's own "Delete". */
  private async openDeleteDialog(id: string): Promise<DeleteAccessKeyDialog> {
    if ((await this.rowStyle(id)) === 'buttons') {
      await this.rowButton(id, ACCESS_KEYS.legacyDelete).click({ timeout: WAIT_BOUND_MS });
    } else {
      await this.select(id);
      await this.actionsButton().click({ timeout: WAIT_BOUND_MS });
      await this.menuItem(ACCESS_KEYS.deleteItem).click({ timeout: WAIT_BOUND_MS });
    }
    const dialog = this.deleteDialog(id);
    await this.expectPart('DeleteAccessKeyDialog', dialog.root, WAIT_BOUND_MS);
    return dialog;
  }

  private async select(id: string): Promise<void> {
    await choose(this.rowRadio(id), `the row of access key ${id}`);
  }
}

/**
 * Waits until `pending` (a dialog button, or the dialog itself) has gone — done — or the dialog shows
 * an error. Polled: "gone" cannot be combined with "an error shows" in one locator wait.
 */
async function settle(dialog: DeleteAccessKeyDialog, pending: Locator): Promise<'done' | 'error'> {
  let outcome: 'done' | 'error' | 'pending' = 'pending';
  await expect
    .poll(
      async () => {
        if (await dialog.errorAlert().isVisible()) outcome = 'error';
        else if (!(await pending.isVisible())) outcome = 'done';
        return outcome;
      },
      { message: 'the console neither finished nor showed an error', timeout: ANSWER_TIMEOUT_MS, intervals: [50, 100, 200] },
    )
    .not.toBe('pending');
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
  if (!(await locator.count())) return 'no message';
  return (await oneLine(locator)) || 'no message';
}
