import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO } from '../helpers/spawn.ts';

const WORKFLOW = path.join(REPO, '.github/workflows/console-checks.yml');

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: { schedule?: Array<{ cron: string }>; workflow_dispatch?: unknown };
  jobs: Record<string, { container?: string; env?: Record<string, string>; steps: Step[] }>;
}

/** Parses YAML with Python's PyYAML (no YAML library is among the Node dependencies); null when it is not installed. */
function parseYaml(file: string): unknown {
  try {
    execFileSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' });
  } catch {
    return null; // no python3 or no PyYAML: the caller skips, saying so
  }
  const json = execFileSync('python3', [
    '-c',
    'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))',
    file,
  ]).toString();
  return JSON.parse(json);
}

test("the console-checks workflow is valid YAML, runs on a schedule and on demand, runs the README's command, and keeps the reports", async () => {
  const parsed = parseYaml(WORKFLOW) as (Workflow & { true?: Workflow['on'] }) | null;
  test.skip(parsed === null, 'python3 with PyYAML is not installed, and no YAML parser is among the dependencies');
  // PyYAML reads YAML 1.1, where the key `on` is the boolean true.
  const on = parsed!.on ?? parsed!.true!;
  expect(on.workflow_dispatch).toBeDefined();
  expect(on.schedule?.[0]?.cron).toMatch(/^(\S+\s+){4}\S+$/);

  const jobs = Object.values(parsed!.jobs);
  expect(jobs).toHaveLength(1);
  const job = jobs[0]!;
  expect(job.container).toMatch(/^node:20/);
  const runs = job.steps.map((s) => s.run ?? '').join('\n');
  expect(runs).toMatch(/apt-get install .*chromium/);
  expect(runs).toContain('npm ci');

  // The command the README documents for scheduling is the command CI runs.
  const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Scheduled checks (console drift)'));
  const documented = /^(npm run checks)\s+# every runbook in check mode/m.exec(section)?.[1];
  expect(documented).toBe('npm run checks');
  expect(job.steps.some((s) => s.run?.trim() === documented)).toBe(true);

  const uploads = job.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact'));
  const paths = uploads.map((s) => String(s.with?.path));
  expect(paths).toContain(job.env!.RUNBOOK_JUNIT_FILE);
  expect(paths.some((p) => p.startsWith(job.env!.EVIDENCE_DIR!))).toBe(true);

  // The script CI calls is the checks entry point.
  const pkg = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(pkg.scripts.checks).toBe('node --import tsx bin/checks.ts');
});
