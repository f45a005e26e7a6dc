import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '../../fixtures/runbook.ts';
import type { TargetAccount } from '../../fixtures/account.ts';
import { MARKUP_TRANSFORM_NAMES, type MarkupTransform } from '../../replica/markup/catalog.ts';
import type { Account } from '../../replica/iam/model.ts';
import { deleteRootAccessKeys } from '../../runbooks/root-access-keys.ts';
import { assignRootMfa } from '../../runbooks/root-mfa.ts';

/**
 * root-mfa and root-access-keys, run and check mode, on consoles written differently but meaning the
 * same (replica/markup/catalog.ts): each variation alone. MARKUP_ONLY=a,b narrows the list.
 */
// Every case has its own account: the file's cases spread over both workers instead of queueing in one.
test.describe.configure({ mode: 'parallel' });

const only = (process.env.MARKUP_ONLY ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const transforms: MarkupTransform[] = only.length ? MARKUP_TRANSFORM_NAMES.filter((t) => only.includes(t)) : MARKUP_TRANSFORM_NAMES;

/**
 * Known failures, left visible (issue 11 notes): none now that shapes compare only the meaning a runbook
 * uses (lib/drift/shape-match.ts). A variation listed here is marked fixme with the reason, not hidden.
 */
const KNOWN: Partial<Record<MarkupTransform, Array<'run' | 'check'>>> = {};
const known = (t: MarkupTransform, mode: 'run' | 'check') => (KNOWN[t] ?? []).includes(mode) && !only.includes(t);

const state = (account: TargetAccount) => account.replica!.handle.sideDoor.state<Account>(account.id!);

/** The account as the side door shows it, less what every visit changes (clock readings, sign-in sessions and flows). */
async function accountBytes(account: TargetAccount): Promise<string> {
  const {
    now: _now,
    currentStep: _step,
    sessions: _sessions,
    signinFlows: _flows,
    ...rest
  } = (await state(account)) as Account & Record<string, unknown>;
  return JSON.stringify(rest);
}

/**
 * A few random combinations, seeded: MARKUP_SEEDS=a,b,… (default three fixed seeds, so CI is
 * repeatable; the seed is in each test's title and the table). Each seed draws four variations, at
 * most one of each exclusive family (one notification role, one radio default), and is also the
 * seed of the variations' own random choices (late-content's delays).
 */
const EXCLUSIVE: MarkupTransform[][] = [
  ['notice-status', 'notice-alert', 'notice-live'],
  ['radio-other', 'radio-none'],
];
const SEEDS = (process.env.MARKUP_SEEDS ?? '1101,2202,3303')
  .split(',')
  .map((x) => Number(x.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);

/** mulberry32: a small seeded generator, enough to draw a combination the same way every time. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Four variations drawn by `seed`, in catalogue order, no two of one exclusive family. */
function combination(seed: number, size = 4): MarkupTransform[] {
  const next = random(seed);
  const pool = [...MARKUP_TRANSFORM_NAMES];
  const chosen: MarkupTransform[] = [];
  while (chosen.length < size && pool.length) {
    const pick = pool.splice(Math.floor(next() * pool.length), 1)[0]!;
    const family = EXCLUSIVE.find((f) => f.includes(pick));
    if (family && chosen.some((c) => family.includes(c))) continue;
    chosen.push(pick);
  }
  return MARKUP_TRANSFORM_NAMES.filter((t) => chosen.includes(t));
}

interface Case {
  label: string;
  markup: { transforms: MarkupTransform[]; seed?: number };
  known: (mode: 'run' | 'check') => boolean;
}
const cases: Case[] = [
  ...transforms.map((t): Case => ({ label: t, markup: { transforms: [t] }, known: (mode) => known(t, mode) })),
  ...(only.length
    ? []
    : SEEDS.map((seed): Case => {
        const combo = combination(seed);
        return { label: `${combo.join('+')} (seed ${seed})`, markup: { transforms: combo, seed }, known: () => false };
      })),
];

for (const { label, markup, known: isKnown } of cases) {
  test.describe(`markup ${label}`, () => {
    test.describe('root-mfa', () => {
      test.use({ replicaAccount: { markup } });
      test('run: assigns one device whose seed is in the vault', async ({ runbook, config, account }) => {
        test.fixme(isKnown('run'), 'known failure under this variation (issue 11 note)');
        test.setTimeout(120_000);
        const result = await assignRootMfa(runbook);
        expect(result.result).toBe('assigned');
        const enabled = (await state(account)).mfaDevices.filter((d) => d.enableDate);
        expect(enabled).toHaveLength(1);
        const vaultFile = result.result === 'assigned' ? result.vaultFile : '';
        expect(execFileSync('age', ['-d', '-i', path.join(config.vaultDir, 'demo-identity.txt'), vaultFile]).toString()).toBe(
          enabled[0]!.seed,
        );
      });
      test('check: walks to the first change and leaves the account as it was', async ({ runbook, config, account }) => {
        test.fixme(isKnown('check'), 'known failure under this variation (issue 11 note)');
        test.setTimeout(120_000);
        const before = await accountBytes(account);
        expect(await assignRootMfa({ ...runbook, config: { ...config, mode: 'check' } })).toEqual({ result: 'checked' });
        expect(await accountBytes(account)).toBe(before);
      });
    });

    test.describe('root-access-keys', () => {
      test.use({ replicaAccount: { accessKeys: ['Active', 'Inactive'], markup } });
      test('run: deletes both keys', async ({ runbook, account }) => {
        test.fixme(isKnown('run'), 'known failure under this variation (issue 11 note)');
        test.setTimeout(120_000);
        const keys = (await state(account)).accessKeys.map((k) => k.id);
        expect(await deleteRootAccessKeys(runbook)).toEqual({
          result: 'remediated',
          deleted: keys,
        });
        expect((await state(account)).accessKeys).toEqual([]);
      });
      test('check: lists the keys, opens the Delete confirmation, cancels, changes nothing', async ({ runbook, config, account }) => {
        test.fixme(isKnown('check'), 'known failure under this variation (issue 11 note)');
        test.setTimeout(120_000);
        const before = await accountBytes(account);
        const keys = (await state(account)).accessKeys.map((k) => k.id);
        expect(await deleteRootAccessKeys({ ...runbook, config: { ...config, mode: 'check' } })).toEqual({ result: 'checked', keys });
        expect(await accountBytes(account)).toBe(before);
      });
    });
  });
}
