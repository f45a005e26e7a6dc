import { spawn } from 'node:child_process';
import { cappedNodeOptions } from '../lib/run/worker-heap.ts';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { configOrExit, problemsFor } from '../config/settings.ts';
import { EXIT, exitCodeFor, newSummaryFile } from '../lib/run/run-summary.ts';
import {
  CHAIN,
  NEW_ACCOUNT,
  RUNBOOKS as DEFINITIONS,
  chainProject,
  needing,
  needsOf,
  registryOrExit,
  specOf,
} from '../runbooks/registry.ts';
import { prepareChain } from './chain.ts';
import { FLEET_HELP, FLEET_OPTIONS, fleetOptions, prepareFleet } from './fleet-cli.ts';

/**
 * Runbooks an operator can run, by name (runbooks/registry.ts): a spec of the `runbooks` project, or the
 * new-account chain of projects (its last project depends on the ones before).
 */
const RUNBOOKS: Record<string, { args: string[]; summary: string }> = Object.fromEntries([
  ...DEFINITIONS.map((r) => {
    const spec = specOf(r);
    return [
      r.name,
      { args: ['--project=runbooks', spec.file, ...(spec.grep ? [`--grep=${spec.grep}`] : [])], summary: r.summary },
    ] as const;
  }),
  ...(CHAIN.length
    ? [
        [
          NEW_ACCOUNT,
          {
            args: [`--project=${chainProject(CHAIN.at(-1)!.name)}`],
            summary: `${CHAIN.map((r) => r.name).join(' → ')} on one account, in one run (a failed step skips the rest).`,
          },
        ] as const,
      ]
    : []),
]);

const HELP = `Usage: npm run runbook -- <runbook> [options]
       npm run runbook -- [<runbook>] --manifest <accounts.json|csv> [--workers n] [--shard x/y] [--force]

Runbooks:
${Object.entries(RUNBOOKS)
  .map(([name, r]) => `  ${name.padEnd(18)} ${r.summary}`)
  .join('\n')}

Options (each also settable in .env; see .env.example):
  --target <replica|aws>      where to run (RUNBOOK_TARGET, default replica)
  --check                     change nothing: walk the pages up to the first change and cancel (RUNBOOK_MODE=check)
  --headed / --headless       show the browser or not (HEADLESS; default: headed on aws)
  --device-name <name>        MFA device name (MFA_DEVICE_NAME, default root-mfa)
  --generation <current|legacy>   replica only: console generation of the new account
  --forced-mfa-prompt         replica only: the new account shows the forced-MFA prompt
  --idc-region <region>       Region of IAM Identity Center (IDC_REGION, default AWS_REGION)
  --password-delivery <one-time-password|email>
                              how the Identity Center user gets a first password (IDC_PASSWORD_DELIVERY)
  -h, --help                  this text

${FLEET_HELP}
Exit codes: 0 done or already compliant, 1 runbook failed, 2 bad input (nothing was started),
3 console drift (--check: a page no longer looks as recorded; nothing was changed).
`;

function usage(problems: string[]): never {
  process.stderr.write(`${problems.map((p) => `✖ ${p}`).join('\n')}\n\nRun "npm run runbook -- --help" for usage.\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      target: { type: 'string' },
      check: { type: 'boolean' },
      headed: { type: 'boolean' },
      headless: { type: 'boolean' },
      'device-name': { type: 'string' },
      generation: { type: 'string' },
      'forced-mfa-prompt': { type: 'boolean' },
      'idc-region': { type: 'string' },
      'password-delivery': { type: 'string' },
      ...FLEET_OPTIONS,
    },
  });
} catch (err) {
  usage([(err as Error).message]);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const problems: string[] = [];
const name = positionals[0];
if (!name && !values.manifest && !values.organization && !process.env.FLEET_MANIFEST)
  problems.push(`name a runbook: ${Object.keys(RUNBOOKS).join(', ')}`);
else if (name && !RUNBOOKS[name]) problems.push(`unknown runbook "${name}": choose one of ${Object.keys(RUNBOOKS).join(', ')}`);
if (positionals.length > 1) problems.push(`unexpected arguments: ${positionals.slice(1).join(' ')}`);
if (values.headed && values.headless) problems.push('choose either --headed or --headless');

const env: NodeJS.ProcessEnv = { ...process.env };
if (values.target !== undefined) env.RUNBOOK_TARGET = values.target;
if (values.check) env.RUNBOOK_MODE = 'check';
if (values.headed) env.HEADLESS = 'false';
if (values.headless) env.HEADLESS = 'true';
if (values['device-name'] !== undefined) env.MFA_DEVICE_NAME = values['device-name'];
if (values.generation !== undefined) env.REPLICA_GENERATION = values.generation;
if (values['forced-mfa-prompt']) env.REPLICA_FORCED_MFA_PROMPT = 'true';
if (values['idc-region'] !== undefined) env.IDC_REGION = values['idc-region'];
if (values['password-delivery'] !== undefined) env.IDC_PASSWORD_DELIVERY = values['password-delivery'];
const fleetArgs = fleetOptions(values, env.FLEET_MANIFEST, problems);
Object.assign(env, fleetArgs.env);
if (problems.length) usage(problems);

// Validate everything before a browser or the test runner starts: exit 2 names every bad value.
const config = configOrExit(env);
// Settings only some runbooks need (the Identity Center user on aws): exit 2 as well.
registryOrExit();
const missing = problemsFor(config, needsOf(name ? [name] : []), needing);
if (missing.length) {
  process.stderr.write(`${missing.join('\n')}\n`);
  process.exit(2);
}
// A fleet: the manifest is validated too (exit 2), and on the replica one replica is started for every worker.
const fleet = config.fleet.manifest || config.organization.fromOrganization ? await prepareFleet(config, name) : undefined;
if (fleet) {
  Object.assign(env, fleet.env);
  process.stdout.write(`${fleet.summary}\n`);
}
// The new-account chain: on the replica, one replica and one account for all its runbooks.
if (!fleet && name === NEW_ACCOUNT) {
  const chain = await prepareChain(config);
  Object.assign(env, chain.env);
  process.stdout.write(`${chain.summary}\n`);
}

const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('@playwright/test/package.json')), 'cli.js');
// The reporter leaves the run's outcome here: console drift only → exit 3 (lib/run/run-summary.ts).
const summaryFile = newSummaryFile();
const args = fleet ? ['--project=runbooks', ...fleet.args] : RUNBOOKS[name!]!.args;
const child = spawn(process.execPath, [cli, 'test', ...args, ...fleetArgs.args], {
  env: {
    ...env,
    // Workers collect their garbage before it piles up: a fleet worker stays under 250 MB (lib/run/worker-heap.ts).
    NODE_OPTIONS: cappedNodeOptions(env.NODE_OPTIONS),
    RUNBOOK_SUMMARY_FILE: summaryFile,
    ...(process.stdout.isTTY ? { RUNBOOK_TTY: '1' } : {}),
  },
  stdio: 'inherit',
});
child.on('exit', async (code, signal) => {
  // A fleet ends with its report: every account, its class, what was done, the result, its evidence (lib/org/fleet-report.ts).
  if (fleet)
    process.stdout.write(`Fleet report: ${await (await import('../lib/org/fleet-report.ts')).writeRunReport(config.evidenceDir)}\n`);
  process.exit(signal ? EXIT.failed : exitCodeFor(code, summaryFile));
});
