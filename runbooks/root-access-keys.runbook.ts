import { test } from '../fixtures/index.ts';
import { deleteRootAccessKeys } from './root-access-keys.ts';

test("Delete the root user's access keys", { tag: ['@mutating', '@root-access-keys'] }, async ({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff }) => {
  await deleteRootAccessKeys({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff });
});
