import { runbookTest } from '../fixtures/runbook.ts';
import { identityCenter } from './identity-center.ts';

runbookTest(identityCenter);
