import { escapeHtml } from '../core/http.ts';

/** Plain styling close enough to the sign-in pages' look; no script is needed by any form. */
const STYLE = `
  :root { color-scheme: light; font-family: "Amazon Ember", "Helvetica Neue", Roboto, Arial, sans-serif; }
  body { margin: 0; background: #f2f3f3; color: #16191f; }
  header.brand { background: #232f3e; color: #fff; padding: 10px 24px; font-weight: 700; }
  main { max-width: 420px; margin: 40px auto; background: #fff; padding: 24px 32px; border-radius: 8px;
         box-shadow: 0 1px 4px rgba(0,28,36,.3); }
  h1 { font-size: 24px; margin: 0 0 16px; }
  fieldset { border: 0; padding: 0; margin: 0 0 16px; }
  legend { font-weight: 700; margin-bottom: 8px; }
  .choice { margin-bottom: 8px; }
  .hint { color: #5f6b7a; font-size: 13px; margin: 2px 0 0 24px; }
  label.field { display: block; font-weight: 700; margin: 12px 0 4px; }
  input[type=email], input[type=password], input[type=text] { width: 100%; box-sizing: border-box; padding: 6px 8px;
         border: 1px solid #7d8998; border-radius: 4px; font-size: 14px; }
  button { margin-top: 16px; padding: 6px 20px; border-radius: 20px; border: 1px solid #ec7211; background: #ec7211;
           color: #fff; font-weight: 700; cursor: pointer; font-size: 14px; }
  button.secondary { background: #fff; color: #545b64; border-color: #545b64; margin-left: 8px; }
  .alert { border: 1px solid #d13212; background: #fdf3f1; color: #d13212; padding: 8px 12px; border-radius: 4px; margin: 0 0 12px; }
  .links { margin-top: 16px; font-size: 13px; }
  .links a { color: #0073bb; }
  iframe { border: 1px solid #d5dbdb; width: 100%; height: 260px; }
`;

/** A whole sign-in page: landmark, heading and the form given. */
export function layout(title: string, body: string, extraHead = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>${extraHead}
</head>
<body>
<header class="brand" aria-label="Amazon Web Services">aws</header>
<main>
${body}
</main>
</body>
</html>`;
}

/** An error the page reads out at once (`role="alert"`); empty when there is none. */
export function alertBox(message: string | undefined, id = 'error_message'): string {
  return message ? `<div class="alert" role="alert" id="${id}">${escapeHtml(message)}</div>` : '';
}

/** The loud page for anything the replica does not replicate (served with HTTP 501). */
export function notReplicatedPage(method: string, path: string, detail = ''): string {
  const what = `${method} ${path}`;
  return layout(
    'Not replicated',
    `<h1>Not replicated</h1>
<p role="alert">Not replicated: ${escapeHtml(what)} is not part of the aws-console-runbooks replica</p>
${detail ? `<p>${escapeHtml(detail)}</p>` : ''}
<p class="links"><a href="/signin">Back to sign in</a></p>`,
  );
}
