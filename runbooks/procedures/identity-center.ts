import { checkStep } from '../../lib/drift/drift.ts';
import { runbookStep, type StepOptions } from '../../lib/run/runbook-step.ts';
import type { Secret } from '../../lib/secrets/secrets.ts';
import { codeAfter, stepOf } from '../../lib/secrets/totp.ts';
import { AwsAccountsPage } from '../../pages/identity-center/aws-accounts.page.ts';
import { UnclearOutcomeError } from '../../pages/identity-center/console.ts';
import { IdentityCenterDashboard, IdentityCenterInAnotherRegionError } from '../../pages/identity-center/dashboard.page.ts';
import { GroupsPage } from '../../pages/identity-center/groups.page.ts';
import { PermissionSetsPage } from '../../pages/identity-center/permission-sets.page.ts';
import { UsersPage, type AddUserOutcome, type ListedUser } from '../../pages/identity-center/users.page.ts';
import { SignInPage } from '../../pages/signin/sign-in.page.ts';
import { pageOptions, type IdcRunbookContext } from '../context.ts';
import { ADMIN_POLICY, API_SOURCE, complete, idsOf, readApi, sameEmail, shown, verify, type IdcApiState } from './identity-center-api.ts';

export { IdentityCenterInAnotherRegionError };

/** How the run ended. */
export type IdentityCenterResult =
  | { result: 'already-compliant'; reason: string }
  | { result: 'checked' }
  | { result: 'remediated'; changed: string[]; vaultFile?: string; portalUrl?: string };

/** A user of that name exists with another email address: the runbook will not guess which one is meant. */
export class UserEmailMismatchError extends Error {
  override name = 'UserEmailMismatchError';
  constructor(userName: string, found: string, configured: string, who: string) {
    super(
      `Identity Center of ${who} already has a user "${userName}" with the email address ${found}, not ${configured} (IDC_USER_EMAIL): ` +
        'correct the configuration or the user; the runbook does not change an existing user',
    );
  }
}

/**
 * Sets up IAM Identity Center for a first administrator, following the console procedure: check
 * first through the APIs; sign in as root; Enable → "Enable with AWS Organizations" → Continue;
 * Groups → Create group; Users → Add user (one-time password into the vault, or the invitation
 * email) with the group; Permission sets → Create (predefined AdministratorAccess, 1 hour);
 * AWS accounts → the account → Assign users or groups → the group → the permission set → Submit;
 * wait for provisioning; verify through the APIs.
 */
