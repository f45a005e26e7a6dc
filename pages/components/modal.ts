import type { Locator, Page } from '@playwright/test';
import { Component } from './component.ts';

/** A dialog, found by its accessible name (Cloudscape names it by its header). */
export class Modal extends Component {
  constructor(page: Page, name: RegExp) { super(page.getByRole('dialog', { name })); }

  /** A footer or body button of this dialog. */
  button(name: RegExp): Locator { return this.root.getByRole('button', { name }); }
}
