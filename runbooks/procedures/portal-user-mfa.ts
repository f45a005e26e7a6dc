import { checkStep } from '../../lib/drift/drift.ts';
import { newPortalPassword } from '../../lib/secrets/portal-password.ts';
import { runbookStep, type StepOptions } from '../../lib/run/runbook-step.ts';
import type { Secret } from '../../lib/secrets/secrets.ts';
import { codeAfter, normalizeSecret, stepOf } from '../../lib/secrets/totp.ts';
import { PortalHomePage, type PortalAccountView } from '../../pages/portal/home.page.ts';
import { RegisterMfaDevicePage } from '../../pages/portal/register-mfa.page.ts';
import { SetPasswordPage } from '../../pages/portal/set-password.page.ts';
import { PortalSignInPage } from '../../pages/portal/sign-in.page.ts';
import { pageOptions, type IdcRunbookContext } from '../context.ts';
import { findPortal, NotSetUpError, verify, type Portal } from './portal-user-mfa-api.ts';

/** Everything the portal-user-mfa runbook works with: the Identity Center runbook context. */
export type PortalUserMfaContext = IdcRunbookContext;

/** How the run ended. */
export type PortalUserMfaResult =
  | { result: 'already-compliant'; reason: string }
  | { result: 'checked' }
  | { result: 'remediated'; deviceName: string; seedVaultFile: string; passwordVaultFile?: string };

/** What the check found: the user is done, or must start from the first sign-in, or has a password but no device yet. */
type Found =
  | { state: 'compliant'; reason: string; accounts: PortalAccountView[] }
  | { state: 'first-sign-in' }
  | { state: 'register'; password: Secret };

/** Refusals worth a code from a later step (clock skew); anything else stops the run. */
const RETRYABLE = /invalid|not valid|try again/i;
/** Codes tried at most for Assign MFA; each from a later step than the last, so a refused code is never sent again. */
const MAX_CODES = 3;

/**
 * Gets the Identity Center user a password of the runbook's making and a registered authenticator
 * app, following the portal's first sign-in: check first (the vault's password and seed sign in with
 * MFA); sign in with the one-time password, or accept the invitation; set a new password (vault
 * first, then submit); Register MFA device → Authenticator app → show secret key (seed to the vault
 * first) → one code → Assign MFA → Done; sign out and back in with MFA; confirm the account and
 * permission set are listed.
 */
