import { randomUUID } from 'node:crypto';
import type { BrowserContext, Locator, Page } from 'playwright';
import type { Exposure } from '../evidence/redact.ts';

/** What a secret is, for vault file names, evidence and leak reports (never its value). */
export type SecretKind =
  | 'root-password'
  | 'root-mfa-seed'
  | 'totp-code'
  | 'session-cookie'
  | 'identity-center-one-time-password'
  | 'portal-password'
  | 'portal-mfa-seed'
  /** The token of an access portal invitation link: whoever holds it can set the user's password. */
  | 'identity-center-invitation-token';

/** A secret held in this process; its value never enters logs, traces or error messages. */
export class Secret {
  readonly #value: string;
  constructor(
    readonly kind: SecretKind,
    value: string,
  ) {
    this.#value = value;
  }
  /** The clear value, for the vault and TOTP maths only. */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return `[secret ${this.kind}]`;
  }
  toJSON(): string {
    return this.toString();
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

const BINDING = '__runbookSecret';

/**
 * Every secret a run handles, and the bridge that moves them between Node and the page without
 * passing through Playwright's traced action arguments or return values: the page asks for a
 * value by a one-time handle (for typing) or hands one over (for reading), through a binding.
 */
export class SecretStore {
  readonly #handled: Secret[] = [];
  readonly #outgoing = new Map<string, string>();
  readonly #incoming = new Map<string, string>();
  readonly #exposures: Exposure[] = [];
  readonly #masks: Locator[] = [];

  /** Wraps a value as a Secret and remembers it for leak scanning. */
  hold(kind: SecretKind, value: string): Secret {
    const secret = new Secret(kind, value);
    this.#handled.push(secret);
    return secret;
  }

  /** Every secret held so far (for the leak checks on this run's artifacts). */
  handled(): readonly Secret[] {
    return this.#handled;
  }

  /** Kind and value of every secret held, for redaction and leak scanning in this process only. */
  known(): Array<{ kind: string; value: string }> {
    return this.#handled.map((s) => ({ kind: s.kind, value: s.reveal() }));
  }

  /** When secrets were readable on screen (screencast frames of those times are replaced in the trace). */
  exposures(): readonly Exposure[] {
    return this.#exposures;
  }

  /** Elements that show or hold a secret on `page`: what screenshots must mask. */
  screenshotMasks(page: Page): Locator[] {
    return this.#masks.filter((m) => m.page() === page);
  }

  /**
   * Puts a secret on screen and captures it without it showing in screencast frames: the page is
   * blurred while `show` reveals it, the time is recorded as an exposure, the secret is read
   * through the binding, then the elements that show it are masked for good and the page unblurred.
   * If anything fails the page stays blurred and the exposure open, so no later frame shows it.
   */
  async reveal(page: Page, kind: SecretKind, show: () => Promise<{ element: Locator; alsoMask?: Locator[] }>): Promise<Secret> {
    const exposure: Exposure = { kind, from: Date.now() };
    this.#exposures.push(exposure);
    await page.evaluate(() => {
      document.documentElement.style.setProperty('filter', 'blur(16px)');
    });
    const { element, alsoMask = [] } = await show();
    // Read and masked in one browser call; the page is unblurred by the last mask (one call each, not three more).
    const secret = await this.captureAndMask(element, kind, alsoMask.length === 0);
    for (const [i, other] of alsoMask.entries()) await this.maskAll(other, i === alsoMask.length - 1);
    exposure.to = Date.now();
    return secret;
  }

  /** Hides every element `element` finds (text made transparent and blurred), masks them in screenshots, and unblurs the page when `unblur`: one browser call. */
  private async maskAll(element: Locator, unblur: boolean): Promise<void> {
    this.#masks.push(element);
    await element.evaluateAll((els, unblur) => {
      for (const el of els as HTMLElement[]) {
        el.style.setProperty('filter', 'blur(16px)');
        el.style.setProperty('color', 'transparent');
      }
      if (unblur) document.documentElement.style.removeProperty('filter');
    }, unblur);
  }

  /**
   * Reads the one element `element` finds as a secret of `kind` (through the binding), hides it and
   * masks it in screenshots, and unblurs the page when `unblur`: one browser call. When `element` finds
   * none or several, Playwright's own read (capture) waits for it or names the locator that found several.
   */
  private async captureAndMask(element: Locator, kind: SecretKind, unblur: boolean): Promise<Secret> {
    const handle = randomUUID();
    const read = await element.evaluateAll(
      async (els, [binding, h, unblur]) => {
        if (els.length !== 1) return false;
        const el = els[0] as HTMLElement;
        const put = (window as unknown as Record<string, (op: string, h: string, v: string) => Promise<null>>)[binding as string]!;
        await put('put', h as string, (el.textContent ?? '').trim());
        el.style.setProperty('filter', 'blur(16px)');
        el.style.setProperty('color', 'transparent');
        if (unblur) document.documentElement.style.removeProperty('filter');
        return true;
      },
      [BINDING, handle, unblur] as const,
    );
    if (!read) {
      const secret = await this.capture(element, kind);
      await this.maskAll(element, unblur);
      return secret;
    }
    this.#masks.push(element);
    const value = this.#incoming.get(handle);
    this.#incoming.delete(handle);
    if (!value) throw new Error(`Could not read the ${kind} from the page: the element was empty`);
    return this.hold(kind, value);
  }

  /** Installs the binding on a context; call before its pages load. */
  async install(context: BrowserContext): Promise<void> {
    await context.exposeBinding(BINDING, (_source, op: string, handle: string, value?: string) => {
      if (op === 'take') {
        const v = this.#outgoing.get(handle);
        this.#outgoing.delete(handle);
        return v ?? null;
      }
      if (op === 'put' && typeof value === 'string') this.#incoming.set(handle, value);
      return null;
    });
  }

  /**
   * Types `secret` into the one input or textarea `field` finds, as a person would (focus, value, input
   * and change events), and tells whether the field holds exactly it once the page has handled those
   * events (a page may reset or reformat it). Compared in the page, through the binding: neither the
   * value typed nor the field's value enters Node, the trace or an error message. One browser call.
   * `not-one` when `field` finds no visible element, or several: nothing was typed (the caller waits for it).
   */
  async fill(field: Locator, secret: Secret): Promise<'held' | 'dropped' | 'not-one'> {
    const handle = randomUUID();
    this.#outgoing.set(handle, secret.reveal());
    if (!this.#masks.includes(field)) this.#masks.push(field);
    let typed: 'held' | 'dropped' | 'not-one' | 'not-taken';
    try {
      typed = await field.evaluateAll(
        async (els, [binding, h]) => {
          // One element, and visible as Playwright has it (a box, not visibility: hidden): else nothing is typed.
          const box = els.length === 1 ? els[0]!.getBoundingClientRect() : undefined;
          if (!box?.width || !box.height || getComputedStyle(els[0]!).visibility === 'hidden') return 'not-one';
          const take = (window as unknown as Record<string, (op: string, h: string) => Promise<string | null>>)[binding!]!;
          const value = await take('take', h!);
          if (value === null) return 'not-taken';
          const input = els[0] as HTMLInputElement | HTMLTextAreaElement;
          // focus, not click: the field is typed into, not activated.
          input.focus();
          // Shown as dots from the first character, so no screencast frame shows a typed code.
          if (input.type !== 'password') input.style.setProperty('-webkit-text-security', 'disc');
          const proto = input instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
          // React-controlled inputs ignore a plain assignment; the prototype setter is what typing uses.
          Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(input, value);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          input.dispatchEvent(new Event('change', { bubbles: true }));
          // The page answers the events in tasks of its own (a re-render may reset the field): read it after them.
          for (let i = 0; i < 2; i++) await new Promise((resolve) => setTimeout(resolve, 0));
          return input.isConnected && input.value === value ? 'held' : 'dropped';
        },
        [BINDING, handle] as const,
      );
    } finally {
      this.#outgoing.delete(handle);
    }
    if (typed === 'not-taken') throw new Error(`Could not type the ${secret.kind} into the field: the page did not take it`);
    return typed;
  }

  /** Reads an element's text as a secret of `kind`, without the text entering the trace. */
  async capture(element: Locator, kind: SecretKind): Promise<Secret> {
    const handle = randomUUID();
    await element.evaluate(
      async (el, [binding, h]) => {
        const put = (window as unknown as Record<string, (op: string, h: string, v: string) => Promise<null>>)[binding!]!;
        await put('put', h!, (el.textContent ?? '').trim());
      },
      [BINDING, handle] as const,
    );
    const value = this.#incoming.get(handle);
    this.#incoming.delete(handle);
    if (!value) throw new Error(`Could not read the ${kind} from the page: the element was empty`);
    return this.hold(kind, value);
  }
}
