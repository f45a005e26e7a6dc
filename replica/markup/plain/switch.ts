import type { Account } from '../../iam/model.ts';
import type { ReplicaStore } from '../../store.ts';

/**
 * Whether a page is served in the `plain-html` markup (replica/markup/catalog.ts): the sign-in and
 * IAM pages of replica/plain instead of the usual sign-in pages and the Cloudscape app. The
 * account's own markup wins; before the email names an account, the replica-wide one decides.
 */
export function plainHtmlOn(store: ReplicaStore, account?: Account | null): boolean {
  return store.look.markupFor(account).transforms.includes('plain-html');
}