export async function registerPortalUserMfaSteps(ctx: PortalUserMfaContext): Promise<PortalUserMfaResult> {
  const { page, config, account, secrets, vault, log, evidence, clock } = ctx;
  const user = config.identityCenter.user;
  if (!user)
    throw new Error(
      `portal-user-mfa needs the Identity Center user of ${account.label}: set IDC_USER_NAME, IDC_USER_EMAIL, IDC_USER_GIVEN_NAME and IDC_USER_FAMILY_NAME`,
    );
  const { userName } = user;
  const who = `Identity Center user ${userName} of ${account.id ?? account.rootEmail}`;
  const vaultAccount = account.id ?? account.rootEmail;
  const checking = config.mode === 'check';
  // In check mode a changed page (or a locator that finds nothing) is reported as console drift of this runbook.
  const run = <T>(title: string, body: () => Promise<T>, opts?: StepOptions) =>
    runbookStep(evidence, title, checking ? () => checkStep('portal-user-mfa', evidence, body) : body, opts);
  const options = pageOptions(config);
  const signIn = new PortalSignInPage(page, secrets, who, options);
  const setPassword = new SetPasswordPage(page, secrets, who, options);
  const register = new RegisterMfaDevicePage(page, secrets, options);
  const home = new PortalHomePage(page, options);

  const located = await run('Find the AWS access portal URL', async () => {
    try {
      return await findPortal(ctx, userName, who);
    } catch (err) {
      // Check mode before identity-center has run: there is no portal page to check, and nothing to change.
      if (checking && err instanceof NotSetUpError) return err;
      throw err;
    }
  });
  if (located instanceof NotSetUpError) {
    evidence.record.details = { userName, notChecked: located.message };
    return checked(ctx, 'nothing: no access portal yet', located.message);
  }
  const portal = located;
  const details: Record<string, unknown> = { userName, portalUrl: portal.url, ...(portal.userId ? { userId: portal.userId } : {}) };
  evidence.record.details = details;

  const found = await run('Check whether the user already signs in with MFA', () => checkUser(ctx, portal, signIn, home, who));
  if (found.state === 'compliant') {
    details.accountsListed = found.accounts;
    evidence.record.result = 'already-compliant';
    evidence.record.verification = { source: "access portal sign-in with the vault's password and MFA seed", reason: found.reason };
    log.info({ reason: found.reason }, 'Already compliant: nothing changed');
    return { result: 'already-compliant', reason: found.reason };
  }

  let password: Secret;
  let passwordVaultFile: string | undefined;
  if (found.state === 'register') {
    password = found.password;
    log.warn("The vault's password signs in but no MFA device is registered (an earlier run stopped): going on to Register MFA device");
  } else {
    if (config.identityCenter.passwordDelivery === 'email') {
      await run('Open the invitation', () => openInvitation(ctx, setPassword, user.email, who));
    } else {
      await run('Sign in with the one-time password', async () => {
        const stored = await vault.latest('identity-center-one-time-password', vaultAccount, userName);
        if (!stored)
          throw new Error(
            `The vault holds no one-time password for ${who}: run identity-center first (it stores it), or choose IDC_PASSWORD_DELIVERY=email`,
          );
        await signIn.open(portal.url);
        const outcome = await signIn.signIn({ userName, password: secrets.hold('identity-center-one-time-password', stored.value) });
        if (outcome.kind === 'refused') {
          throw new Error(
            `The AWS access portal refused the one-time password of ${who} from ${stored.record.file}: "${outcome.message}" (used already, or replaced: an administrator can reset it, and identity-center store the new one)`,
          );
        }
        if (outcome.kind !== 'new-password')
          throw new Error(`Signing in as ${who} with the one-time password ended at "${outcome.kind}", not at "Set new password"`);
      });
    }
    const kind = await run('Open the set-password page', () => setPassword.waitUntilShown());
    if (checking) return checked(ctx, `the ${kind} page`);

    password = secrets.hold('portal-password', newPortalPassword());
    // On disk, encrypted, before the portal knows it: a crash after Set new password loses nothing.
    const stored = await run(
      'Store the new password in the vault',
      () => vault.store(password.reveal(), { kind: 'portal-password', account: vaultAccount, label: userName }),
      { browser: false },
    );
    passwordVaultFile = stored.file;
    details.passwordVaultFile = stored.file;
    log.info({ vaultFile: stored.file }, 'New portal password stored in the vault');
    await run('Set the new password', async () => {
      const outcome = await setPassword.setPassword(password);
      if (!outcome.ok) throw new Error(`The AWS access portal refused the new password of ${who}: "${outcome.message}"`);
    });
  }

  await run('Open Register MFA device', () => register.waitUntilShown());
  if (checking) return checked(ctx, 'Register MFA device');
  await run('Choose an authenticator app', () => register.chooseAuthenticatorApp());
  const captured = await run('Capture the secret key', () => register.revealSecret());
  const seed = secrets.hold('portal-mfa-seed', normalizeSecret(captured.reveal()));

  // The seed is on disk, encrypted, before the code that registers the device is submitted.
  const storedSeed = await run(
    'Store the MFA seed in the vault',
    () => vault.store(seed.reveal(), { kind: 'portal-mfa-seed', account: vaultAccount, label: userName }),
    { browser: false },
  );
  evidence.record.vaultFile = storedSeed.file;
  log.info({ vaultFile: storedSeed.file }, 'Portal MFA seed stored in the vault');

  const assigned = await run('Assign MFA with one authenticator code', () => assignMfa(ctx, register, seed, who));
  let registeredAt = assigned.step;
  if (assigned.unclear) {
    // The portal's answer was not recognised: the sign-in tells whether the device is registered with this seed.
    registeredAt = await run('Read whether the authenticator app is registered', () =>
      readRegistration(ctx, portal, signIn, password, seed, assigned, who),
    );
  } else {
    await run('Finish the MFA registration', async () => {
      await register.finish();
      await home.waitUntilShown();
    });
  }
  const deviceName = assigned.deviceName ?? 'Authenticator app';
  details.deviceName = deviceName;

  await run('Sign out and sign back in with MFA', async () => {
    await home.signOut();
    const again = await signIn.signIn({
      userName,
      password,
      // The registration code's step counts as used: the sign-in code must come from a later step.
      mfaCode: async () => secrets.hold('totp-code', (await codeAfter(seed.reveal(), registeredAt, clock)).code),
    });
    if (again.kind !== 'home')
      throw new Error(
        `Signing back in as ${who} with the new password and MFA ended at "${again.kind}"${again.kind === 'refused' ? `: "${again.message}"` : ''}`,
      );
  });

  details.accountsListed = await run('Confirm the account and permission set are listed', () => confirmListed(ctx, home, who));
  await run('Verify through the Identity Center APIs', () => verify(ctx, portal, userName, who), { browser: false });

  evidence.record.result = 'remediated';
  log.info({ deviceName }, 'Portal user has a password and MFA, and reaches the account');
  return { result: 'remediated', deviceName, seedVaultFile: storedSeed.file, ...(passwordVaultFile ? { passwordVaultFile } : {}) };
}

