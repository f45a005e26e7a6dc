import { randomInt } from 'node:crypto';
import type { AccountOptions, CreatedAccount } from '../contract.ts';
import { InputError } from '../core/errors.ts';
import { randomFrom, randomToken } from '../core/random.ts';
import { emptyIdentityCenter } from '../identity-center/model.ts';
import { applyIdentityCenterOptions } from '../identity-center/setup.ts';
import { addVirtualDevice, enableDevice, MAX_ROOT_MFA_DEVICES } from './mfa-check.ts';
import type { Account } from './model.ts';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A strong random password with every character class. */
function randomPassword(): string {
  return `${randomFrom('ABCDEFGHJKLMNPQRSTUVWXYZ', 4)}${randomFrom('abcdefghijkmnopqrstuvwxyz', 8)}${randomFrom('23456789', 4)}${randomFrom('!#%+-=@_', 2)}${randomFrom('abcdefghijkmnopqrstuvwxyz23456789', 6)}`;
}

/** IAM's store: every replica account (its root user and what hangs off it); `reset()` forgets them. */
export class IamStore {
  readonly accounts = new Map<string, Account>();

  reset(): void {
    this.accounts.clear();
  }

  /**
   * Creates an account from side-door options (already shape-checked); throws InputError on conflicts.
   * `baseUrl` is the replica's, copied into the CreatedAccount and the account's portal URL.
   */
  createAccount(opts: AccountOptions = {}, baseUrl = ''): CreatedAccount {
    const id = opts.accountId ?? this.newAccountId();
    if (!/^\d{12}$/.test(id)) throw new InputError('accountId', 'accountId must be 12 digits.');
    if (this.accounts.has(id)) throw new InputError('accountId', `Account ${id} already exists in the replica.`);
    const rootEmail = (opts.rootEmail ?? `root+${id}@replica.example`).toLowerCase();
    if (this.accountByEmail(rootEmail)) throw new InputError('rootEmail', `Another replica account already uses ${rootEmail}.`);
    if ((opts.accessKeys?.length ?? 0) > 2) throw new InputError('accessKeys', 'The root user can have at most 2 access keys.');
    if ((opts.mfaDevices?.length ?? 0) > MAX_ROOT_MFA_DEVICES)
      throw new InputError('mfaDevices', `The root user can have at most ${MAX_ROOT_MFA_DEVICES} MFA devices.`);

    const now = new Date().toISOString();
    const account: Account = {
      id,
      alias: opts.alias ?? null,
      rootEmail,
      rootPassword: opts.rootPassword ?? randomPassword(),
      createdAt: now,
      options: {
        generation: opts.generation ?? 'current',
        forcedMfaPrompt: opts.forcedMfaPrompt ?? false,
        forcedMfaDaysLeft: opts.forcedMfaDaysLeft ?? 35,
        idcEnableFlow: opts.identityCenter?.enableFlow ?? 'dialog',
      },
      mfaDevices: [],
      accessKeys: (opts.accessKeys ?? []).map((status) => ({
        id: this.newAccessKeyId(),
        secret: randomFrom(B32 + 'abcdefghijklmnopqrstuvwxyz+/', 40),
        status,
        createDate: now,
        lastUsedDate: null,
        lastUsedService: null,
        lastUsedRegion: null,
      })),
      faults: { ...opts.faults },
      drift: { ...opts.drift },
      ...(opts.markup
        ? { markup: { transforms: [...opts.markup.transforms], ...(opts.markup.seed === undefined ? {} : { seed: opts.markup.seed }) } }
        : {}),
      clockOffsetSeconds: 0,
      apiCredentials: { accessKeyId: this.newAccessKeyId(), secretAccessKey: randomToken(30), userId: `AIDA${randomFrom(B32, 17)}` },
      identityCenter: emptyIdentityCenter(),
    };
    applyIdentityCenterOptions(account, opts.identityCenter, now, baseUrl);
    for (const name of opts.mfaDevices ?? []) {
      try {
        enableDevice(account, addVirtualDevice(account, name), null);
      } catch (err) {
        throw new InputError('mfaDevices', `mfaDevices: ${(err as Error).message}`);
      }
    }
    this.accounts.set(id, account);
    return {
      accountId: id,
      rootEmail,
      rootPassword: account.rootPassword,
      apiCredentials: { accessKeyId: account.apiCredentials.accessKeyId, secretAccessKey: account.apiCredentials.secretAccessKey },
      baseUrl,
    };
  }

  account(id: string): Account | undefined {
    return this.accounts.get(id);
  }

  accountByEmail(email: string): Account | undefined {
    const wanted = email.trim().toLowerCase();
    for (const account of this.accounts.values()) if (account.rootEmail === wanted) return account;
    return undefined;
  }

  accountByApiKey(accessKeyId: string): Account | undefined {
    for (const account of this.accounts.values()) if (account.apiCredentials.accessKeyId === accessKeyId) return account;
    return undefined;
  }

  /** The account's server time in Unix seconds: real time plus its clock offset. */
  nowSeconds(account: Account): number {
    return Date.now() / 1000 + account.clockOffsetSeconds;
  }

  /** The account's server time as an ISO 8601 string. */
  nowIso(account: Account): string {
    return new Date(this.nowSeconds(account) * 1000).toISOString();
  }

  private newAccountId(): string {
    for (;;) {
      const id = `${randomInt(1, 10)}${randomFrom('0123456789', 11)}`;
      if (!this.accounts.has(id)) return id;
    }
  }

  private newAccessKeyId(): string {
    return `AKIA${randomFrom(B32, 16)}`;
  }
}
