import { parseArgs } from 'node:util';
import { mergeFleetReports } from '../lib/org/fleet-report.ts';

/**
 * npm run fleet-report -- <dir|fleet-report.json>… [--output <dir>]: merges the fleet reports of several
 * shards or machines (each an EVIDENCE_DIR, or its fleet-report.json) into one fleet-report.html + .json,
 * as `playwright merge-reports` does for blobs. Exit 2 on bad input.
 */
const HELP = `Usage: npm run fleet-report -- <dir|fleet-report.json>… [--output <dir>]
  Merges fleet reports (one per shard or machine) into <dir>/fleet-report.html and fleet-report.json
  (default --output fleet-report). A folder without fleet-report.json is read as a run folder
  (its fleet-classification.json and fleet-state/).
`;

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
  });
} catch (err) {
  process.stderr.write(`✖ ${(err as Error).message}\n\n${HELP}`);
  process.exit(2);
}
if (parsed.values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (!parsed.positionals.length) {
  process.stderr.write(`✖ name at least one folder or fleet-report.json\n\n${HELP}`);
  process.exit(2);
}
try {
  const { report, html } = await mergeFleetReports(parsed.positionals, parsed.values.output ?? 'fleet-report');
  process.stdout.write(
    `${report.accounts.length} accounts from ${parsed.positionals.length} report(s): ${Object.entries(report.totals)
      .filter(([k]) => k !== 'accounts')
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}\nFleet report: ${html}\n`,
  );
} catch (err) {
  process.stderr.write(`✖ ${(err as Error).message}\n`);
  process.exit(2);
}
