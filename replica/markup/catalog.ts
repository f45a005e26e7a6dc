/**
 * The replica's markup variations: semantics-preserving changes to how every replicated page is
 * written (issue 11). A test instrument: a page object written for the *meaning* of a page must
 * survive each of them, alone or combined. None changes a label's words outside the variants of
 * console-facts §7, removes a field, or changes what an action does: changes of meaning are
 * `ConsoleDrift` (contract.ts) and must end as a drift report instead.
 *
 * Chosen per replica (side door `PUT /__replica/markup`, `REPLICA_MARKUP=a,b,c`) or per account
 * (`AccountOptions.markup`); the account's own choice wins over the replica's.
 */

/** Where a variation applies: the server-rendered pages (sign-in, access portal, plain IAM), the Cloudscape console app, or both. */
export type MarkupScope = 'server' | 'app' | 'both';

export const MARKUP_TRANSFORMS = {
  'label-wrap': { scope: 'server', what: 'A <label> wraps its <input> (no for=), with the text before the field' },
  'label-whitespace': {
    scope: 'both',
    what: 'Extra spaces, line breaks and non-breaking spaces around and inside labels, legends, headings and button texts',
  },
  'nested-text': { scope: 'server', what: 'Label, button and heading texts split into nested <span>/<strong> elements' },
  'notice-status': { scope: 'both', what: 'Notifications and errors as role="status"' },
  'notice-alert': { scope: 'both', what: 'Notifications and errors as role="alert"' },
  'notice-live': { scope: 'both', what: 'Notifications and errors as a plain aria-live region with no role' },
  'buttons-as-links': { scope: 'both', what: 'Buttons written as links styled as buttons (role link)' },
  'links-as-buttons': { scope: 'both', what: 'Links written as buttons (role button) that navigate' },
  'radio-other': { scope: 'both', what: 'Another radio of each group pre-selected' },
  'radio-none': { scope: 'both', what: 'No radio pre-selected' },
  'late-content': { scope: 'both', what: 'Content that arrives only after an XHR, 0.2–3 s late (seeded)' },
  'captcha-frame-only': {
    scope: 'server',
    what: 'The security check only inside an iframe, the page around it saying "Complete the security check." in an alert',
  },
  'spa-forms': {
    scope: 'server',
    what: 'Forms submitted by script and the page re-rendered in place (single-page) instead of a post and a new page',
  },
  'label-variants': { scope: 'both', what: 'Case and punctuation variants listed in console-facts §7' },
  'no-hooks': { scope: 'both', what: 'No ids (but those a label or aria attribute points at), no data-* test hooks, no test classes' },
  'no-main-landmark': { scope: 'both', what: 'No <main> landmark: the content sits in plain <div>s' },
  'plain-html': {
    scope: 'server',
    what: 'Sign-in and IAM (Security credentials, MFA assignment, access keys) as plain server-rendered HTML sharing no markup with the Cloudscape app',
  },
} as const satisfies Record<string, { scope: MarkupScope; what: string }>;

/** One markup variation's name. */
export type MarkupTransform = keyof typeof MARKUP_TRANSFORMS;

/** Every variation's name, in catalogue order. */
export const MARKUP_TRANSFORM_NAMES = Object.keys(MARKUP_TRANSFORMS) as MarkupTransform[];

/** The markup a replica (or one account) serves: the variations switched on, and the seed of every random choice they make. */
export interface MarkupVariation {
  transforms: MarkupTransform[];
  /** Seed of the variations' random choices (delays, which radio); the same seed gives the same pages. Default 1. */
  seed?: number;
}
