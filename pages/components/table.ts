import type { Locator, Page } from '@playwright/test';
import { Component, literal } from './component.ts';

/** A Cloudscape table of the console, found by its accessible name (its `tableLabel`). */
export class ResourceTable extends Component {
  constructor(scope: Page | Locator, name: RegExp) {
    super(scope.getByRole('table', { name }));
  }

  /** Rows that hold items: the ones with a cell, less the empty state's single cell. */
  itemRows(empty: RegExp): Locator {
    return this.root
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell') })
      .filter({ hasNotText: empty });
  }
  /** The row whose cell reads exactly `text`. */
  row(text: string): Locator {
    return this.root.getByRole('row').filter({ has: this.page.getByRole('cell', { name: new RegExp(`^${literal(text)}$`) }) });
  }
  /** The selection checkbox (or radio) of the row whose cell reads exactly `text`. */
  selector(text: string): Locator {
    return this.row(text).getByRole('checkbox').or(this.row(text).getByRole('radio')).first();
  }
  /** The empty state (a single cell). */
  emptyState(empty: RegExp): Locator {
    return this.root.getByRole('cell', { name: empty });
  }

  /** Each item row's cell texts, trimmed, as the table shows them now (the caller waits for it to load, within its own bound). */
  async rowsText(empty: RegExp): Promise<string[][]> {
    const out: string[][] = [];
    for (const row of await this.itemRows(empty).all())
      out.push((await row.getByRole('cell').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()));
    return out;
  }

  /** The column headers' names, in order (to read a row's cells by header). */
  async headers(): Promise<string[]> {
    return (await this.root.getByRole('columnheader').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }
}