export async function setUpIdentityCenterSteps(ctx: IdcRunbookContext): Promise<IdentityCenterResult> {
  const { page, config, account, secrets, vault, log, evidence, handoff } = ctx;
  const settings = config.identityCenter;
  const user = settings.user;
  if (!user)
    throw new Error(
      `identity-center for ${account.label}: no Identity Center user configured (IDC_USER_NAME, IDC_USER_EMAIL, IDC_USER_GIVEN_NAME, IDC_USER_FAMILY_NAME)`,
    );
  const { region, groupName, permissionSet, passwordDelivery } = settings;
  const who = account.label;
  const checking = config.mode === 'check';
  // In check mode a changed page (or a locator that finds nothing) is reported as console drift of this runbook.
  const run = <T>(title: string, body: () => Promise<T>, opts?: StepOptions) =>
    runbookStep(evidence, title, checking ? () => checkStep('identity-center', evidence, body) : body, opts);
  const details: Record<string, unknown> = {
    region,
    userName: user.userName,
    groupName,
    permissionSetName: permissionSet,
    passwordDelivery,
  };
  const note = (facts: Record<string, unknown>) => {
    Object.assign(details, Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)));
    evidence.record.details = { ...evidence.record.details, ...details };
  };
  note({});
  const changed: string[] = [];
  const warnings: string[] = [];
  /** A change done although the console's answer was not recognised: said in the log and the evidence, never a failure. */
  const warn = (stepName: string, seen: string, readBy: string) => {
    warnings.push(`${stepName}: the console's answer was not recognised (${seen}); ${readBy}`);
    note({ warnings });
    log.warn({ step: stepName, seen, readBy }, "The console's answer was not recognised; the state shows the change done");
  };
  const options = pageOptions(config);
  const signIn = new SignInPage(page, secrets, handoff, who, options);
  const dashboard = new IdentityCenterDashboard(page, options);
  const users = new UsersPage(page, secrets, options);
  const groups = new GroupsPage(page, options);
  const permissionSets = new PermissionSetsPage(page, options);
  const accounts = new AwsAccountsPage(page, options);

  const before = await run('Check what IAM Identity Center already has', () => readApi(ctx), { browser: false });
  if (before) note(idsOf(before));
  if (before?.userId && before.userEmail && !sameEmail(before.userEmail, user.email))
    throw new UserEmailMismatchError(user.userName, before.userEmail, user.email, who);
  if (before && complete(before))
    return compliant(ctx, 'the APIs show the instance, the user in the group, the permission set and its provisioned assignment', before);

  await run('Sign in as root', async () => {
    await dashboard.open(account.consoleUrl, region);
    const signedIn = await signIn.signInAsRoot({
      email: account.rootEmail,
      password: account.rootPassword,
      landed: dashboard.shown(),
      landedShape: async () => {
        await dashboard.status();
      },
      ...(await rootMfa(ctx)),
    });
    if (signedIn.kind === 'forced-mfa') {
      if (!(await signedIn.prompt.canSkip()))
        throw new Error(`The console makes ${who} register an MFA device before anything else: run root-mfa first, then identity-center`);
      await signedIn.prompt.skip();
    }
  });

  const status = await run('Read whether IAM Identity Center is enabled', () => dashboard.status());
  if (status.kind === 'other-region') {
    note({ instanceRegion: status.region });
    throw new IdentityCenterInAnotherRegionError(status.region, region, who);
  }
  if (status.kind === 'not-enabled') {
    if (checking) {
      // Enabling is the first change, and every later page needs the instance: check the dialog and stop.
      await run('Check the enable dialog and cancel', () => dashboard.checkEnableDialogAndCancel());
      return checked(ctx);
    }
    const enabled = await run('Enable IAM Identity Center with AWS Organizations', () =>
      dashboard.enableWithOrganizations(who, account.consoleUrl, region),
    );
    if (enabled.unclear) warn('Enable IAM Identity Center', enabled.unclear, 'the dashboard, opened again, shows the instance');
    changed.push('instance');
    note({ instanceId: enabled.instanceId, portalUrl: enabled.portalUrl });
    log.info({ instanceId: enabled.instanceId, region }, 'IAM Identity Center enabled');
  } else {
    note({ instanceId: status.instanceId, portalUrl: status.portalUrl });
  }

  const listed = await run(`Look for the user "${user.userName}"`, async () => {
    await users.open();
    return users.findUser(user.userName);
  });
  if (listed?.email && !sameEmail(listed.email, user.email)) throw new UserEmailMismatchError(user.userName, listed.email, user.email, who);

  const groupExisted = await run(`Find or create the group "${groupName}"`, async () => {
    await groups.open();
    if (await groups.hasGroup(groupName)) return true;
    const form = await groups.startCreateGroup();
    if (checking) {
      await form.cancel();
      return false;
    }
    // An existing user joins the new group here: the Add user wizard, which adds members, is not run for them.
    await readAfterUnclear(
      () => form.create(groupName, listed ? [listed.userName] : [], who),
      async () => {
        await groups.open();
        return groups.hasGroup(groupName);
      },
      (seen) => warn(`Create the group "${groupName}"`, seen, 'the Groups list shows it'),
    );
    changed.push('group');
    log.info({ groupName }, 'Group created');
    return false;
  });

  if (!listed) {
    const outcome = await run(`Add the user "${user.userName}"`, () => addUser(ctx, users, user, groupName, changed, warn));
    if (outcome?.kind === 'one-time-password') {
      // On disk, encrypted, before the only screen that shows it goes away.
      const stored = await run(
        'Store the one-time password in the vault',
        () =>
          vault.store(outcome.password.reveal(), {
            kind: 'identity-center-one-time-password',
            account: account.id ?? account.rootEmail,
            label: user.userName,
          }),
        { browser: false },
      );
      evidence.record.vaultFile = stored.file;
      note({ vaultFile: stored.file });
      log.info({ userName: user.userName, vaultFile: stored.file }, 'One-time password stored in the vault');
      await run('Close the one-time password dialog', () => outcome.dialog.close(user.userName));
    }
  } else if (groupExisted) {
    await run(`Confirm "${user.userName}" is in "${groupName}"`, () => confirmMember(ctx, listed));
  }

  await run(`Find or create the permission set "${permissionSet}"`, async () => {
    await permissionSets.open();
    const found = await permissionSets.find(permissionSet);
    if (found) {
      if (found.policies !== undefined && !found.policies.split(/,\s*/).includes(ADMIN_POLICY)) {
        throw new Error(
          `Identity Center of ${who} has a permission set "${permissionSet}" with ${found.policies || 'no AWS managed policy'}, not ${ADMIN_POLICY}: correct it or choose another name (IDC_PERMISSION_SET)`,
        );
      }
      note({ permissionSetSessionDuration: found.sessionDuration });
      return;
    }
    const wizard = await permissionSets.startCreate();
    if (checking) return wizard.cancel();
    await readAfterUnclear(
      () => wizard.create(permissionSet, ADMIN_POLICY, who),
      async () => {
        await permissionSets.open();
        return (await permissionSets.find(permissionSet)) !== undefined;
      },
      (seen) => warn(`Create the permission set "${permissionSet}"`, seen, 'the Permission sets list shows it'),
    );
    changed.push('permission set');
    log.info({ permissionSet }, 'Permission set created');
  });

  const accountId = account.id ?? before?.managementAccountId;
  if (!accountId)
    throw new Error(
      `identity-center for ${who}: the account id is unknown (set ACCOUNT_ID, or give the runbook API access) so the account cannot be chosen on "AWS accounts"`,
    );
  note({ accountId });
  const assignment = await run(`Assign "${groupName}" to ${accountId} with "${permissionSet}"`, async () => {
    await accounts.open();
    const accountPage = await accounts.openAccount(accountId);
    const now = await accountPage.status(groupName, permissionSet);
    if (now !== 'absent') return accountPage;
    await accounts.open();
    const wizard = await accounts.startAssign(accountId);
    if (checking) {
      await wizard.cancel();
      return accountPage;
    }
    let after = accountPage;
    await readAfterUnclear(
      async () => {
        after = await wizard.assignGroup(groupName, permissionSet, who);
      },
      async () => {
        await accounts.open();
        after = await accounts.openAccount(accountId);
        return (await after.status(groupName, permissionSet)) !== 'absent';
      },
      (seen) => warn(`Assign "${groupName}" to ${accountId}`, seen, 'the account page lists the assignment'),
    );
    changed.push('assignment');
    return after;
  });

  if (checking) return checked(ctx);

  // Also when the account page already read "Provisioned": the wait then ends at its first look, with its log line.
  await run('Wait for provisioning', () =>
    assignment.waitForProvisioned(groupName, permissionSet, who, (now, waitedMs) => {
      log.info(
        { status: now, waitedSeconds: Math.round(waitedMs / 1000), groupName, permissionSet, accountId },
        'Provisioning the assignment',
      );
    }),
  );
  note({ assignmentStatus: 'provisioned' });

  await run('Verify through the APIs', () => verify(ctx, accountId), { browser: false });

  if (!changed.length) return compliant(ctx, 'the console shows every part in place', undefined);
  evidence.record.result = 'remediated';
  note({ changed });
  log.info({ changed, portalUrl: details.portalUrl }, 'Identity Center administrator set up and verified');
  return {
    result: 'remediated',
    changed,
    ...(details.vaultFile ? { vaultFile: String(details.vaultFile) } : {}),
    ...(details.portalUrl ? { portalUrl: String(details.portalUrl) } : {}),
  };
}

