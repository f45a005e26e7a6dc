import { expect, test } from '@playwright/test';
import { skipMappingOfLibraryStacks, skipSourceMapsOfLibraryStacks } from '../../lib/run/stack-format.ts';

/** A call site as V8 hands it to prepareStackTrace: a file name and its one-line form. */
const site = (file: string | undefined, text: string) => ({ getFileName: () => file, toString: () => text }) as unknown as NodeJS.CallSite;

test('a stack whose frames are all in libraries or Node is formatted as V8 does, without the source-mapping formatter', () => {
  const mapped: string[] = [];
  const format = skipMappingOfLibraryStacks((error) => {
    mapped.push(String(error));
    return 'mapped';
  });
  const frames = [
    site('/repo/node_modules/playwright-core/lib/coreBundle.js', '_race (/repo/node_modules/playwright-core/lib/coreBundle.js:3850:24)'),
    site('node:internal/process/task_queues', 'process.processTicksAndRejections (node:internal/process/task_queues:95:5)'),
    site(undefined, 'new Promise (<anonymous>)'),
  ];
  expect(format(new TypeError('boom'), frames)).toBe(
    [
      'TypeError: boom',
      '    at _race (/repo/node_modules/playwright-core/lib/coreBundle.js:3850:24)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      '    at new Promise (<anonymous>)',
    ].join('\n'),
  );
  expect(format(new Error(''), [])).toBe('Error');
  expect(mapped).toEqual([]);
});

test('a stack with one frame of the project goes to the source-mapping formatter whole', () => {
  const seen: NodeJS.CallSite[][] = [];
  const format = skipMappingOfLibraryStacks((_error, frames) => {
    seen.push(frames);
    return 'mapped';
  });
  const frames = [
    site('/repo/node_modules/playwright-core/lib/coreBundle.js', 'click (/repo/node_modules/playwright-core/lib/coreBundle.js:1:1)'),
    site('file:///repo/pages/signin/sign-in.page.ts', 'SignInPage.enterEmail (file:///repo/pages/signin/sign-in.page.ts:240:7)'),
  ];
  expect(format(new Error('x'), frames)).toBe('mapped');
  expect(seen).toEqual([frames]);
});

test('in a Playwright worker, with the wrapper installed, an error made in a spec still points at its TypeScript line', () => {
  skipSourceMapsOfLibraryStacks();
  // Type-only lines before the throw: Playwright's compiled output differs from the source, so only a mapped stack names this line.
  type Unused = { a: string };
  const line = Number(new Error('here').stack!.split('\n')[1]!.match(/stack-format\.spec\.ts:(\d+):\d+/)![1]);
  const unused: Unused | undefined = undefined;
  expect(unused).toBeUndefined();
  expect(line).toBe(48);
});
