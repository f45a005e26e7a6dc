import { runbookTest } from '../fixtures/runbook.ts';
import { rootAccessKeys } from './root-access-keys.ts';

runbookTest(rootAccessKeys);
