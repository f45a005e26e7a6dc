import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '../../fixtures/index.ts';
import type { TargetAccount } from '../../fixtures/account.ts';
import { MARKUP_TRANSFORM_NAMES, type MarkupTransform } from '../../replica/markup/catalog.ts';
import type { Account } from '../../replica/state.ts';
import { deleteRootAccessKeys } from '../../runbooks/root-access-keys.ts';
import { assignRootMfa } from '../../runbooks/root-mfa.ts';

/**
 * root-mfa and root-access-keys, run and check mode, on consoles written differently but meaning the
 * same (replica/markup/catalog.ts): each variation alone. MARKUP_ONLY=a,b narrows the list.
 */
const only = (process.env.MARKUP_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const transforms: MarkupTransform[] = only.length ? MARKUP_TRANSFORM_NAMES.filter((t) => only.includes(t)) : MARKUP_TRANSFORM_NAMES;

/**
 * Known failures, left visible (issue 11 notes): none now that shapes compare only the meaning a runbook
 * uses (lib/drift/aria-diff.ts). A variation listed here is marked fixme with the reason, not hidden.
 */
const KNOWN: Partial<Record<MarkupTransform, Array<'run' | 'check'>>> = {};
const known = (t: MarkupTransform, mode: 'run' | 'check') => (KNOWN[t] ?? []).includes(mode) && !only.includes(t);

const state = (account: TargetAccount) => account.replica!.handle.sideDoor.state<Account>(account.id!);

/** The account as the side door shows it, less what every visit changes (clock readings, sign-in sessions and flows). */
async function accountBytes(account: TargetAccount): Promise<string> {
  const { now: _now, currentStep: _step, sessions: _sessions, signinFlows: _flows, ...rest } = await state(account) as Account & Record<string, unknown>;
  return JSON.stringify(rest);
}

for (const transform of transforms) {
  test.describe(`markup ${transform}`, () => {
    test.describe('root-mfa', () => {
      test.use({ replicaAccount: { markup: { transforms: [transform] } } });
      test('run: assigns one device whose seed is in the vault', async ({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff }) => {
        test.fixme(known(transform, 'run'), 'known failure under this variation (issue 11 note)');
        test.setTimeout(120_000);
        const result = await assignRootMfa({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff });
        expect(result.result).toBe('assigned');
        const enabled = (await state(account)).mfaDevices.filter((d) => d.enableDate);
        expect(enabled).toHaveLength(1);
        const vaultFile = result.result === 'assigned' ? result.vaultFile : '';
        expect(execFileSync('age', ['-d', '-i', path.join(config.vaultDir, 'demo-identity.txt'), vaultFile]).toString()).toBe(enabled[0]!.seed);
      });
      test('check: walks to the first change and leaves the account as it was', async ({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff }) => {
        test.fixme(known(transform, 'check'), 'known failure under this variation (issue 11 note)');
        test.setTimeout(120_000);
        const before = await accountBytes(account);
        expect(await assignRootMfa({ page, config: { ...config, mode: 'check' }, account, clock, secrets, vault, log, evidence, iam, handoff })).toEqual({ result: 'checked' });
        expect(await accountBytes(account)).toBe(before);
      });
    });

    test.describe('root-access-keys', () => {
      test.use({ replicaAccount: { accessKeys: ['Active', 'Inactive'], markup: { transforms: [transform] } } });
      test('run: deletes both keys', async ({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff }) => {
        test.fixme(known(transform, 'run'), 'known failure under this variation (issue 11 note)');
        test.setTimeout(120_000);
        const keys = (await state(account)).accessKeys.map((k) => k.id);
        expect(await deleteRootAccessKeys({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff })).toEqual({ result: 'remediated', deleted: keys });
        expect((await state(account)).accessKeys).toEqual([]);
      });
      test('check: lists the keys, opens the Delete confirmation, cancels, changes nothing', async ({ page, config, account, clock, secrets, vault, log, evidence, iam, handoff }) => {
        test.fixme(known(transform, 'check'), 'known failure under this variation (issue 11 note)');
        test.setTimeout(120_000);
        const before = await accountBytes(account);
        const keys = (await state(account)).accessKeys.map((k) => k.id);
        expect(await deleteRootAccessKeys({ page, config: { ...config, mode: 'check' }, account, clock, secrets, vault, log, evidence, iam, handoff })).toEqual({ result: 'checked', keys });
        expect(await accountBytes(account)).toBe(before);
      });
    });
  });
}
