import { randomBytes, randomInt } from 'node:crypto';
import type { AccountOptions, ConsoleDrift, ConsoleGeneration, CreatedAccount, Faults } from './contract.ts';
import { InputError } from './core/http.ts';
import { addVirtualDevice, enableDevice, MAX_ROOT_MFA_DEVICES } from './iam/mfa-check.ts';
import { stepOf } from './core/totp.ts';
import { emptyIdentityCenter, type IdentityCenterState } from './identity-center/model.ts';
import type { IdcEnableFlow } from './identity-center/contract.ts';
import { applyIdentityCenterOptions } from './identity-center/setup.ts';
import type { MarkupVariation } from './markup/catalog.ts';

/** A root virtual MFA device; `enableDate` is null while it is created but not enabled (wizard abandoned). */
export interface VirtualMfaDevice {
  name: string;
  serialNumber: string;           // arn:aws:iam::<id>:mfa/<name>
  seed: string;                   // Base32, 64 characters (40 random bytes)
  createDate: string;
  enableDate: string | null;
  /** Last TOTP step accepted from this device; codes of that step or earlier are refused. */
  lastUsedStep: number | null;
}

/** A root access key. The secret is kept only so the side door can show it; the console never lists it. */
export interface RootAccessKey {
  id: string;                     // AKIA + 16 characters
  secret: string;
  status: 'Active' | 'Inactive';
  createDate: string;
  lastUsedDate: string | null;
  lastUsedService: string | null;
  lastUsedRegion: string | null;
}

export interface AccountSettings {
  generation: ConsoleGeneration;
  forcedMfaPrompt: boolean;
  forcedMfaDaysLeft: number;
  /** How the Identity Center console enables an instance (`AccountOptions.identityCenter.enableFlow`). */
  idcEnableFlow: IdcEnableFlow;
}

/** One replica account: the root user and what hangs off it. */
export interface Account {
  id: string;
  alias: string | null;
  rootEmail: string;
  /** Secret: never logged. */
  rootPassword: string;
  createdAt: string;
  options: AccountSettings;
  mfaDevices: VirtualMfaDevice[];
  accessKeys: RootAccessKey[];
  faults: Faults;
  /** Changes to this account's console pages (side door `…/drift`); on top of the replica-wide drift. */
  drift: ConsoleDrift;
  /** How this account's pages are written (replica/markup); unset: the replica-wide markup. */
  markup?: MarkupVariation;
  /** Seconds added to the real clock for this account (the side door moves it forward). */
  clockOffsetSeconds: number;
  /** An administrator's keys for the IAM Query API (not root keys), and that user's id. */
  apiCredentials: { accessKeyId: string; secretAccessKey: string; userId: string };
  /** Organizations, Identity Center and the access portal (replica/identity-center/model.ts; `resetIdentityCenter` empties it). */
  identityCenter: IdentityCenterState;
}

/** A signed-in console session (cookie `aws-creds`). */
export interface Session {
  token: string;
  accountId: string;
  xsrfToken: string;
  createdAt: string;
  requestCount: number;
}

export type SigninStage = 'security-check' | 'password' | 'mfa' | 'mfa-required';

/** A CAPTCHA shown during sign-in; `after` tells which step it follows. */
export interface SecurityChallenge {
  answer: string;
  after: 'email' | 'password';
  failures: number;
}

/** A root sign-in in progress (cookie `aws-signin-flow`), from the email page to the session. */
export interface SigninFlow {
  id: string;
  /** Null when the email matches no account: the flow goes on and fails at the password. */
  accountId: string | null;
  email: string;
  /** Same-origin path to return to, with the `#hash` the sign-in page saw. */
  redirectUri: string;
  stage: SigninStage;
  challenge: SecurityChallenge | null;
  /** Security checks already passed in this flow. */
  passedChecks: Array<'email' | 'password'>;
  createdAt: string;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export const randomToken = (bytes = 24): string => randomBytes(bytes).toString('base64url');

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A strong random password with every character class. */
function randomPassword(): string {
  return `${randomFrom('ABCDEFGHJKLMNPQRSTUVWXYZ', 4)}${randomFrom('abcdefghijkmnopqrstuvwxyz', 8)}${randomFrom('23456789', 4)}${randomFrom('!#%+-=@_', 2)}${randomFrom('abcdefghijkmnopqrstuvwxyz23456789', 6)}`;
}

/** Holds every replica account, session and sign-in flow; `reset()` forgets them all. */
export class ReplicaStore {
  readonly accounts = new Map<string, Account>();
  readonly sessions = new Map<string, Session>();
  readonly flows = new Map<string, SigninFlow>();
  /** Set by the server once it listens; copied into every CreatedAccount. */
  baseUrl = '';
  /** Changes to every account's console pages, and to the sign-in pages before an account is known (side door). */
  drift: ConsoleDrift = {};
  /** How every page is written (replica/markup, side door `PUT /__replica/markup`); an account's own `markup` wins. */
  markup: MarkupVariation = { transforms: [] };
  /** The markup `reset()` goes back to: the one the replica was started with (`startReplica({ markup })`), else none. */
  startMarkup: MarkupVariation = { transforms: [] };

