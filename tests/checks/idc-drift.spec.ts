import { randomInt } from 'node:crypto';
import { expect, test } from '../../fixtures/runbook.ts';
import type { Config } from '../../config/settings.ts';
import { ConsoleDriftError, type DriftDetails } from '../../lib/drift/drift.ts';
import type { AccountOptions, ConsoleDrift } from '../../replica/contract.ts';
import type { IdentityCenterState } from '../../replica/identity-center/model.ts';
import { registerPortalUserMfa } from '../../runbooks/portal-user-mfa.ts';
import { setUpIdentityCenter } from '../../runbooks/identity-center.ts';
import { accountBytes, checkMode, expectPortalCheckUpToSetPassword } from './helpers.ts';

/**
 * Drift on the Identity Center console pages and the access portal: each kind of change the side
 * door can make (renamed label, dropped field, new required field) makes check mode of
 * identity-center and portal-user-mfa fail with a ConsoleDriftError naming the runbook, the page
 * object and the recorded shape, with the difference; the account is left as it was. Changes that
 * are not the pages' shape (account id, alias, other users and groups) pass.
 */

const ARIA = (name: string): string => `pages/__aria__/${name}.aria.yml`;

interface Case {
  title: string;
  drift: ConsoleDrift;
  expected: Required<Pick<DriftDetails, 'pageObject' | 'snapshot'>>;
  /** Lines the difference must show. */
  diff: string[];
}

// identity-center on an account with the instance enabled and nothing else: check mode walks Users,
// Groups (Create group), Add user, Permission sets (Create), AWS accounts (Assign) and cancels each.
const identityCenterCases: Case[] = [
  {
    title: 'a renamed Add user field ("First name" → "Given name")',
    drift: { renameLabel: [{ from: 'First name', to: 'Given name' }] },
    expected: { pageObject: 'AddUserWizard', snapshot: ARIA('identity-center-add-user-details') },
    diff: ['- textbox "First name"', '+ textbox "Given name"'],
  },
  {
    title: 'a renamed button on AWS accounts ("Assign users or groups" → "Assign access")',
    drift: { renameLabel: [{ from: 'Assign users or groups', to: 'Assign access' }] },
    expected: { pageObject: 'AwsAccountsPage', snapshot: ARIA('identity-center-aws-accounts') },
    diff: ['- button "Assign users or groups"', '+ button "Assign access"'],
  },
  {
    title: 'a dropped Add user field ("Confirm email address")',
    drift: { dropField: 'Confirm email address' },
    expected: { pageObject: 'AddUserWizard', snapshot: ARIA('identity-center-add-user-details') },
    diff: ['- textbox "Confirm email address"'],
  },
  {
    title: 'a dropped column on Permission sets ("Session duration")',
    drift: { dropField: 'Session duration' },
    expected: { pageObject: 'PermissionSetsPage', snapshot: ARIA('identity-center-permission-sets') },
    diff: ['- columnheader "Session duration"'],
  },
  {
    title: 'a new required field on Add user ("Employee number")',
    drift: { addRequiredField: 'Employee number' },
    expected: { pageObject: 'AddUserWizard', snapshot: ARIA('identity-center-add-user-details') },
    diff: ['+ textbox "Employee number"'],
  },
];

