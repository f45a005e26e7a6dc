import { test } from '../fixtures/index.ts';
import { registerPortalUserMfa } from './portal-user-mfa.ts';

test('Register an MFA device for the Identity Center administrator in the access portal', { tag: ['@mutating', '@portal-user-mfa'] }, async ({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff, idc }) => {
  await registerPortalUserMfa({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff, idc });
});
