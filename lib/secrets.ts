import { randomUUID } from 'node:crypto';
import type { BrowserContext, Locator } from 'playwright';

/** What a secret is, for vault file names, evidence and leak reports (never its value). */
export type SecretKind =
  | 'root-password' | 'root-mfa-seed' | 'totp-code' | 'session-cookie'
  | 'identity-center-one-time-password' | 'portal-password' | 'portal-mfa-seed';

/** A secret held in this process; its value never enters logs, traces or error messages. */
export class Secret {
  readonly #value: string;
  constructor(readonly kind: SecretKind, value: string) { this.#value = value; }
  /** The clear value, for the vault and TOTP maths only. */
  reveal(): string { return this.#value; }
  toString(): string { return `[secret ${this.kind}]`; }
  toJSON(): string { return this.toString(); }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
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

  /** Wraps a value as a Secret and remembers it for leak scanning. */
  hold(kind: SecretKind, value: string): Secret {
    const secret = new Secret(kind, value);
    this.#handled.push(secret);
    return secret;
  }

  /** Every secret held so far (for the leak checks on this run's artifacts). */
  handled(): readonly Secret[] { return this.#handled; }

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

  /** Types `secret` into an input or textarea as a person would (focus, value, input and change events). */
  async fill(field: Locator, secret: Secret): Promise<void> {
    const handle = randomUUID();
    this.#outgoing.set(handle, secret.reveal());
    // focus, not click: the field is typed into, not activated (and a click costs a stability wait).
    await field.focus();
    const typed = await field.evaluate(async (el, [binding, h]) => {
      const take = (window as unknown as Record<string, (op: string, h: string) => Promise<string | null>>)[binding!]!;
      const value = await take('take', h!);
      if (value === null) return false;
      const input = el as HTMLInputElement | HTMLTextAreaElement;
      const proto = input instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      // React-controlled inputs ignore a plain assignment; the prototype setter is what typing uses.
      Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    }, [BINDING, handle] as const);
    this.#outgoing.delete(handle);
    if (!typed) throw new Error(`Could not type the ${secret.kind} into the field: the page did not take it`);
  }

  /** Reads an element's text as a secret of `kind`, without the text entering the trace. */
  async capture(element: Locator, kind: SecretKind): Promise<Secret> {
    const handle = randomUUID();
    await element.evaluate(async (el, [binding, h]) => {
      const put = (window as unknown as Record<string, (op: string, h: string, v: string) => Promise<null>>)[binding!]!;
      await put('put', h!, (el.textContent ?? '').trim());
    }, [BINDING, handle] as const);
    const value = this.#incoming.get(handle);
    this.#incoming.delete(handle);
    if (!value) throw new Error(`Could not read the ${kind} from the page: the element was empty`);
    return this.hold(kind, value);
  }
}