/**
 * Check first: when the vault holds a portal password (and seed) for the user, sign in with them.
 * Home with the account and permission set listed: compliant. The password refused: it was stored
 * but never set (an earlier run stopped), so start from the first sign-in. Register MFA device: the
 * password is set but no device registered, so register one.
 */
async function checkUser(
  ctx: PortalUserMfaContext,
  portal: Portal,
  signIn: PortalSignInPage,
  home: PortalHomePage,
  who: string,
): Promise<Found> {
  const { vault, secrets, account, config, clock, log } = ctx;
  const vaultAccount = account.id ?? account.rootEmail;
  const userName = config.identityCenter.user!.userName;
  const storedPassword = await vault.latest('portal-password', vaultAccount, userName);
  if (!storedPassword) return { state: 'first-sign-in' };
  const password = secrets.hold('portal-password', storedPassword.value);
  const storedSeed = await vault.latest('portal-mfa-seed', vaultAccount, userName);
  const seed = storedSeed && secrets.hold('portal-mfa-seed', storedSeed.value);
  await signIn.open(portal.url);
  const outcome = await signIn.signIn({
    userName,
    password,
    // A code from a step no earlier run can have used (on AWS this may wait up to 30 s).
    mfaCode: seed && (async () => secrets.hold('totp-code', (await codeAfter(seed.reveal(), stepOf(clock.now()), clock)).code)),
  });
  switch (outcome.kind) {
    case 'home': {
      if (!seed)
        throw new Error(
          `${who} signs in to the AWS access portal without MFA: require MFA at sign-in in the Identity Center settings, then run again`,
        );
      await home.waitUntilShown();
      const accounts = await confirmListed(ctx, home, who);
      return {
        state: 'compliant',
        reason: "the vault's password and MFA seed sign in, and the portal lists the account and permission set",
        accounts,
      };
    }
    case 'register-mfa':
      return { state: 'register', password };
    case 'refused':
      if (outcome.at === 'mfa')
        throw new Error(
          `The AWS access portal refused a code from the MFA seed in ${storedSeed!.record.file} for ${who}: "${outcome.message}"`,
        );
      log.warn(
        { vaultFile: storedPassword.record.file },
        "The portal refused the vault's newest password (stored, never set by an earlier run?): starting from the first sign-in",
      );
      return { state: 'first-sign-in' };
    case 'mfa-required':
      throw new Error(
        `${who} has an MFA device whose seed is not in the vault: an administrator must remove it (Identity Center console → Users → ${userName} → MFA devices) before this runbook registers one`,
      );
    case 'new-password':
      throw new Error(
        `The AWS access portal asks ${who} for a new password after the vault's password from ${storedPassword.record.file}: an administrator reset it; run identity-center again for a fresh one-time password`,
      );
  }
}

/** Opens the invitation: on the replica its link from the outbox; on AWS the operator opens it from the mail. */
async function openInvitation(ctx: PortalUserMfaContext, setPassword: SetPasswordPage, email: string, who: string): Promise<void> {
  const { account, secrets, handoff, config } = ctx;
  const replica = account.replica;
  if (!replica) {
    await handoff.waitForPerson({
      step: 'Open the invitation',
      who,
      instruction: `open the "Accept invitation" link of the mail IAM Identity Center sent to ${email}, in this browser window`,
      done: (timeout) => setPassword.heading().waitFor({ timeout }),
    });
    return;
  }
  const userName = config.identityCenter.user!.userName.toLowerCase();
  const mail = (await replica.handle.sideDoor.outbox(account.id!)).filter((m) => m.userName.toLowerCase() === userName).at(-1);
  if (!mail)
    throw new Error(`The replica's outbox holds no invitation for ${who}: run identity-center with IDC_PASSWORD_DELIVERY=email first`);
  // Whoever holds the link's token can set the user's password: it is a secret for the trace and the logs.
  const token = new URL(mail.link).searchParams.get('token');
  if (token) secrets.hold('identity-center-invitation-token', token);
  await setPassword.openInvitation(mail.link);
}

/**
 * One authenticator code, then "Assign MFA"; a refused code is followed by one from a later step, at
 * most MAX_CODES in all. An answer the page object does not recognise ends the loop as `unclear`:
 * no code is sent after it (the device may be registered already), the caller reads the state.
 */
