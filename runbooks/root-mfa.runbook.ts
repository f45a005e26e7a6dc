import { test } from '../fixtures/index.ts';
import { assignRootMfa } from './root-mfa.ts';

test('Assign a virtual MFA device to the root user', { tag: ['@mutating', '@root-mfa'] }, async ({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff }) => {
  await assignRootMfa({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff });
});
