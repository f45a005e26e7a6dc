import path from 'node:path';
import madge from 'madge';

/** The folders whose imports the layout rules govern (ARCHITECTURE.md, "Where each concern lives"). */
export const GOVERNED = ['lib', 'replica', 'pages', 'runbooks', 'fixtures', 'bin', 'config'] as const;

/** file (repo-relative, `/`-separated) → the repo files it imports, static `import … from` and literal `import('…')`. */
export type ImportGraph = Record<string, string[]>;

/** One import a layer may not make. */
export interface ForbiddenImport {
  from: string;
  to: string;
  rule: string;
}

/** A layer and the top-level folders it must not import from, with the reason the rule exists. */
export interface LayerRule {
  layer: string;
  mayNotImport: readonly string[];
  why: string;
}

export const LAYER_RULES: readonly LayerRule[] = [
  {
    layer: 'lib',
    mayNotImport: ['replica', 'fixtures', 'runbooks', 'pages', 'tests', 'bin'],
    why: 'lib/ is the library the rest is built on: it never reaches up into what uses it, nor into the replica it is tested against',
  },
  {
    layer: 'replica',
    mayNotImport: ['lib', 'fixtures', 'runbooks', 'pages', 'tests', 'bin', 'config'],
    why: 'the replica stands in for AWS: an independent implementation checks ours only if it shares none of our code (TOTP, logging)',
  },
];

const topOf = (file: string): string => file.split('/')[0]!;

/** Every import that breaks a layer rule, sorted. */
export function forbiddenImports(graph: ImportGraph, rules: readonly LayerRule[] = LAYER_RULES): ForbiddenImport[] {
  const found: ForbiddenImport[] = [];
  for (const [from, deps] of Object.entries(graph)) {
    for (const rule of rules) {
      if (topOf(from) !== rule.layer) continue;
      for (const to of deps)
        if (rule.mayNotImport.includes(topOf(to))) found.push({ from, to, rule: `${rule.layer}/ may not import ${topOf(to)}/` });
    }
  }
  return found.sort((a, b) => `${a.from} ${a.to}`.localeCompare(`${b.from} ${b.to}`));
}

/** Files directly in `dir`, not in one of its domain folders (lib/evidence/, lib/secrets/, …). */
export function filesAtTopOf(graph: ImportGraph, dir: string): string[] {
  const files = new Set([...Object.keys(graph), ...Object.values(graph).flat()]);
  return [...files].filter((f) => path.posix.dirname(f) === dir).sort();
}

/** The import cycles of a graph, each as the files on it (madge's own cycle search). */
export async function cyclesOf(graph: ImportGraph): Promise<string[][]> {
  return (await madge(graph)).circular();
}

/** Cycles with at least one file in `area` (a top-level folder), or all when none is given. */
export const cyclesIn = (cycles: string[][], area?: string): string[][] =>
  area ? cycles.filter((c) => c.some((f) => topOf(f) === area)) : cycles;

/** A cycle as a person reads it: a → b → a. */
export const showCycle = (cycle: string[]): string => [...cycle, cycle[0]].join(' → ');

/**
 * The import graph of the governed folders, read by madge from the sources (TypeScript, type-only imports
 * included: a type import is a dependency of the layout too). Imports of packages are left out.
 */
export async function repoImportGraph(root: string): Promise<{ graph: ImportGraph; skipped: string[] }> {
  const result = await madge(
    GOVERNED.map((d) => path.join(root, d)),
    {
      baseDir: root,
      fileExtensions: ['ts', 'tsx'],
      excludeRegExp: [/replica[\\/]dist[\\/]/, /node_modules/],
      tsConfig: path.join(root, 'tsconfig.json'),
      detectiveOptions: {
        ts: { skipTypeImports: false, skipAsyncImports: false },
        tsx: { skipTypeImports: false, skipAsyncImports: false },
      },
    },
  );
  return { graph: result.obj(), skipped: result.warnings().skipped };
}