  /** Forgets all accounts, sessions and flows. */
  reset(): void {
    this.accounts.clear();
    this.sessions.clear();
    this.flows.clear();
    this.drift = {};
    this.markup = this.startMarkup;
  }

  /** Creates an account from side-door options (already shape-checked); throws InputError on conflicts. */
  createAccount(opts: AccountOptions = {}): CreatedAccount {
    const id = opts.accountId ?? this.newAccountId();
    if (!/^\d{12}$/.test(id)) throw new InputError('accountId', 'accountId must be 12 digits.');
    if (this.accounts.has(id)) throw new InputError('accountId', `Account ${id} already exists in the replica.`);
    const rootEmail = (opts.rootEmail ?? `root+${id}@replica.example`).toLowerCase();
    if (this.accountByEmail(rootEmail)) throw new InputError('rootEmail', `Another replica account already uses ${rootEmail}.`);
    if ((opts.accessKeys?.length ?? 0) > 2) throw new InputError('accessKeys', 'The root user can have at most 2 access keys.');
    if ((opts.mfaDevices?.length ?? 0) > MAX_ROOT_MFA_DEVICES) throw new InputError('mfaDevices', `The root user can have at most ${MAX_ROOT_MFA_DEVICES} MFA devices.`);

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
        id: this.newAccessKeyId(), secret: randomFrom(B32 + 'abcdefghijklmnopqrstuvwxyz+/', 40), status, createDate: now,
        lastUsedDate: null, lastUsedService: null, lastUsedRegion: null,
      })),
      faults: { ...opts.faults },
      drift: { ...opts.drift },
      ...(opts.markup ? { markup: { transforms: [...opts.markup.transforms], ...(opts.markup.seed === undefined ? {} : { seed: opts.markup.seed }) } } : {}),
      clockOffsetSeconds: 0,
      apiCredentials: { accessKeyId: this.newAccessKeyId(), secretAccessKey: randomToken(30), userId: `AIDA${randomFrom(B32, 17)}` },
      identityCenter: emptyIdentityCenter(),
    };
    applyIdentityCenterOptions(account, opts.identityCenter, now, this.baseUrl);
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
      baseUrl: this.baseUrl,
    };
  }

  account(id: string): Account | undefined { return this.accounts.get(id); }

  /** The drift a page shows: the replica-wide drift, overridden key by key by the account's own. */
  driftFor(account?: Account | null): ConsoleDrift {
    return { ...this.drift, ...account?.drift };
  }

  /** The markup a page is written in: the account's own when set, else the replica's (the sign-in pages before the email is known). */
  markupFor(account?: Account | null): MarkupVariation {
    return account?.markup ?? this.markup;
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

  startSession(accountId: string): Session {
    const session: Session = { token: randomToken(), accountId, xsrfToken: randomToken(18), createdAt: new Date().toISOString(), requestCount: 0 };
    this.sessions.set(session.token, session);
    return session;
  }

  /** The session and account behind a token, if both still exist. */
  session(token: string | undefined): { session: Session; account: Account } | undefined {
    const session = token ? this.sessions.get(token) : undefined;
    const account = session && this.accounts.get(session.accountId);
    return session && account ? { session, account } : undefined;
  }

  /** The whole state of one account as JSON, seeds, passwords and challenge answers included (a test tool). */
  snapshot(account: Account): Record<string, unknown> {
    const now = this.nowSeconds(account);
    const flows = [...this.flows.values()].filter((f) => f.accountId === account.id);
    const pending = flows.filter((f) => f.stage === 'security-check' && f.challenge).at(-1);
    return {
      ...account,
      now,
      currentStep: stepOf(now),
      mfaDevices: account.mfaDevices.map((d) => ({ ...d, assignmentStatus: d.enableDate ? 'Assigned' : 'Unassigned' })),
      sessions: [...this.sessions.values()].filter((s) => s.accountId === account.id),
      signinFlows: flows,
      /** The answer of the newest security check waiting to be solved, for tests. */
      securityCheckAnswer: pending?.challenge?.answer ?? null,
    };
  }

  private newAccountId(): string {
    for (;;) {
      const id = `${randomInt(1, 10)}${randomFrom('0123456789', 11)}`;
      if (!this.accounts.has(id)) return id;
    }
  }

  private newAccessKeyId(): string {
    return `AKIA${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
  }
}
