import type { MarkupVariation } from './catalog.ts';

/**
 * The server-scope markup variations (replica/markup/catalog.ts): every server-rendered page
 * (sign-in, access portal, plain IAM, error pages) passes through here on its way out
 * (http.ts `sendHtml` hook). Without a server-scope variation the page goes out as it is.
 */
export function transformServerHtml(html: string, markup: MarkupVariation): string {
  if (!markup.transforms.length) return html;
  return html;
}
