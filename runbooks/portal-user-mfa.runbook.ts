import { runbookTest } from '../fixtures/runbook.ts';
import { portalUserMfa } from './portal-user-mfa.ts';

runbookTest(portalUserMfa);
