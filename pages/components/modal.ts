import type { Locator, Page } from '@playwright/test';
import { Component } from './component.ts';

/** A dialog, found by its accessible name (Cloudscape names it by its header). */
export class Modal extends Component {
  constructor(page: Page, name: RegExp) { super(page.getByRole('dialog', { name })); }

  /** A footer or body button of this dialog. */
  button(name: RegExp): Locator { return this.root.getByRole('button', { name }); }

  /** An error shown inside the dialog: Cloudscape alerts are `role=group`, told apart by their "Error" status icon. */
  errorAlert(): Locator {
    return this.root.getByRole('group').filter({ has: this.page.getByRole('img', { name: /^Error$/i }) })
      .or(this.root.getByRole('alert')).first();
  }
}
