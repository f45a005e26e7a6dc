import { randomInt } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { TargetAccount } from '../../fixtures/account.ts';
import { expect, test } from '../../fixtures/runbook.ts';
import { ConsoleDriftError, type DriftDetails } from '../../lib/drift/drift.ts';
import type { AccountOptions, ConsoleDrift } from '../../replica/contract.ts';
import type { Account } from '../../replica/iam/model.ts';
import { deleteRootAccessKeys } from '../../runbooks/root-access-keys.ts';
import { accountBytes, checkMode, consoleChanges } from './helpers.ts';

/**
 * root-access-keys in check mode. On access-key pages as recorded it passes, having compared the
 * section and the "Delete" dialog with their shapes (pages/__aria__/access-keys*.aria.yml,
 * delete-access-key*.aria.yml), and leaves the account byte-for-byte as it was; other key ids, dates
 * and texts the runbook does not rely on do not count. Each kind of change the replica can make to
 * those pages fails it as console drift naming the runbook, the page object and the difference.
 */

type Keys = Array<'Active' | 'Inactive'>;

const SECTION = 'pages/__aria__/access-keys.aria.yml';
const LEGACY_SECTION = 'pages/__aria__/access-keys-legacy.aria.yml';
const DIALOG = 'pages/__aria__/delete-access-key.aria.yml';
const ACTIVE_DIALOG = 'pages/__aria__/delete-access-key-active.aria.yml';
const CONFIRM = 'To confirm deletion, enter the access key ID in the text input field.';

/** The account's keys as the side door holds them. */
const keysOf = async (account: TargetAccount) => (await account.replica!.handle.sideDoor.state<Account>(account.id!)).accessKeys;

const fresh: Array<{ title: string; account: AccountOptions }> = [
  { title: 'current console, an active and an inactive key', account: { accessKeys: ['Active', 'Inactive'] as Keys } },
  { title: 'current console, one inactive key', account: { accessKeys: ['Inactive'] as Keys } },
  { title: 'legacy console, an active and an inactive key', account: { generation: 'legacy', accessKeys: ['Active', 'Inactive'] as Keys } },
  { title: 'legacy console, one inactive key', account: { generation: 'legacy', accessKeys: ['Inactive'] as Keys } },
];

for (const { title, account: replicaAccount } of fresh) {
  test.describe(`root-access-keys check mode: ${title}`, () => {
    test.use({ replicaAccount });
    test('passes, checking the section and the Delete dialog, and changes nothing', async ({
      runbook,
      page,
      config,
      account,
      evidence,
    }) => {
      const before = await accountBytes(account);
      const keys = await keysOf(account);
      const calls = consoleChanges(page);
      const result = await deleteRootAccessKeys({ ...runbook, config: checkMode(config) });
      expect(result).toEqual({ result: 'checked', keys: keys.map((k) => k.id) });
      expect(evidence.record.result).toBe('checked');
      expect(evidence.record.steps.map((s) => s.outcome)).not.toContain('failed');
      expect(calls).toEqual([]);
      expect(await accountBytes(account)).toBe(before);
    });
  });
}

/** Rewrites the console's list of keys as another account's would read: other ids (the same each time), dates and last-used values. */
async function otherKeyValues(page: Page): Promise<void> {
  const ids = new Map<string, string>();
  const otherId = (id: string) => ids.get(id) ?? ids.set(id, `AKIAZZZZ${String(randomInt(0, 1e12)).padStart(12, '0')}`).get(id)!;
  await page.route('**/iam/service/root/keys', async (route) => {
    const response = await route.fetch();
    const body = JSON.stringify(
      await response.json(),
      (key, value: unknown) => {
        if (typeof value !== 'string') return value;
        if (key === 'id') return otherId(value);
        if (key === 'createDate') return '2019-02-28T23:59:00.000Z';
        return value;
      },
      0,
    )
      .replace(/"lastUsedDate":null/g, '"lastUsedDate":"2024-07-04T09:15:00.000Z"')
      .replace(/"lastUsedService":null/g, '"lastUsedService":"s3"')
      .replace(/"lastUsedRegion":null/g, '"lastUsedRegion":"eu-west-1"');
    await route.fulfill({ response, body });
  });
}

test.describe('root-access-keys check mode: what the runbook does not rely on', () => {
  // A label the runbook does not use, and a column it does not read, renamed; another account id and an alias.
  test.use({
    replicaAccount: {
      accountId: `9${String(randomInt(0, 1e11)).padStart(11, '0')}`,
      alias: 'drift-free-sandbox',
      accessKeys: ['Active', 'Inactive'],
      drift: {
        renameLabel: [
          { from: 'Create access key', to: 'Create a key' },
          { from: 'Region last used', to: 'Last Region' },
        ],
      },
    },
  });
  test('other key ids, dates, last-used values and unrelated texts do not count', async ({ runbook, page, config, account, evidence }) => {
    const before = await accountBytes(account);
    await otherKeyValues(page);
    const result = await deleteRootAccessKeys({ ...runbook, config: checkMode(config) });
    // The keys checked are the ones the page showed: proof the rewritten list was what the shapes were compared with.
    expect(result).toMatchObject({
      result: 'checked',
      keys: [expect.stringMatching(/^AKIAZZZZ\d{12}$/), expect.stringMatching(/^AKIAZZZZ\d{12}$/)],
    });
    expect(evidence.record.result).toBe('checked');
    expect(await accountBytes(account)).toBe(before);
  });
});