for (const c of identityCenterCases) {
  test.describe(`identity-center check mode meets ${c.title}`, () => {
    test.use({
      replicaAccount: async ({ config }, use) => use({ identityCenter: { enabledIn: config.identityCenter.region }, drift: c.drift }),
    });
    test('fails as console drift naming the page object and its shape, with the difference, and changes nothing', async ({
      idcRunbook,
      config,
      account,
      evidence,
    }) => {
      const before = await accountBytes(account);
      const error = await setUpIdentityCenter({ ...idcRunbook, config: checkMode(config) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConsoleDriftError);
      const { details, message } = error as ConsoleDriftError;
      expect(details).toMatchObject({ runbook: 'identity-center', ...c.expected });
      for (const line of c.diff) expect(details.diff).toContain(line);
      expect(message).toContain(`Console drift on ${c.expected.pageObject} (identity-center)`);
      expect(details.diff).not.toContain(account.id!);
      expect(evidence.record.result).toBe('drift');
      expect(evidence.record.steps.at(-1)).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Console drift') });
      expect(await accountBytes(account)).toBe(before);
    });
  });
}

test.describe('identity-center check mode on an account that differs only in ids and rows', () => {
  test.use({
    replicaAccount: async ({ config }, use) =>
      use({
        accountId: `8${String(randomInt(0, 1e11)).padStart(11, '0')}`,
        alias: 'idc-drift-free',
        identityCenter: {
          enabledIn: config.identityCenter.region,
          users: [
            {
              userName: 'someone-else',
              email: 'someone-else@example.com',
              givenName: 'Some',
              familyName: 'One',
              password: 'none',
              groups: ['Ops'],
            },
          ],
          groups: [{ displayName: 'Ops', description: 'Operations' }],
          permissionSets: [{ name: 'ReadOnly', policy: 'ReadOnlyAccess', sessionDuration: 'PT4H' }],
        },
      }),
  });
  test('passes, walking every page up to the first change, and changes nothing', async ({ idcRunbook, config, account, evidence }) => {
    const before = await accountBytes(account);
    const result = await setUpIdentityCenter({ ...idcRunbook, config: checkMode(config) });
    expect(result).toEqual({ result: 'checked' });
    expect(evidence.record.steps.map((s) => s.title)).toEqual(
      expect.arrayContaining([
        `Find or create the group "${config.identityCenter.groupName}"`,
        `Add the user "${config.identityCenter.user!.userName}"`,
        `Find or create the permission set "${config.identityCenter.permissionSet}"`,
        expect.stringMatching(/^Assign /),
      ]),
    );
    expect(await accountBytes(account)).toBe(before);
  });
});

/** An account as identity-center leaves it, with the configured user on a one-time password. */
function seeded(config: Config, more: Omit<AccountOptions, 'identityCenter'> = {}): AccountOptions {
  const user = config.identityCenter.user!;
  const group = config.identityCenter.groupName;
  return {
    ...more,
    identityCenter: {
      enabledIn: config.identityCenter.region,
      users: [{ ...user, password: 'one-time', groups: [group] }],
      groups: [{ displayName: group }],
      permissionSets: [{ name: config.identityCenter.permissionSet }],
      assignments: [{ principal: { type: 'GROUP', name: group }, permissionSet: config.identityCenter.permissionSet }],
    },
  };
}

// portal-user-mfa on that account, its one-time password in the vault (as identity-center leaves it):
// check mode signs in (username, password) and stops at "Set new password".
const portalCases: Case[] = [
  {
    title: 'a renamed sign-in link ("Forgot password?" → "Reset password")',
    drift: { renameLabel: [{ from: 'Forgot password?', to: 'Reset password' }] },
    expected: { pageObject: 'PortalSignInPage', snapshot: ARIA('portal-sign-in-password') },
    diff: ['- link "Forgot password?"', '+ link "Reset password"'],
  },
  {
    title: 'a renamed set-password field ("Confirm password" → "Repeat password")',
    drift: { renameLabel: [{ from: 'Confirm password', to: 'Repeat password' }] },
    expected: { pageObject: 'SetPasswordPage', snapshot: ARIA('portal-set-new-password') },
    diff: ['- textbox "Confirm password"', '+ textbox "Repeat password"'],
  },
  {
    title: 'a dropped set-password field ("Confirm password")',
    drift: { dropField: 'Confirm password' },
    expected: { pageObject: 'SetPasswordPage', snapshot: ARIA('portal-set-new-password') },
    diff: ['- textbox "Confirm password"'],
  },
  {
    title: 'a new required field on Set new password ("Security question")',
    drift: { addRequiredField: 'Security question' },
    expected: { pageObject: 'SetPasswordPage', snapshot: ARIA('portal-set-new-password') },
    diff: ['+ textbox "Security question"'],
  },
];

const userOf = async (
  account: { replica?: { handle: { sideDoor: { state<T>(id: string): Promise<T> } } }; id?: string },
  userName: string,
) =>
  (await account.replica!.handle.sideDoor.state<{ identityCenter: IdentityCenterState }>(account.id!)).identityCenter.users.find(
    (u) => u.userName === userName,
  )!;

for (const c of portalCases) {
  test.describe(`portal-user-mfa check mode meets ${c.title}`, () => {
    test.use({ replicaAccount: async ({ config }, use) => use(seeded(config, { drift: c.drift })) });
    test('fails as console drift naming the page object and its shape, with the difference, and changes nothing', async ({
      idcRunbook,
      config,
      account,
      vault,
      evidence,
    }) => {
      const user = await userOf(account, config.identityCenter.user!.userName);
      if (user.password.kind !== 'one-time') throw new Error('the seeded user has no one-time password');
      await vault.store(user.password.secret, { kind: 'identity-center-one-time-password', account: account.id!, label: user.userName });
      const before = await accountBytes(account);
      const error = await registerPortalUserMfa({ ...idcRunbook, config: checkMode(config) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConsoleDriftError);
      const { details, message } = error as ConsoleDriftError;
      expect(details).toMatchObject({ runbook: 'portal-user-mfa', ...c.expected });
      for (const line of c.diff) expect(details.diff).toContain(line);
      expect(message).toContain(`Console drift on ${c.expected.pageObject} (portal-user-mfa)`);
      // Neither the user's name nor the one-time password reaches the report.
      expect(details.diff).not.toContain(user.password.secret);
      expect(evidence.record.result).toBe('drift');
      expect(JSON.stringify(evidence.record)).not.toContain(user.password.secret);
      expect(await accountBytes(account)).toBe(before);
      expect((await userOf(account, user.userName)).password.kind).toBe('one-time');
    });
  });
}

test.describe('portal-user-mfa check mode on an account that differs only in ids', () => {
  test.use({
    replicaAccount: async ({ config }, use) =>
      use(seeded(config, { accountId: `7${String(randomInt(0, 1e11)).padStart(11, '0')}`, alias: 'portal-drift-free' })),
  });
  test('passes up to Set new password and changes nothing', async ({ idcRunbook, config, account }) => {
    const user = await userOf(account, config.identityCenter.user!.userName);
    await expectPortalCheckUpToSetPassword(idcRunbook, user);
  });
});
