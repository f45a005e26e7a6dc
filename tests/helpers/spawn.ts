import { spawn } from 'node:child_process';
import path from 'node:path';
import { TESTS_SHAPE_TIMEOUT_MS } from '../../fixtures/index.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');

/** Keys of our settings: removed from the inherited environment so each test states its own. */
const OUR_KEYS =
  /^(RUNBOOK_|IDC_|AWS_|ACCOUNT_ID|ROOT_|MFA_DEVICE_NAME|VAULT_|EVIDENCE_|HEADLESS|HANDOFF_|STEP_TIMEOUT_|SHAPE_TIMEOUT_|LOG_|PLAYWRIGHT_CHROMIUM_EXECUTABLE|REPLICA_|TEST_|PW_|PLAYWRIGHT_)/;

/** The environment of a child run: this one's without our settings, no .env file, plus `env`. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !OUR_KEYS.test(k)));
  // The suite's shape bound (fixtures/index.ts) for the check runs a test starts, unless it sets its own.
  return { ...base, RUNBOOK_ENV_FILE: '/dev/null', FORCE_COLOR: '0', SHAPE_TIMEOUT_SECONDS: String(TESTS_SHAPE_TIMEOUT_MS / 1000), ...env };
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command in the repo and collects its output. */
export function run(cmd: string, args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<Finished> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: REPO, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} ran over ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Runs the operator CLI: `node --import tsx bin/runbook.ts …`. */
export const runbookCli = (args: string[], env: Record<string, string>, timeoutMs?: number) =>
  run(process.execPath, ['--import', 'tsx', 'bin/runbook.ts', ...args], env, timeoutMs);
