import { test } from '../fixtures/index.ts';
import { setUpIdentityCenter } from './identity-center.ts';

test('Set up IAM Identity Center with an administrator group, user and permission set', { tag: ['@mutating', '@identity-center'] }, async ({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff, idc }) => {
  await setUpIdentityCenter({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff, idc });
});