async function assignMfa(
  ctx: PortalUserMfaContext,
  register: RegisterMfaDevicePage,
  seed: Secret,
  who: string,
): Promise<{ step: number; deviceName?: string; unclear?: string }> {
  const attempts: Array<{ step: number; outcome: string }> = [];
  (ctx.evidence.record.details ??= {}).codeAttempts = attempts;
  // The current step's code (codeAfter waits for the next step when this one is about to end).
  let code = await codeAfter(seed.reveal(), stepOf(ctx.clock.now()) - 1, ctx.clock);
  for (;;) {
    const outcome = await register.assignMfa(ctx.secrets.hold('totp-code', code.code));
    if (outcome.ok === 'unclear') {
      attempts.push({ step: code.step, outcome: 'unclear' });
      return { step: code.step, unclear: outcome.seen };
    }
    attempts.push({ step: code.step, outcome: outcome.ok ? 'accepted' : outcome.message });
    if (outcome.ok) return { step: code.step, ...(outcome.deviceName ? { deviceName: outcome.deviceName } : {}) };
    // The portal re-shows the set-up page with its refusal: the device was not registered, so a later code is safe to send.
    if (attempts.length >= MAX_CODES || !RETRYABLE.test(outcome.message)) {
      throw new Error(
        `Could not register an authenticator app for ${who}: the portal said "${outcome.message}" (${attempts.length} code${attempts.length === 1 ? '' : 's'} tried; the device is not registered and its seed is in the vault)`,
      );
    }
    ctx.log.warn(
      { portalSaid: outcome.message, attempt: attempts.length },
      'The portal refused the authenticator code: trying one from the next step',
    );
    code = await codeAfter(seed.reveal(), code.step, ctx.clock);
  }
}

/**
 * After "Assign MFA" with no answer the page object knows: reads the state by a fresh sign-in (the
 * portal's cookies dropped) with the password and a code from a later step of the seed. The home
 * means the device is registered with this seed: a done change, with a warning naming what was not
 * recognised. Register MFA device again means it is not; anything else stops, saying what it met.
 * Returns the step of the code the sign-in used.
 */
async function readRegistration(
  ctx: PortalUserMfaContext,
  portal: Portal,
  signIn: PortalSignInPage,
  password: Secret,
  seed: Secret,
  assigned: { step: number; unclear?: string },
  who: string,
): Promise<number> {
  const { page, secrets, clock, log, config } = ctx;
  await page.context().clearCookies();
  await signIn.open(portal.url);
  let used = assigned.step;
  const outcome = await signIn.signIn({
    userName: config.identityCenter.user!.userName,
    password,
    mfaCode: async () => {
      const next = await codeAfter(seed.reveal(), assigned.step, clock);
      used = next.step;
      return secrets.hold('totp-code', next.code);
    },
  });
  if (outcome.kind === 'home') {
    log.warn(
      { seen: assigned.unclear },
      "The portal's answer to Assign MFA was not recognised, but the sign-in with the vault's seed reaches the home: the authenticator app is registered",
    );
    (ctx.evidence.record.details ??= {}).warnings = [
      `Assign MFA: the portal's answer was not recognised (${assigned.unclear}); a sign-in with the stored seed shows the device registered`,
    ];
    return used;
  }
  if (outcome.kind === 'register-mfa') {
    throw new Error(
      `Could not register an authenticator app for ${who}: after "Assign MFA" the portal showed ${assigned.unclear}, and a new sign-in asks to register a device again (not registered; the password and seed are in the vault, a new run starts from Register MFA device)`,
    );
  }
  throw new Error(
    `After "Assign MFA" the portal showed ${assigned.unclear}, and a new sign-in as ${who} ended at "${outcome.kind}"${outcome.kind === 'refused' ? `: "${outcome.message}"` : ''}: whether the device is registered is not known (its seed is in the vault)`,
  );
}

/** The portal home lists this account (by id, when known) with the configured permission set. */
async function confirmListed(ctx: PortalUserMfaContext, home: PortalHomePage, who: string): Promise<PortalAccountView[]> {
  const permissionSet = ctx.config.identityCenter.permissionSet;
  const accounts = await home.listAccounts();
  const id = ctx.account.id;
  if (!accounts.some((a) => (!id || a.accountId === id) && a.permissionSets.includes(permissionSet))) {
    const listed =
      accounts.map((a) => `${a.accountId ?? 'an account'}: ${a.permissionSets.join(', ') || 'no permission sets'}`).join('; ') ||
      'no accounts';
    throw new Error(
      `${who} signs in with MFA, but the AWS access portal does not list ${permissionSet} on ${id ?? 'any account'} (it lists ${listed}): run identity-center to assign it`,
    );
  }
  return accounts;
}

function checked(ctx: PortalUserMfaContext, page: string, notChecked?: string): PortalUserMfaResult {
  ctx.evidence.record.result = 'checked';
  if (notChecked) ctx.log.warn({ reason: notChecked }, 'Check mode: no access portal page to check yet; nothing changed');
  else ctx.log.info({ stoppedAt: page }, 'Check mode: every page up to the first change has the expected shape; nothing changed');
  return { result: 'checked' };
}
