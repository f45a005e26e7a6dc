import { expect, test } from '@playwright/test';
import { cappedNodeOptions, WORKER_OLD_SPACE_MB } from '../../lib/run/worker-heap.ts';

test.describe('the old-space cap an operator command gives its Playwright processes', () => {
  test('is added to no NODE_OPTIONS, and after the caller’s own options', () => {
    expect(cappedNodeOptions(undefined)).toBe(`--max-old-space-size=${WORKER_OLD_SPACE_MB}`);
    expect(cappedNodeOptions('')).toBe(`--max-old-space-size=${WORKER_OLD_SPACE_MB}`);
    expect(cappedNodeOptions(' --enable-source-maps ')).toBe(`--enable-source-maps --max-old-space-size=${WORKER_OLD_SPACE_MB}`);
  });

  test('leaves a cap the caller set alone', () => {
    expect(cappedNodeOptions('--max-old-space-size=4096')).toBe('--max-old-space-size=4096');
    expect(cappedNodeOptions('--inspect --max-old-space-size 1024')).toBe('--inspect --max-old-space-size 1024');
  });

  test('is one Node accepts in NODE_OPTIONS, and sets the heap limit of the process it starts', async () => {
    const { execFileSync } = await import('node:child_process');
    const limitMb = Number(
      execFileSync(process.execPath, ['-e', 'process.stdout.write(String(require("v8").getHeapStatistics().heap_size_limit / 1048576))'], {
        env: { ...process.env, NODE_OPTIONS: cappedNodeOptions(undefined) },
      }).toString(),
    );
    // The limit is old space plus the young generation: at least the cap, far below Node's default of about 2 GB and more.
    expect(limitMb).toBeGreaterThanOrEqual(WORKER_OLD_SPACE_MB);
    expect(limitMb).toBeLessThan(WORKER_OLD_SPACE_MB + 128);
  });
});
