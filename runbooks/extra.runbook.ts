import { runbookTest } from '../fixtures/runbook.ts';
import { RUNBOOKS } from './registry.ts';

// The runbooks of RUNBOOK_EXTRA_MODULES (runbooks/registry.ts): one test each, as a built-in's own spec declares it.
// Without any, this file declares nothing.
for (const definition of RUNBOOKS.filter((r) => r.source !== 'built-in')) runbookTest(definition);
