import { randomToken } from '../core/random.ts';

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

/** Sign-in's store: console sessions and sign-in flows in progress; `reset()` forgets them. */
export class SigninStore {
  readonly sessions = new Map<string, Session>();
  readonly flows = new Map<string, SigninFlow>();

  reset(): void {
    this.sessions.clear();
    this.flows.clear();
  }

  startSession(accountId: string): Session {
    const session: Session = {
      token: randomToken(),
      accountId,
      xsrfToken: randomToken(18),
      createdAt: new Date().toISOString(),
      requestCount: 0,
    };
    this.sessions.set(session.token, session);
    return session;
  }
}