/** Users → Add user: details with the password choice, the group, review, "Add user"; a one-time password's dialog is left open. */
async function addUser(
  ctx: IdcRunbookContext,
  users: UsersPage,
  user: NonNullable<IdcRunbookContext['config']['identityCenter']['user']>,
  groupName: string,
  changed: string[],
  warn: (step: string, seen: string, readBy: string) => void,
): Promise<AddUserOutcome | undefined> {
  const { config, log } = ctx;
  const delivery = config.identityCenter.passwordDelivery;
  await users.open();
  const wizard = await users.startAddUser();
  if (config.mode === 'check') {
    await wizard.cancel();
    return undefined;
  }
  await wizard.enterDetails(user, delivery);
  await wizard.chooseGroup(groupName);
  let outcome: AddUserOutcome | undefined;
  try {
    outcome = await wizard.addUser(user.userName, delivery);
  } catch (err) {
    if (!(err instanceof UnclearOutcomeError)) throw err;
    // The console's answer was not recognised: the Users list says whether the user was added.
    await users.open();
    if (!(await users.findUser(user.userName))) throw err;
    if (delivery === 'one-time-password') {
      throw new Error(
        `The user "${user.userName}" of ${ctx.account.label} was added, but the console's answer was not recognised (${err.seen}), so its one-time password was not captured: ` +
          "reset the user's password in the console (Users → the user → Reset password → Generate a one-time password) or choose IDC_PASSWORD_DELIVERY=email, then run again",
        { cause: err },
      );
    }
    warn(`Add the user "${user.userName}"`, err.seen, 'the Users list shows the user');
    outcome = { kind: 'invited' };
  }
  changed.push('user');
  log.info(
    { userName: user.userName, passwordDelivery: delivery },
    outcome.kind === 'invited'
      ? 'User added; the console sends the invitation email'
      : 'User added; the console shows the one-time password',
  );
  return outcome;
}

