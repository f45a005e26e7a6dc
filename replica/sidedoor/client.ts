import type { AccountOptions, ConsoleDrift, CreatedAccount, Faults } from '../contract.ts';
import type { OutboxEmailView } from '../identity-center/contract.ts';
import type { MarkupVariation } from '../markup/catalog.ts';

/** A typed client for the replica's side door (`/__replica/…`), for fixtures, tests and benches. */
export class SideDoorClient {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/__replica${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Replica side door ${method} ${route} answered ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Creates a fresh account; the answer holds its root password (a secret). */
  createAccount(options: AccountOptions = {}): Promise<CreatedAccount> {
    return this.call('POST', '/accounts', options);
  }

  /** The whole state of one account, seeds included (a test tool: never log it). */
  state<T = Record<string, unknown>>(accountId: string): Promise<T> {
    return this.call('GET', `/accounts/${accountId}`);
  }

  /** The whole state of one account, or undefined when the replica has no such account (a fleet creates it then). */
  async findAccount<T = Record<string, unknown>>(accountId: string): Promise<T | undefined> {
    const res = await fetch(`${this.baseUrl}/__replica/accounts/${accountId}`);
    if (res.status === 404) return undefined;
    const text = await res.text();
    if (!res.ok) throw new Error(`Replica side door GET /accounts/${accountId} answered ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  /** Merges faults into the account's fault settings. */
  setFaults(accountId: string, faults: Faults): Promise<unknown> {
    return this.call('PATCH', `/accounts/${accountId}/faults`, faults);
  }

  /** Changes the account's console pages (merged; `null` clears a kind); returns the account's drift. */
  setDrift(accountId: string, drift: { [K in keyof ConsoleDrift]: ConsoleDrift[K] | null }): Promise<ConsoleDrift> {
    return this.call('PATCH', `/accounts/${accountId}/drift`, drift);
  }

  /** Changes every account's pages and the sign-in pages (merged; `null` clears a kind); returns the replica-wide drift. */
  setReplicaDrift(drift: { [K in keyof ConsoleDrift]: ConsoleDrift[K] | null }): Promise<ConsoleDrift> {
    return this.call('PATCH', '/drift', drift);
  }

  /** Sets how every page is written (replica/markup/catalog.ts); `{ transforms: [] }` is the pages as recorded. */
  setReplicaMarkup(markup: MarkupVariation): Promise<MarkupVariation> {
    return this.call('PUT', '/markup', markup);
  }

  /** The replica-wide markup variation. */
  replicaMarkup(): Promise<MarkupVariation> {
    return this.call('GET', '/markup');
  }

  /** Sets how one account's pages are written (wins over the replica-wide markup); `null` follows the replica's again. */
  setMarkup(accountId: string, markup: MarkupVariation | null): Promise<MarkupVariation> {
    return markup === null
      ? this.call('DELETE', `/accounts/${accountId}/markup`)
      : this.call('PUT', `/accounts/${accountId}/markup`, markup);
  }

  /** Moves the account's clock forward; returns the new offset. */
  advanceClock(accountId: string, advanceSeconds: number): Promise<{ offsetSeconds: number; now: number }> {
    return this.call('POST', `/accounts/${accountId}/clock`, { advanceSeconds });
  }

  /** The mails the replica sent for the account (Identity Center invitations), oldest first. */
  outbox(accountId: string): Promise<OutboxEmailView[]> {
    return this.call('GET', `/accounts/${accountId}/outbox`);
  }

  /** The account's clock offset from real time, in seconds. */
  clock(accountId: string): Promise<{ offsetSeconds: number; now: number }> {
    return this.call('GET', `/accounts/${accountId}/clock`);
  }
}
