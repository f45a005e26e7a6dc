import { randomInt } from 'node:crypto';
import { expect, test } from '../../fixtures/runbook.ts';
import { ConsoleDriftError } from '../../lib/drift/drift.ts';
import { assignRootMfa } from '../../runbooks/root-mfa.ts';
import { accountBytes, checkMode } from './helpers.ts';

/**
 * Check mode on accounts whose pages are as recorded: it passes, checks each page's shape on the
 * way, and leaves the account byte-for-byte as it was. Differences that are not the console's shape
 * (account id, alias, dates, access keys, a device) do not count.
 */

const fresh = [
  { title: 'current console', account: {} },
  { title: 'legacy console', account: { generation: 'legacy' as const } },
  { title: 'forced-MFA prompt', account: { forcedMfaPrompt: true } },
  {
    title: 'another account id, an alias, access keys with their dates',
    account: {
      accountId: `9${String(randomInt(0, 1e11)).padStart(11, '0')}`,
      alias: 'drift-free-sandbox',
      accessKeys: ['Active' as const, 'Inactive' as const],
    },
  },
];

for (const { title, account: replicaAccount } of fresh) {
  test.describe(`root-mfa check mode: ${title}`, () => {
    test.use({ replicaAccount });
    test('passes, checking every page up to the first change, and changes nothing', async ({ runbook, config, account, evidence }) => {
      const before = await accountBytes(account);
      const result = await assignRootMfa({ ...runbook, config: checkMode(config) });
      expect(result).toEqual({ result: 'checked' });
      expect(evidence.record.result).toBe('checked');
      expect(evidence.record.steps.map((s) => s.outcome)).not.toContain('failed');
      expect(await accountBytes(account)).toBe(before);
    });
  });
}

test.describe('root-mfa check mode: a root that has a device', () => {
  test.use({ replicaAccount: { mfaDevices: ['ops-phone'] } });

  test('without API access, checks the sign-in pages up to the MFA code and reports compliant, changing nothing', async ({
    page,
    config,
    account,
    clock,
    secrets,
    vault,
    log,
    evidence,
    handoff,
  }) => {
    const before = await accountBytes(account);
    const result = await assignRootMfa({
      page,
      config: checkMode(config),
      account,
      clock,
      secrets,
      vault,
      log,
      evidence,
      iam: null,
      handoff,
    });
    expect(result).toMatchObject({ result: 'already-compliant', reason: expect.stringMatching(/MFA code at sign-in/) });
    expect(await accountBytes(account)).toBe(before);
  });

  test('the MFA code page is checked too: a renamed button there is drift', async ({
    page,
    config,
    account,
    clock,
    secrets,
    vault,
    log,
    evidence,
    handoff,
  }) => {
    await account.replica!.handle.sideDoor.setDrift(account.id!, { renameLabel: [{ from: 'Submit', to: 'Continue' }] });
    const error = await assignRootMfa({
      page,
      config: checkMode(config),
      account,
      clock,
      secrets,
      vault,
      log,
      evidence,
      iam: null,
      handoff,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleDriftError);
    expect((error as ConsoleDriftError).details).toMatchObject({
      runbook: 'root-mfa',
      pageObject: 'SignInPage',
      snapshot: 'pages/__aria__/sign-in-mfa.aria.yml',
    });
    expect((error as ConsoleDriftError).details.diff).toContain('- button "Submit"');
    expect((error as ConsoleDriftError).details.diff).toContain('+ button "Continue"');
  });
});
