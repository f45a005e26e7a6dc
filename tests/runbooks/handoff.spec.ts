import type { Page } from '@playwright/test';
import { expect, test } from '../../fixtures/runbook.ts';
import { Handoff } from '../../lib/run/handoff.ts';
import type { TargetAccount } from '../../fixtures/account.ts';
import { assignRootMfa } from '../../runbooks/root-mfa.ts';

/** Plays the operator: waits for the security check, reads its answer through the side door, solves it. */
async function solveSecurityCheck(page: Page, account: TargetAccount): Promise<void> {
  // The challenge lives in an iframe, as on the console (console-facts §1.3); its title names it.
  const frame = page.frameLocator('iframe[title="Security check"]');
  const answerField = frame.getByLabel('Verification answer');
  await answerField.waitFor();
  const { securityCheckAnswer } = await account.replica!.handle.sideDoor.state<{ securityCheckAnswer: string | null }>(account.id!);
  expect(securityCheckAnswer).toBeTruthy();
  await answerField.fill(securityCheckAnswer!);
  await frame.getByRole('button', { name: 'Submit' }).click();
  await answerField.waitFor({ state: 'detached' });
}

/** Solves every security check that shows until `run` settles; returns how many were solved. */
async function operator(page: Page, account: TargetAccount, run: Promise<unknown>): Promise<number> {
  let settled = false;
  void run
    .finally(() => {
      settled = true;
    })
    .catch(() => undefined);
  let solved = 0;
  while (!settled) {
    const shown = await page
      .frameLocator('iframe[title="Security check"]')
      .getByLabel('Verification answer')
      .waitFor({ timeout: 500 })
      .then(
        () => true,
        () => false,
      );
    if (shown && !settled) {
      await solveSecurityCheck(page, account);
      solved += 1;
    }
  }
  return solved;
}

for (const point of ['after-email', 'after-password', 'twice'] as const) {
  test.describe(`security check ${point}`, () => {
    test.use({ replicaAccount: { faults: { securityCheck: point } } });
    test('headed: the run says what to do, waits for the operator, and continues by itself', async ({ runbook, page, account, log }) => {
      const handoff = new Handoff({ headless: false, timeoutMs: 30_000, log });
      const run = assignRootMfa({ ...runbook, handoff });
      const solved = await operator(page, account, run);
      expect(await run).toMatchObject({ result: 'assigned' });
      // Two sign-ins (assign, then sign back in with MFA), each with one or two checks.
      expect(solved).toBe(point === 'twice' ? 4 : 2);
    });
  });
}

test.describe('nobody solves the security check', () => {
  test.use({ replicaAccount: { faults: { securityCheck: 'after-password' } } });
  test('headed: the wait ends at the configured limit with an error naming the step and the account', async ({ runbook, account, log }) => {
    const handoff = new Handoff({ headless: false, timeoutMs: 1_500, log });
    const error = await assignRootMfa({ ...runbook, handoff }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      new RegExp(`security check after the password\\) for root of ${account.id}: nobody completed .* within 2 s`),
    );
    expect((error as Error).name).toBe('OperatorNeededError');
  });
});
