import type { Logger } from 'pino';

/** Raised when a person must act in the browser but the run is headless. */
export class OperatorNeededError extends Error {
  override name = 'OperatorNeededError';
}

/** What a person must do, where, and how the run knows it is done. */
export interface HandoffRequest {
  /** The runbook step, e.g. "Sign in as root". */
  step: string;
  /** Whose account, e.g. "root of 111122223333". */
  who: string;
  /** What to do in the browser, in the imperative. */
  instruction: string;
  /** Resolves when the page has moved on; receives the time limit in ms. */
  done: (timeoutMs: number) => Promise<unknown>;
}

/** Hands control to the operator in a headed run; stops at once in a headless one. */
export class Handoff {
  constructor(private readonly opts: { headless: boolean; timeoutMs: number; log: Logger }) {}

  /** Waits until the person has acted (headed), or throws OperatorNeededError naming step and account (headless). */
  async waitForPerson(req: HandoffRequest): Promise<void> {
    if (this.opts.headless) {
      throw new OperatorNeededError(
        `${req.step} for ${req.who} needs a person: ${req.instruction}. ` +
          'Run headed (HEADLESS=false) and do it in the browser window; the run then continues by itself.',
      );
    }
    const limit =
      this.opts.timeoutMs >= 120_000 ? `${Math.round(this.opts.timeoutMs / 60_000)} min` : `${Math.round(this.opts.timeoutMs / 1000)} s`;
    this.opts.log.warn(
      { step: req.step, who: req.who },
      `ACTION NEEDED in the browser: ${req.instruction}. The run continues by itself once the page moves on (waiting up to ${limit}).`,
    );
    process.stderr.write(
      `\n>>> ACTION NEEDED (${req.step}, ${req.who}): ${req.instruction}\n>>> The run continues by itself once the page moves on (up to ${limit}).\n\n`,
    );
    try {
      await req.done(this.opts.timeoutMs);
    } catch (err) {
      throw new OperatorNeededError(
        `${req.step} for ${req.who}: nobody completed "${req.instruction}" within ${limit} (${(err as Error).message.split('\n')[0]})`,
      );
    }
    this.opts.log.info({ step: req.step }, 'The operator completed the step; continuing');
  }
}