interface Case {
  title: string;
  account: Omit<AccountOptions, 'drift'>;
  drift: ConsoleDrift;
  expected: Partial<DriftDetails>;
  /** Lines the difference must show. */
  diff: string[];
}

const cases: Case[] = [
  {
    title: 'a renamed menu ("Actions" → "Key actions")',
    account: { accessKeys: ['Active'] },
    drift: { renameLabel: [{ from: 'Actions', to: 'Key actions' }] },
    expected: { pageObject: 'AccessKeysSection', snapshot: SECTION },
    diff: ['- button "Actions"', '+ button "Key actions"'],
  },
  {
    title: 'a dropped column ("Status")',
    account: { accessKeys: ['Active'] },
    drift: { dropField: 'Status' },
    expected: { pageObject: 'AccessKeysSection', snapshot: SECTION },
    diff: ['- columnheader "Status"'],
  },
  {
    title: 'the legacy section with a renamed row button ("Make Inactive" → "Deactivate")',
    account: { generation: 'legacy', accessKeys: ['Active'] },
    drift: { renameLabel: [{ from: 'Make Inactive', to: 'Deactivate' }] },
    expected: { pageObject: 'AccessKeysSection', snapshot: LEGACY_SECTION },
    diff: ['- button /^Make (Inactive|Active)$/', '+ button "Deactivate"'],
  },
  {
    title: 'the legacy section without its key ID column',
    account: { generation: 'legacy', accessKeys: ['Inactive'] },
    drift: { dropField: 'Access Key ID' },
    expected: { pageObject: 'AccessKeysSection', snapshot: LEGACY_SECTION },
    diff: ['- columnheader "Access Key ID"'],
  },
  {
    title: 'a new required field in the Delete dialog',
    account: { accessKeys: ['Inactive'] },
    drift: { addRequiredField: 'Reason for deletion' },
    expected: { pageObject: 'DeleteAccessKeyDialog', snapshot: DIALOG },
    diff: ['+ textbox "Reason for deletion"'],
  },
  {
    title: 'the Delete dialog of an active key, on the legacy console, with a new required field',
    account: { generation: 'legacy', accessKeys: ['Active'] },
    drift: { addRequiredField: 'Reason for deletion' },
    expected: { pageObject: 'DeleteAccessKeyDialog', snapshot: ACTIVE_DIALOG },
    diff: ['+ textbox "Reason for deletion"'],
  },
  {
    title: 'a renamed confirmation field in the Delete dialog',
    account: { accessKeys: ['Active'] },
    drift: { renameLabel: [{ from: CONFIRM, to: 'Type the key ID to confirm.' }] },
    expected: { pageObject: 'DeleteAccessKeyDialog', snapshot: ACTIVE_DIALOG },
    diff: [`- textbox "${CONFIRM}"`, '+ textbox "Type the key ID to confirm."'],
  },
  {
    title: 'the Delete dialog without its confirmation field',
    account: { accessKeys: ['Inactive'] },
    drift: { dropField: CONFIRM },
    expected: { pageObject: 'DeleteAccessKeyDialog', snapshot: DIALOG },
    diff: [`- textbox "${CONFIRM}"`],
  },
];

for (const c of cases) {
  test.describe(`root-access-keys check mode meets ${c.title}`, () => {
    test.use({ replicaAccount: { ...c.account, drift: c.drift } });
    test('fails as console drift naming the page object, with the difference, and changes nothing', async ({
      runbook,
      page,
      config,
      account,
      evidence,
    }) => {
      const before = await accountBytes(account);
      const calls = consoleChanges(page);
      const error = await deleteRootAccessKeys({ ...runbook, config: checkMode(config) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConsoleDriftError);
      const { details, message } = error as ConsoleDriftError;
      expect(details).toMatchObject({ runbook: 'root-access-keys', ...c.expected });
      for (const line of c.diff) expect(details.diff).toContain(line);
      expect(message).toContain(`Console drift on ${c.expected.pageObject} (root-access-keys)`);
      // The report never carries the account's id, email or key ids.
      expect(details.diff).not.toContain(account.id!);
      expect(details.diff).not.toContain(account.rootEmail);
      for (const key of await keysOf(account)) expect(details.diff).not.toContain(key.id);
      expect(evidence.record.result).toBe('drift');
      expect(evidence.record.error).toContain(`Console drift on ${c.expected.pageObject} (root-access-keys)`);
      expect(evidence.record.steps.at(-1)).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Console drift') });
      expect(calls).toEqual([]);
      expect(await accountBytes(account)).toBe(before);
    });
  });
}

test.describe('root-access-keys check mode meets a renamed menu item outside any recorded shape', () => {
  // "Delete" in the Actions menu shows only once the menu is open: no recorded shape holds it.
  test.use({ replicaAccount: { accessKeys: ['Inactive'], drift: { renameLabel: [{ from: 'Delete', to: 'Remove' }] } } });
  test('the part that did not come is reported as drift of its page object, naming its locator', async ({
    runbook,
    config,
    account,
    evidence,
  }) => {
    const before = await accountBytes(account);
    const error = await deleteRootAccessKeys({ ...runbook, config: checkMode(config) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleDriftError);
    const { details } = error as ConsoleDriftError;
    expect(details).toMatchObject({ runbook: 'root-access-keys', pageObject: 'AccessKeysSection' });
    expect(details.locator).toContain('menuitem');
    expect(details.locator).toContain('Delete');
    expect(details.snapshot).toBeUndefined();
    expect(evidence.record.result).toBe('drift');
    expect(await accountBytes(account)).toBe(before);
  });
});
