import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { cyclesIn, cyclesOf, filesAtTopOf, forbiddenImports, repoImportGraph, showCycle, type ImportGraph } from '../helpers/layout.ts';

// The layout rules of ARCHITECTURE.md, read from the sources' imports (no browser). madge parses every file
// once per worker: about 10 s on a quiet machine, more on a loaded one.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let repo: Promise<{ graph: ImportGraph; cycles: string[][] }> | undefined;
const repoGraph = () => (repo ??= repoImportGraph(ROOT).then(async ({ graph }) => ({ graph, cycles: await cyclesOf(graph) })));

test.describe('the checker', () => {
  test('reports a cycle, an upward import, a replica import of lib and a file at lib/ top level in a fake graph', async () => {
    const graph: ImportGraph = {
      'lib/evidence/bundle.ts': ['lib/drift/drift.ts', 'replica/server.ts'],
      'lib/drift/drift.ts': ['lib/evidence/bundle.ts'],
      'lib/flat.ts': [],
      'replica/server.ts': ['lib/secrets/totp.ts'],
      'lib/secrets/totp.ts': [],
      'pages/iam/page.ts': ['lib/drift/drift.ts'],
    };
    expect((await cyclesOf(graph)).map(showCycle)).toEqual(['lib/evidence/bundle.ts → lib/drift/drift.ts → lib/evidence/bundle.ts']);
    expect(forbiddenImports(graph)).toEqual([
      { from: 'lib/evidence/bundle.ts', to: 'replica/server.ts', rule: 'lib/ may not import replica/' },
      { from: 'replica/server.ts', to: 'lib/secrets/totp.ts', rule: 'replica/ may not import lib/' },
    ]);
    expect(filesAtTopOf(graph, 'lib')).toEqual(['lib/flat.ts']);
  });

  test('reports nothing in a fake graph that keeps the rules (downward imports, no cycle)', async () => {
    const graph: ImportGraph = {
      'runbooks/root-mfa.ts': ['pages/iam/page.ts', 'lib/secrets/vault.ts'],
      'pages/iam/page.ts': ['lib/drift/drift.ts'],
      'lib/drift/drift.ts': ['lib/evidence/leaks.ts'],
      'lib/evidence/leaks.ts': [],
      'lib/secrets/vault.ts': [],
      'fixtures/replica.ts': ['replica/server.ts'],
      'replica/server.ts': ['replica/core/log.ts'],
      'replica/core/log.ts': [],
    };
    expect(await cyclesOf(graph)).toEqual([]);
    expect(forbiddenImports(graph)).toEqual([]);
    expect(filesAtTopOf(graph, 'lib')).toEqual([]);
  });

  test('cycles are attributed to every folder they pass through', () => {
    const cycles = [
      ['config/settings.ts', 'runbooks/define.ts'],
      ['replica/state.ts', 'replica/iam/mfa-check.ts'],
    ];
    expect(cyclesIn(cycles, 'runbooks')).toEqual([cycles[0]]);
    expect(cyclesIn(cycles, 'config')).toEqual([cycles[0]]);
    expect(cyclesIn(cycles, 'lib')).toEqual([]);
  });
});

test.describe('the repository', () => {
  test.describe.configure({ timeout: 180_000 });

  test('the import graph is read: every governed folder is in it, dynamic imports too', async () => {
    const { graph } = await repoGraph();
    for (const dir of ['lib', 'replica', 'pages', 'runbooks', 'fixtures', 'bin', 'config']) {
      expect(
        Object.keys(graph).some((f) => f.startsWith(`${dir}/`)),
        dir,
      ).toBe(true);
    }
    // fixtures/replica.ts starts the replica with a dynamic import('../replica/server.ts').
    expect(graph['fixtures/replica.ts']).toContain('replica/server.ts');
  });

  test('no file at the top level of lib/ (every file in its domain folder)', async () => {
    const { graph } = await repoGraph();
    expect(filesAtTopOf(graph, 'lib')).toEqual([]);
  });

  test('lib/ imports nothing from replica/, fixtures/, runbooks/, pages/, tests/ or bin/', async () => {
    const { graph } = await repoGraph();
    expect(forbiddenImports(graph).filter((v) => v.from.startsWith('lib/'))).toEqual([]);
  });

  test('replica/ imports nothing of the code under test (lib/, config/, fixtures/, pages/, runbooks/, bin/)', async () => {
    const { graph } = await repoGraph();
    expect(forbiddenImports(graph).filter((v) => v.from.startsWith('replica/'))).toEqual([]);
  });

  for (const areas of [['lib'], ['replica'], ['pages'], ['bin'], ['runbooks', 'config', 'fixtures']]) {
    test(`no import cycle through ${areas.map((a) => `${a}/`).join(', ')}`, async () => {
      const { cycles } = await repoGraph();
      expect(areas.flatMap((a) => cyclesIn(cycles, a)).map(showCycle)).toEqual([]);
    });
  }

  test('no import cycle anywhere (what `npx madge --circular` would report)', async () => {
    const { cycles } = await repoGraph();
    expect(cycles.map(showCycle)).toEqual([]);
  });

  test('replica/core/ imports nothing of the replica outside core/ (the services build on it)', async () => {
    const { graph } = await repoGraph();
    const upward = Object.entries(graph)
      .filter(([from]) => from.startsWith('replica/core/'))
      .flatMap(([from, deps]) => deps.filter((to) => !to.startsWith('replica/core/')).map((to) => `${from} → ${to}`));
    expect(upward).toEqual([]);
  });
});
