import type { AccountRootView, CreatedOrganization, CreateOrganizationOptions } from './organizations.ts';

/** A typed client for the organizations side door (`/__replica/organizations…`), for fixtures, tests and benches. */
export class OrgSideDoorClient {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/__replica/organizations${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // The answer holds root passwords: an error quotes only the side door's own message.
    if (!res.ok) throw new Error(`Replica side door ${method} /organizations${route} answered ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  /** Makes an organization (management account + members) in one call; the answer holds every root password. */
  createOrganization(options: CreateOrganizationOptions = {}): Promise<CreatedOrganization> {
    return this.call('POST', '', options);
  }

  /** An account's class, features and root credentials. */
  rootCredentials(accountId: string): Promise<AccountRootView> {
    return this.call('GET', `/accounts/${accountId}`);
  }
}
