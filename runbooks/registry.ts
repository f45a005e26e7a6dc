import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from '../config/settings.ts';
import { isRunbookDefinition, type RunbookDefinition, type RunbookNeed } from './define.ts';
import { identityCenter } from './identity-center.ts';
import { portalUserMfa } from './portal-user-mfa.ts';
import { rootAccessKeys } from './root-access-keys.ts';
import { rootCredentials } from './root-credentials.ts';
import { rootMfa } from './root-mfa.ts';

export { defineRunbook, type RunbookDefinition, type RunbookNeed } from './define.ts';

/**
 * The runbook registry: every runbook, by name, as its module defined it (runbooks/define.ts).
 * The built-ins below, then the modules named by RUNBOOK_EXTRA_MODULES (comma-separated paths, each
 * exporting one or more `defineRunbook(...)`): a runbook is added by one new file.
 * Read by bin/runbook.ts (--help, validation, what to run), bin/fleet-cli.ts and lib/fleet (fleet
 * runbooks), playwright.config.ts (the new-account chain, the checks project), the reporter (results
 * table order) and the spec files (runbooks/*.runbook.ts, via fixtures/runbook.ts).
 */

const BUILT_IN: readonly RunbookDefinition[] = [rootMfa, rootAccessKeys, rootCredentials, identityCenter, portalUserMfa];

/** Problems met loading RUNBOOK_EXTRA_MODULES; the entry points print them and exit 2 (`registryOrExit`). */
export const REGISTRY_PROBLEMS: string[] = [];

/** The extra modules' files, from the settings (a bad setting is reported by configOrExit, not here). */
function extraModules(): string[] {
  try {
    return loadConfig().extraRunbookModules;
  } catch (err) {
    if (err instanceof ConfigError) return [];
    throw err;
  }
}

async function loadExtras(files: readonly string[], taken: Set<string>): Promise<RunbookDefinition[]> {
  const found: RunbookDefinition[] = [];
  for (const file of files) {
    let exported: Record<string, unknown>;
    try {
      exported = (await import(pathToFileURL(path.resolve(file)).href)) as Record<string, unknown>;
    } catch (err) {
      REGISTRY_PROBLEMS.push(`✖ RUNBOOK_EXTRA_MODULES: ${file} cannot be loaded: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    const definitions = [...new Set(Object.values(exported).filter(isRunbookDefinition))];
    if (!definitions.length) REGISTRY_PROBLEMS.push(`✖ RUNBOOK_EXTRA_MODULES: ${file} exports no defineRunbook(...) definition`);
    for (const definition of definitions) {
      if (taken.has(definition.name)) {
        REGISTRY_PROBLEMS.push(`✖ RUNBOOK_EXTRA_MODULES: ${file} defines the runbook "${definition.name}", which already exists`);
        continue;
      }
      taken.add(definition.name);
      found.push(Object.freeze({ ...definition, source: path.resolve(file) }));
    }
  }
  return found;
}

/** `npm run runbook -- new-account`: the runbooks that set `chain`, in its order, on one account. */
export const NEW_ACCOUNT = 'new-account';

/** Every runbook: the built-ins, then the extra modules' in the order named. */
export const RUNBOOKS: readonly RunbookDefinition[] = Object.freeze([
  ...BUILT_IN,
  ...(await loadExtras(extraModules(), new Set([...BUILT_IN.map((r) => r.name), NEW_ACCOUNT]))),
]);

/** Names of every runbook. */
export const RUNBOOK_NAMES: readonly string[] = RUNBOOKS.map((r) => r.name);

/** The runbook of that name, or undefined. */
export const runbookNamed = (name: string): RunbookDefinition | undefined => RUNBOOKS.find((r) => r.name === name);

/** The runbook of that name; throws naming the known ones. */
export function runbook(name: string): RunbookDefinition {
  const found = runbookNamed(name);
  if (!found) throw new Error(`unknown runbook "${name}": choose one of ${RUNBOOK_NAMES.join(', ')}`);
  return found;
}

/** Runbooks a fleet manifest may name, in registry order. */
export const FLEET_RUNBOOKS: readonly string[] = RUNBOOKS.filter((r) => r.fleet).map((r) => r.name);

/** The new-account chain, in order (root-mfa → identity-center → portal-user-mfa for the built-ins). */
export const CHAIN: readonly RunbookDefinition[] = RUNBOOKS.filter((r) => r.chain !== undefined).sort((a, b) => a.chain! - b.chain!);

/** Playwright project of a runbook of the chain (playwright.config.ts). */
export const chainProject = (name: string): string => `${NEW_ACCOUNT}/${name}`;

/** Runbooks of the scheduled checks (`npm run checks`, the `checks` project). */
export const CHECKED_RUNBOOKS: readonly RunbookDefinition[] = RUNBOOKS.filter((r) => r.checks);

/** A `--grep` for exactly one runbook's tag (`@root-mfa` but not `@root-mfa-legacy`). */
export const tagPattern = (name: string): string => `@${name}(?=\\s|$)`;

/**
 * The spec file a runbook runs from: a built-in has its own (runbooks/<name>.runbook.ts); an extra
 * runs from runbooks/extra.runbook.ts, narrowed to its tag.
 */
export function specOf(definition: RunbookDefinition): { file: string; testMatch: string; grep?: string } {
  if (definition.source === 'built-in')
    return { file: `runbooks/${definition.name}.runbook.ts`, testMatch: `${definition.name}.runbook.ts` };
  return { file: 'runbooks/extra.runbook.ts', testMatch: 'extra.runbook.ts', grep: tagPattern(definition.name) };
}

/** What the named runbooks need, together (`new-account`: what its chain needs). */
export function needsOf(names: readonly string[]): Set<RunbookNeed> {
  const definitions = names.flatMap((n) => (n === NEW_ACCOUNT ? CHAIN : RUNBOOKS.filter((r) => r.name === n)));
  return new Set(definitions.flatMap((r) => r.needs));
}

/** The runbooks that need something (with `new-account` when its chain does), for messages. */
export const needing = (need: RunbookNeed): string[] => [
  ...RUNBOOKS.filter((r) => r.needs.includes(need)).map((r) => r.name),
  ...(CHAIN.some((r) => r.needs.includes(need)) ? [NEW_ACCOUNT] : []),
];

/** For entry points: the registry's problems (a bad extra module), printed, exit 2. */
export function registryOrExit(): void {
  if (!REGISTRY_PROBLEMS.length) return;
  process.stderr.write(`${REGISTRY_PROBLEMS.join('\n')}\n`);
  process.exit(2);
}
