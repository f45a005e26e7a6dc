import { expect, test } from '../../fixtures/runbook.ts';
import type { Faults } from '../../replica/contract.ts';
import type { Account } from '../../replica/iam/model.ts';
import { assignRootMfa } from '../../runbooks/root-mfa.ts';

type Attempt = { step: number; outcome: string };
const attemptsOf = (details: Record<string, unknown> | undefined) => (details?.codeAttempts ?? []) as Attempt[];

const cases: Array<{ name: string; faults: Faults; generation?: 'legacy'; pairs: number }> = [
  { name: 'codes refused once (clock skew): a fresh pair from the next step succeeds', faults: { rejectCodes: 1 }, pairs: 2 },
  { name: 'codes refused once on the legacy dialog', faults: { rejectCodes: 1 }, generation: 'legacy', pairs: 2 },
  {
    name: 'a server error on Add MFA before enabling: checked, then a fresh pair',
    faults: { addMfaServerError: { count: 1, afterEnable: false } },
    pairs: 2,
  },
  {
    name: 'a server error on Add MFA after enabling: checked, and not submitted again',
    faults: { addMfaServerError: { count: 1, afterEnable: true } },
    pairs: 1,
  },
];

for (const c of cases) {
  test.describe(c.name, () => {
    test.use({ replicaAccount: { faults: c.faults, ...(c.generation ? { generation: c.generation } : {}) } });
    test('assigns exactly one device, never resubmitting a refused pair', async ({ runbook, account, evidence }) => {
      const result = await assignRootMfa(runbook);
      expect(result.result).toBe('assigned');
      const attempts = attemptsOf(evidence.record.details);
      expect(attempts).toHaveLength(c.pairs);
      for (let i = 1; i < attempts.length; i++) expect(attempts[i]!.step).toBeGreaterThan(attempts[i - 1]!.step);
      expect(attempts.at(-1)!.outcome).toEqual(c.pairs === 1 ? expect.stringMatching(/internal error/i) : 'accepted');
      const state = await account.replica!.handle.sideDoor.state<Account>(account.id!);
      expect(state.mfaDevices.filter((d) => d.enableDate)).toHaveLength(1);
    });
  });
}

test.describe('codes refused every time', () => {
  test.use({ replicaAccount: { faults: { rejectCodes: 10 } } });
  test('stops after three fresh pairs, says so, leaves no device enabled, and keeps the seed in the vault', async ({
    runbook,
    account,
    evidence,
  }) => {
    const error = await assignRootMfa(runbook).catch((e: Error) => e);
    expect((error as Error).message).toContain(
      `Could not assign MFA to root of ${account.id}: the console said "Authentication code for device is not valid."`,
    );
    expect((error as Error).message).toContain('3 code pairs tried');
    const state = await account.replica!.handle.sideDoor.state<Account>(account.id!);
    expect(state.mfaDevices.filter((d) => d.enableDate)).toHaveLength(0);
    expect(evidence.record.vaultFile).toBeTruthy();
  });
});

test.describe('a slow console', () => {
  test.use({ replicaAccount: { faults: { slowMs: 700 } } });
  test('still assigns and verifies', async ({ runbook }) => {
    test.setTimeout(120_000);
    expect((await assignRootMfa(runbook)).result).toBe('assigned');
  });
});

for (const [after, what] of [
  [3, 'before the device is created'],
  [4, 'after the device is created, at Add MFA'],
] as const) {
  test.describe(`the console session ends ${what}`, () => {
    test.use({ replicaAccount: { faults: { sessionExpiresAfterRequests: after } } });
    test('signs in again, starts over from the check, and assigns exactly one device', async ({ runbook, account, evidence }) => {
      const result = await assignRootMfa(runbook);
      expect(result.result).toBe('assigned');
      expect(evidence.record.details?.sessionRestarts).toHaveLength(1);
      const state = await account.replica!.handle.sideDoor.state<Account>(account.id!);
      expect(state.mfaDevices.filter((d) => d.enableDate)).toHaveLength(1);
      // Ending at Add MFA leaves the first device created but never enabled: its name stays taken.
      expect(state.mfaDevices.map((d) => [d.name, Boolean(d.enableDate)])).toEqual(
        after === 4
          ? [
              ['root-mfa', false],
              ['root-mfa-2', true],
            ]
          : [['root-mfa', true]],
      );
      // Ending at Add MFA leaves the first device created but never enabled: its name stays taken.
      expect(state.mfaDevices.map((d) => [d.name, Boolean(d.enableDate)])).toEqual(
        after === 4
          ? [
              ['root-mfa', false],
              ['root-mfa-2', true],
            ]
          : [['root-mfa', true]],
      );
    });
  });
}
