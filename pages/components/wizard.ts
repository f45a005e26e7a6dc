import { expect, type Locator, type Page } from '@playwright/test';
import { Component } from './component.ts';
import { contentScope, control } from './controls.ts';
import { ERROR_WORDS } from './modal.ts';
import { Notices } from './notices.ts';

/** The wizard's footer words: Cloudscape's defaults, which the console keeps. */
export const WIZARD = {
  next: /^Next$/i,
  previous: /^Previous$/i,
  cancel: /^Cancel$/i,
} as const;

/** How long the console may take to answer a wizard step or its submit. */
const ANSWER_TIMEOUT_MS = 30_000;

/**
 * A Cloudscape wizard of the console: the current step's title as the page's h1, a "Steps"
 * navigation, and Cancel / Previous / Next / a submit button named per wizard in its footer.
 */
export class Wizard extends Component {
  /** @param submit the last step's button, e.g. `/^Add user$/` */
  constructor(
    page: Page,
    private readonly submit: RegExp,
  ) {
    super(contentScope(page));
  }

  /** The current step's title. */
  title(name: RegExp): Locator {
    return this.root.getByRole('heading', { level: 1, name });
  }
  nextButton(): Locator {
    return control(this.root, WIZARD.next);
  }
  cancelButton(): Locator {
    return control(this.root, WIZARD.cancel);
  }
  submitButton(): Locator {
    return control(this.root, this.submit);
  }
  /** The step's error: a Cloudscape alert (`role=group` with an "Error" icon), an alert, or a status or live region in the words of an error. */
  errorAlert(): Locator {
    return new Notices(this.root).error(ERROR_WORDS);
  }
  /** Fields the console refused: Cloudscape marks them only with aria-invalid, which no role query can filter on. */
  // aria-invalid is an ARIA state no getByRole option selects: the attribute is the meaning here, not markup.
  invalidFields(): Locator {
    return this.root.locator('[aria-invalid="true"]');
  }

  /**
   * Goes to the next step: waits until its title shows. A refusal (a step error or refused fields)
   * throws with the console's words, prefixed by `what`.
   */
  async next(nextTitle: RegExp, what: string): Promise<void> {
    await this.nextButton().click();
    await this.settle(this.title(nextTitle), what);
  }

  /** Submits the last step; afterwards `done` shows, or this throws with the console's words. */
  async submitAndWait(done: Locator, what: string): Promise<void> {
    await this.submitButton().click();
    await this.settle(done, what);
  }

  /** Waits for `done`, or for the console to refuse; polled because "refused" is two different signals. */
  async settle(done: Locator, what: string): Promise<void> {
    let outcome = 'pending' as 'done' | 'refused' | 'pending';
    await expect
      .poll(
        async () => {
          if (await done.first().isVisible()) outcome = 'done';
          else if ((await this.errorAlert().isVisible()) || (await this.invalidFields().count()) > 0) outcome = 'refused';
          return outcome;
        },
        { message: `${what}: the console neither moved on nor showed an error`, timeout: ANSWER_TIMEOUT_MS, intervals: [50, 100, 250] },
      )
      .not.toBe('pending');
    if (outcome === 'refused') throw new Error(`${what}: the console said "${await this.refusal()}"`);
  }

  /** Leaves the wizard without changing anything; afterwards its steps are gone. */
  async cancel(): Promise<void> {
    await this.cancelButton().click();
    await this.root.getByRole('navigation', { name: /^Steps$/ }).waitFor({ state: 'detached' });
  }

  /** The console's words for a refusal: the step's error, else the refused fields' names and messages. */
  private async refusal(): Promise<string> {
    if (await this.errorAlert().isVisible()) return textOf(this.errorAlert());
    const fields: string[] = [];
    for (const field of await this.invalidFields().all()) {
      const described = await field.evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ')
          .trim(),
      );
      fields.push(
        `${(await field.getAttribute('aria-label')) ?? (await field.ariaSnapshot()).replace(/^- /, '')}: ${described || 'refused'}`,
      );
    }
    return fields.join('; ') || 'no message';
  }
}

/** An element's text on one line. */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim() || 'no message';
}
