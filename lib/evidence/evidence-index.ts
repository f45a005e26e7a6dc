import type { EvidenceRecord } from './evidence.ts';
import escapeHtml from 'escape-html';

/** What the index page shows besides the record. */
export interface IndexExtras {
  /** Final screenshots, relative to the bundle. */
  finalScreenshots: string[];
  /** The trace file, relative to the bundle, when there is one. */
  trace?: string;
  /** Fingerprint of the key that signs the record. */
  fingerprint: string;
}

const esc = (v: unknown): string => escapeHtml(String(v ?? ''));
const time = (iso?: string) => (iso ? esc(iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')) : '—');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const json = (v: unknown) => `<pre>${esc(JSON.stringify(v, null, 2))}</pre>`;
const list = (items: string[]) => (items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '<p>—</p>');

type Redaction = NonNullable<EvidenceRecord['trace']>['redaction'];

/** What the trace holds besides actions, snapshots and network: the screencast, or why there is none. */
function filmStrip(screencast: boolean | undefined, redaction: Redaction | undefined): string {
  const frames = redaction?.framesRecorded;
  // Bundles made before the screencast could be off always recorded it, and did not count its frames.
  if (screencast === undefined && frames === undefined) return 'screencast';
  if (!frames) {
    return `no screencast (${screencast ? 'none was recorded' : 'not recorded: EVIDENCE_SCREENCAST=off, the default'};
the DOM snapshot of each action and the screenshot after each step show the page)`;
  }
  return `the screencast (${frames} frames)`;
}

/** What redaction changed, in words: frames are mentioned only when the trace has any. */
function redactionCounts(r: Redaction): string {
  const parts = [`${r.entriesRedacted.length} entries rewritten`];
  if (r.framesRecorded === undefined || r.framesRecorded > 0) parts.push(`${r.framesReplaced} screencast frames replaced`);
  parts.push(`${r.imagesReplaced} images replaced`);
  return parts.join(', ');
}

/**
 * The evidence index: one self-contained HTML page an auditor opens in any browser, without tools
 * or network: what ran, on which account, by whom, each step with its time, outcome and masked
 * screenshot, the result and its API verification, what the control is and is not worth, how to
 * open the trace and how to check the bundle. It is built from the record, which holds no secret.
 */
export function renderIndex(record: EvidenceRecord, extras: IndexExtras): string {
  const duration = record.endedAt ? seconds(Date.parse(record.endedAt) - Date.parse(record.startedAt)) : '—';
  const rows: Array<[string, string]> = [
    [
      'Runbook',
      `${esc(record.runbook)} <small>version ${esc(record.runbookVersion)}, commit <code>${esc(record.gitCommit)}</code></small>`,
    ],
    ['Target', esc(record.target)],
    ['Account', esc(record.account)],
    ['Operator', esc(record.operator)],
    ['Started', time(record.startedAt)],
    ['Ended', `${time(record.endedAt)} <small>(${duration})</small>`],
    [
      'Result',
      `<strong class="${record.result === 'failed' || record.result === 'drift' ? 'bad' : 'good'}">${esc(record.result)}</strong>`,
    ],
  ];
  if (record.deviceSerial) rows.push(['MFA device serial', `<code>${esc(record.deviceSerial)}</code>`]);
  if (record.vaultFile) rows.push(['Seed stored (encrypted) in', `<code>${esc(record.vaultFile)}</code>`]);
  if (record.error) rows.push(['Error', `<span class="bad">${esc(record.error)}</span>`]);

  const steps = record.steps
    .map(
      (s, i) => `
      <tr class="${s.outcome === 'failed' ? 'bad' : ''}">
        <td>${i + 1}</td><td>${esc(s.title)}${s.error ? `<br><small class="bad">${esc(s.error)}</small>` : ''}</td>
        <td>${esc(s.outcome)}</td><td>${time(s.startedAt)}</td><td>${seconds(s.durationMs)}</td>
        <td>${s.screenshot ? `<a href="${esc(s.screenshot)}"><img src="${esc(s.screenshot)}" alt="Screen after: ${esc(s.title)}" loading="lazy"></a>` : '—'}</td>
      </tr>`,
    )
    .join('');
  const finals = extras.finalScreenshots
    .map((f) => `<a href="${esc(f)}"><img class="final" src="${esc(f)}" alt="Screen at the end of the run"></a>`)
    .join('');
  const redaction = record.trace?.redaction;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(record.runbook)} · ${esc(record.account)} · ${esc(record.result)}</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #16191f; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
  th, td { border-bottom: 1px solid #d5dbdb; padding: .35rem .5rem; text-align: left; vertical-align: top; }
  th { width: 14rem; font-weight: 600; }
  td img { max-width: 16rem; border: 1px solid #d5dbdb; }
  img.final { max-width: 100%; border: 1px solid #d5dbdb; }
  pre { background: #f2f3f3; padding: .75rem; overflow-x: auto; }
  .good { color: #037f0c; } .bad { color: #d91515; }
  small { color: #5f6b7a; }
</style>
</head>
<body>
<h1>${esc(record.runbook)} on account ${esc(record.account)}: ${esc(record.result)}</h1>
<table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>

<h2>What this control is, and is not</h2>
<p>${esc(record.control.note)}</p>
<h3>Satisfies</h3>${list(record.control.satisfies)}
<h3>Does not satisfy</h3>${list(record.control.doesNotSatisfy)}

<h2>Steps</h2>
<table><thead><tr><th>#</th><th>Step</th><th>Outcome</th><th>Started (UTC)</th><th>Took</th><th>Screen after the step (secrets masked)</th></tr></thead>
<tbody>${steps}</tbody></table>

<h2>Verification through the API</h2>
${record.verification === undefined ? '<p>—</p>' : json(record.verification)}
${record.details ? `<h2>Details</h2>${json(record.details)}` : ''}

<h2>Screen at the end of the run</h2>
${finals || '<p>—</p>'}

<h2>The trace</h2>
${
  extras.trace
    ? `<p><code>${esc(extras.trace)}</code> is the Playwright trace of the run: every action, DOM snapshots, network,
sources and ${filmStrip(record.trace?.screencast, redaction)}, with every secret the run handled redacted (${redaction ? redactionCounts(redaction) : 'redacted'}). Open it with
<code>npx playwright show-trace ${esc(extras.trace)}</code>, or drop the file on <a href="https://trace.playwright.dev">trace.playwright.dev</a>
(the page reads it in your browser; nothing is uploaded).</p>`
    : '<p>This run has no trace.</p>'
}

<h2>Checking this bundle</h2>
<p><code>evidence.json</code> lists the SHA-256 of every file here, this page included, and is signed with Ed25519
(<code>evidence.sig</code>) by the key in <code>evidence.pub.pem</code>, fingerprint <code>${esc(extras.fingerprint)}</code>.
Compare that fingerprint with the one your team publishes, then run <code>npm run verify -- &lt;this folder&gt;</code>
in the aws-console-runbooks repository: it re-hashes every file, checks the signature and scans for secrets.</p>
</body>
</html>
`;
}
