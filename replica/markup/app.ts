import { MARKUP_TRANSFORMS, type MarkupVariation } from './catalog.ts';

/**
 * The app-scope markup variations (replica/markup/catalog.ts) of the Cloudscape console: the shell
 * carries the markup (`window.__REPLICA_MARKUP__`, read by the app's hooks in replica/console/) and
 * a mutator that rewrites attributes and texts in place as React renders.
 */

/** The `<script>` the console shell carries for `markup`: nothing without an app-scope variation. */
export function appMarkupScript(markup: MarkupVariation): string {
  const app = markup.transforms.filter((t) => MARKUP_TRANSFORMS[t].scope !== 'server');
  if (!app.length) return '';
  const config = JSON.stringify({ transforms: app, seed: markup.seed ?? 1 }).replace(/</g, '\\u003c');
  return `<script>window.__REPLICA_MARKUP__=${config};</script>\n`;
}
