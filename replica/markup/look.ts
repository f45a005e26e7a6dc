import type { ConsoleDrift } from '../contract.ts';
import type { Account } from '../iam/model.ts';
import type { MarkupVariation } from './catalog.ts';

/**
 * How the pages look, replica-wide: the drift (changed facts, side door `…/drift`) and the markup
 * variation (the same facts in other HTML, side door `PUT /__replica/markup`). An account's own wins.
 */
export class LookStore {
  /** Changes to every account's console pages, and to the sign-in pages before an account is known. */
  drift: ConsoleDrift = {};
  /** How every page is written; an account's own `markup` wins. */
  markup: MarkupVariation = { transforms: [] };
  /** The markup `reset()` goes back to: the one the replica was started with (`startReplica({ markup })`), else none. */
  startMarkup: MarkupVariation = { transforms: [] };

  reset(): void {
    this.drift = {};
    this.markup = this.startMarkup;
  }

  /** The drift a page shows: the replica-wide drift, overridden key by key by the account's own. */
  driftFor(account?: Account | null): ConsoleDrift {
    return { ...this.drift, ...account?.drift };
  }

  /** The markup a page is written in: the account's own when set, else the replica's (the sign-in pages before the email is known). */
  markupFor(account?: Account | null): MarkupVariation {
    return account?.markup ?? this.markup;
  }
}
