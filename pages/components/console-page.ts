import type { Locator, Page } from '@playwright/test';
import { expectPart, expectShape } from '../../lib/drift/drift.ts';
import { step, type PageOptions } from './component.ts';
import { contentScope } from './controls.ts';

/**
 * Base of every page object of a console page, wizard or dialog: the page and the one page context
 * (PageOptions: check mode), what every page has (its content area) and the check-mode shape step.
 */
export abstract class ConsolePage {
  constructor(
    readonly page: Page,
    protected readonly options: PageOptions = {},
  ) {}

  /** The page's content: the main landmark, or the body when the console has none. */
  content(): Locator {
    return contentScope(this.page);
  }

  /** True in check mode: each page is compared with its recorded shape (pages/__aria__) before it is used. */
  protected get checking(): boolean {
    return this.options.checkShapes === true;
  }

  /** Check mode: `scope` (the content by default) still has the recorded shape `snapshot`, as a step titled `title`. */
  protected checkShapeStep(title: string, pageObject: string, snapshot: string, scope: Locator = this.content()): Promise<void> {
    return step(title, () => this.expectShape(pageObject, scope, snapshot));
  }

  /** Check mode: `scope` has the recorded shape `snapshot`, within the shape bound (PageOptions.shapeTimeoutMs). */
  protected expectShape(pageObject: string, scope: Locator, snapshot: string): Promise<void> {
    return expectShape(pageObject, scope, snapshot, { timeoutMs: this.options.shapeTimeoutMs });
  }

  /** Check mode: a part the page object relies on shows within `timeoutMs` (default: the shape bound), else drift naming it. */
  protected expectPart(pageObject: string, part: Locator, timeoutMs = this.options.shapeTimeoutMs): Promise<void> {
    return expectPart(pageObject, part, timeoutMs);
  }
}
