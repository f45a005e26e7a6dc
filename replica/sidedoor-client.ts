import type { AccountOptions, CreatedAccount, Faults } from './contract.ts';

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

  /** Merges faults into the account's fault settings. */
  setFaults(accountId: string, faults: Faults): Promise<unknown> {
    return this.call('PATCH', `/accounts/${accountId}/faults`, faults);
  }

  /** Moves the account's clock forward; returns the new offset. */
  advanceClock(accountId: string, advanceSeconds: number): Promise<{ offsetSeconds: number; now: number }> {
    return this.call('POST', `/accounts/${accountId}/clock`, { advanceSeconds });
  }

  /** The account's clock offset from real time, in seconds. */
  clock(accountId: string): Promise<{ offsetSeconds: number; now: number }> {
    return this.call('GET', `/accounts/${accountId}/clock`);
  }
}
