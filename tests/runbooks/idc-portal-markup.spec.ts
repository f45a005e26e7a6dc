import { expect, test } from '../../fixtures/runbook.ts';
import type { TargetAccount } from '../../fixtures/account.ts';
import type { Config } from '../../config/settings.ts';
import type { IdentityCenterOptions } from '../../replica/identity-center/contract.ts';
import type { IdentityCenterState } from '../../replica/identity-center/model.ts';
import { MARKUP_TRANSFORMS, MARKUP_TRANSFORM_NAMES, type MarkupTransform } from '../../replica/markup/catalog.ts';
import { setUpIdentityCenter } from '../../runbooks/identity-center.ts';
import { registerPortalUserMfa } from '../../runbooks/portal-user-mfa.ts';
import { accountBytes, checkMode, expectPortalCheckUpToSetPassword } from '../checks/helpers.ts';

// identity-center and portal-user-mfa, run mode and check mode, under each markup variation that
// reaches their pages (issue 11): the Identity Center console is the Cloudscape app (app-scope
// variations), the access portal server-rendered HTML (server-scope ones). Each case asserts the
// replica's state, not only the result. C2_MARKUP=a,b narrows the variations (while one is built).

// Every case has its own account: the file's cases spread over both workers instead of queueing in one.
test.describe.configure({ mode: 'parallel' });

const only = process.env.C2_MARKUP?.split(',').filter(Boolean) as MarkupTransform[] | undefined;
const chosen = (scope: 'server' | 'app'): MarkupTransform[] =>
  MARKUP_TRANSFORM_NAMES.filter((t) => {
    const s: string = MARKUP_TRANSFORMS[t].scope;
    // plain-html re-renders sign-in and IAM only; captcha-frame-only is about root sign-in's security check.
    return (s === scope || s === 'both') && t !== 'plain-html' && t !== 'captcha-frame-only' && (!only || only.includes(t));
  });

/** An account as identity-center leaves it, the user on a one-time password. */
function seeded(
  config: Config,
  transform: MarkupTransform,
): { identityCenter: IdentityCenterOptions; markup: { transforms: MarkupTransform[] } } {
  const user = config.identityCenter.user!;
  const group = config.identityCenter.groupName;
  return {
    markup: { transforms: [transform] },
    identityCenter: {
      enabledIn: config.identityCenter.region,
      users: [{ ...user, password: 'one-time', groups: [group] }],
      groups: [{ displayName: group }],
      permissionSets: [{ name: config.identityCenter.permissionSet }],
      assignments: [{ principal: { type: 'GROUP', name: group }, permissionSet: config.identityCenter.permissionSet }],
    },
  };
}

const idcState = async (account: TargetAccount): Promise<IdentityCenterState> =>
  (await account.replica!.handle.sideDoor.state<{ identityCenter: IdentityCenterState }>(account.id!)).identityCenter;

for (const transform of chosen('server')) {
  test.describe(`portal-user-mfa under markup "${transform}"`, () => {
    test.use({ replicaAccount: async ({ config }, use) => use(seeded(config, transform)) });

    test('run mode sets the password, registers the app and signs back in with MFA', async ({
      idcRunbook,
      config,
      account,
      vault,
      evidence,
    }) => {
      const user = (await idcState(account)).users.find((u) => u.userName === config.identityCenter.user!.userName)!;
      if (user.password.kind !== 'one-time') throw new Error('the seeded user has no one-time password');
      await vault.store(user.password.secret, { kind: 'identity-center-one-time-password', account: account.id!, label: user.userName });
      const result = await registerPortalUserMfa(idcRunbook);
      expect(result.result).toBe('remediated');
      const after = (await idcState(account)).users.find((u) => u.userName === user.userName)!;
      expect(after.password.kind).toBe('set');
      expect(after.mfaDevices).toHaveLength(1);
      expect(evidence.record.steps.map((s) => s.outcome)).not.toContain('failed');
    });

    test('check mode walks up to Set new password and changes nothing', async ({ idcRunbook, config, account }) => {
      const user = (await idcState(account)).users.find((u) => u.userName === config.identityCenter.user!.userName)!;
      await expectPortalCheckUpToSetPassword(idcRunbook, user);
    });
  });
}

for (const transform of chosen('app')) {
  test.describe(`identity-center under markup "${transform}"`, () => {
    test.describe('from a fresh account', () => {
      test.use({ replicaAccount: { markup: { transforms: [transform] } } });
      test('run mode enables and sets up everything; the APIs show it', async ({ idcRunbook, config, account, evidence }) => {
        const result = await setUpIdentityCenter(idcRunbook);
        expect(result).toMatchObject({ result: 'remediated', changed: ['instance', 'group', 'user', 'permission set', 'assignment'] });
        const ic = await idcState(account);
        expect(ic.instance).toBeTruthy();
        expect(ic.users.map((u) => u.userName)).toContain(config.identityCenter.user!.userName);
        expect(evidence.record.steps.map((s) => s.outcome)).not.toContain('failed');
      });
    });
    test.describe('with Identity Center enabled and nothing else', () => {
      test.use({
        replicaAccount: async ({ config }, use) =>
          use({ markup: { transforms: [transform] }, identityCenter: { enabledIn: config.identityCenter.region } }),
      });
      test('check mode walks every page up to the first change and changes nothing', async ({ idcRunbook, config, account }) => {
        const before = await accountBytes(account);
        const result = await setUpIdentityCenter({ ...idcRunbook, config: checkMode(config) });
        expect(result).toEqual({ result: 'checked' });
        expect(await accountBytes(account)).toBe(before);
      });
    });
  });
}
