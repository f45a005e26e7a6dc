import { runbookTest } from '../fixtures/runbook.ts';
import { rootMfa } from './root-mfa.ts';

runbookTest(rootMfa);
