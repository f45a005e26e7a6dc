import { stepOf } from './core/totp.ts';
import type { Account } from './iam/model.ts';
import { IamStore } from './iam/store.ts';
import { LookStore } from './markup/look.ts';
import { SigninStore, type Session } from './signin/store.ts';

/**
 * The replica's state: one store per service, each with its own `reset()`. IAM holds the accounts
 * (Organizations, Identity Center and the portal hang off each account: replica/identity-center/model.ts),
 * sign-in the sessions and flows, the look the replica-wide drift and markup.
 */
export class ReplicaStore {
  readonly iam = new IamStore();
  readonly signin = new SigninStore();
  readonly look = new LookStore();
  /** Set by the server once it listens; copied into every CreatedAccount. */
  baseUrl = '';

  /** Forgets all accounts, sessions and flows, and the replica-wide drift and markup. */
  reset(): void {
    this.iam.reset();
    this.signin.reset();
    this.look.reset();
  }

  /** The session and account behind a token, if both still exist. */
  session(token: string | undefined): { session: Session; account: Account } | undefined {
    const session = token ? this.signin.sessions.get(token) : undefined;
    const account = session && this.iam.accounts.get(session.accountId);
    return session && account ? { session, account } : undefined;
  }

  /** The whole state of one account as JSON, seeds, passwords and challenge answers included (a test tool). */
  snapshot(account: Account): Record<string, unknown> {
    const now = this.iam.nowSeconds(account);
    const flows = [...this.signin.flows.values()].filter((f) => f.accountId === account.id);
    const pending = flows.filter((f) => f.stage === 'security-check' && f.challenge).at(-1);
    return {
      ...account,
      now,
      currentStep: stepOf(now),
      mfaDevices: account.mfaDevices.map((d) => ({ ...d, assignmentStatus: d.enableDate ? 'Assigned' : 'Unassigned' })),
      sessions: [...this.signin.sessions.values()].filter((s) => s.accountId === account.id),
      signinFlows: flows,
      /** The answer of the newest security check waiting to be solved, for tests. */
      securityCheckAnswer: pending?.challenge?.answer ?? null,
    };
  }
}