/**
 * Runs a mutating console action; when its outcome was unclear (UnclearOutcomeError: no answer the
 * page object knows), reads the state with `read` before deciding: done is a warning, never a failure.
 */
async function readAfterUnclear(act: () => Promise<void>, read: () => Promise<boolean>, done: (seen: string) => void): Promise<void> {
  try {
    await act();
  } catch (err) {
    if (!(err instanceof UnclearOutcomeError)) throw err;
    if (!(await read())) throw err;
    done(err.seen);
  }
}

/** An existing user in an existing group: only the API can tell (the console's group pages are not read). */
async function confirmMember(ctx: IdcRunbookContext, listed: ListedUser): Promise<void> {
  const state = await readApi(ctx);
  if (!state) {
    ctx.log.warn({ userName: listed.userName }, 'No Identity Center API access: cannot confirm the existing user is in the group');
    return;
  }
  if (!state.member) {
    throw new Error(
      `Identity Center of ${ctx.account.label} has the user "${listed.userName}" and the group "${ctx.config.identityCenter.groupName}", but the user is not in the group: ` +
        'add them in the console (Groups → the group → Add users) or remove the group, then run identity-center again',
    );
  }
}

/** Sign-in options for a root with MFA: a code from the vault's root seed when it can be read, else the operator types it. */
async function rootMfa(ctx: IdcRunbookContext): Promise<{ mfaByOperator: true; mfaCode?: () => Promise<Secret> }> {
  const { vault, account, secrets, clock, log } = ctx;
  if (!vault.canRead()) return { mfaByOperator: true };
  const stored = await vault.latest('root-mfa-seed', account.id ?? account.rootEmail);
  if (!stored) return { mfaByOperator: true };
  const seed = secrets.hold('root-mfa-seed', stored.value);
  return {
    mfaByOperator: true,
    mfaCode: async () => {
      // A code from the next step: the current one may have been used by the sign-in that stored the seed.
      const next = await codeAfter(seed.reveal(), stepOf(clock.now()), clock);
      log.info({ vaultFile: stored.record.file }, 'Signing in with a code from the root MFA seed in the vault');
      return secrets.hold('totp-code', next.code);
    },
  };
}

function checked(ctx: IdcRunbookContext): IdentityCenterResult {
  ctx.evidence.record.result = 'checked';
  ctx.log.info('Check mode: every page up to the first change has the expected shape; nothing changed');
  return { result: 'checked' };
}

function compliant(ctx: IdcRunbookContext, reason: string, state: IdcApiState | undefined): IdentityCenterResult {
  ctx.evidence.record.result = 'already-compliant';
  ctx.evidence.record.verification = state
    ? { source: API_SOURCE, ...shown(state), checkedAt: new Date().toISOString() }
    : { source: 'console', reason };
  ctx.log.info({ reason }, 'Already compliant: nothing changed');
  return { result: 'already-compliant', reason };
}
