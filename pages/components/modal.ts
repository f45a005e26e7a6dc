import type { Locator, Page } from '@playwright/test';
import { Component } from './component.ts';
import { control } from './controls.ts';
import { Notices } from './notices.ts';

/** Words of an error in a notice that has no error icon or alert role (a status or live region). */
export const ERROR_WORDS = /error|could not|cannot|can't|failed|not valid|invalid|denied|not authorized|try again/i;

/** A dialog, found by its accessible name (Cloudscape names it by its header). */
export class Modal extends Component {
  constructor(page: Page, name: RegExp) {
    super(page.getByRole('dialog', { name }));
  }

  /** A footer or body button of this dialog (or a link written as one). */
  button(name: RegExp): Locator {
    return control(this.root, name);
  }

  /**
   * An error shown inside the dialog: a Cloudscape alert (`role=group` with an "Error" status icon),
   * an alert, or a status or live region in the words of an error.
   */
  errorAlert(): Locator {
    return new Notices(this.root).error(ERROR_WORDS);
  }
}
