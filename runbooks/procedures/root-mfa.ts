import type { Frame, Page } from '@playwright/test';
import { checkStep } from '../../lib/drift/drift.ts';
import { runbookStep, type StepOptions } from '../../lib/run/runbook-step.ts';
import type { Secret } from '../../lib/secrets/secrets.ts';
import { codeAfter, codeForStep, enrolmentCodes, normalizeSecret, type EnrolmentCodes } from '../../lib/secrets/totp.ts';
import type { RootMfaState } from '../../lib/aws/verify-iam.ts';
import { AssignMfaWizard, DeviceNameTakenError, LegacyMfaDialog } from '../../pages/iam/assign-mfa.wizard.ts';
import { ConsoleNav } from '../../pages/components/console-nav.ts';
import { SecurityCredentialsPage } from '../../pages/iam/security-credentials.page.ts';
import { SignInPage, type SignInOutcome } from '../../pages/signin/sign-in.page.ts';
import { apiOrConsole, pageOptions, type RunbookContext } from '../context.ts';

/** Everything the root-mfa runbook works with: the shared runbook context. */
export type RootMfaContext = RunbookContext;

/** How the run ended. */
export type RootMfaResult =
  { result: 'already-compliant'; reason: string } | { result: 'checked' } | { result: 'assigned'; deviceSerial: string; vaultFile: string };

/**
 * Assigns a virtual MFA device to the root user, following the console procedure:
 * check first; sign in; Security credentials → Assign MFA device → Authenticator app →
 * Show secret key; seed to the vault; MFA code 1/2 → Add MFA; verify; sign out and back in with MFA.
 */
export async function assignRootMfaSteps(ctx: RootMfaContext): Promise<RootMfaResult> {
  const restarts: string[] = [];
  for (;;) {
    try {
      return await attemptRootMfa(ctx);
    } catch (err) {
      if (!(err instanceof SessionExpiredError) || restarts.length >= MAX_RESTARTS) throw err;
      // Safe to start over: the procedure checks first, the seed of any device it enabled is in the vault,
      // and a device created but never enabled only takes its name.
      restarts.push(err.step);
      ctx.evidence.record.details = { ...ctx.evidence.record.details, sessionRestarts: restarts };
      ctx.log.warn({ step: err.step }, 'The console session ended mid-run: signing in again and starting over from the check');
    }
  }
}

/** Sessions lost mid-run that are recovered by starting over; one more is an error. */
const MAX_RESTARTS = 2;

/** The console sent the browser back to sign-in while the runbook was signed in. */
class SessionExpiredError extends Error {
  override name = 'SessionExpiredError';
  constructor(
    readonly step: string,
    who: string,
  ) {
    super(`The console session of ${who} ended during "${step}": the browser was sent back to sign-in`);
  }
}

async function attemptRootMfa(ctx: RootMfaContext): Promise<RootMfaResult> {
  const { page, config, account, secrets, vault, log, evidence, handoff } = ctx;
  const checking = config.mode === 'check';
  // In check mode a changed page (or a locator that finds nothing) is reported as console drift of this runbook.
  const run = <T>(title: string, body: () => Promise<T>, opts?: StepOptions) =>
    runbookStep(evidence, title, checking ? () => checkStep('root-mfa', evidence, body) : body, opts);
  // A signed-in step: fails fast with SessionExpiredError if the console returns to sign-in meanwhile.
  const signedInStep = <T>(title: string, body: () => Promise<T>) => run(title, () => whileSignedIn(page, title, account.label, body));
  // Check mode: each page is compared with its recorded shape on arrival (pages/__aria__).
  const signIn = new SignInPage(page, secrets, handoff, account.label, pageOptions(config));
  const credentials = new SecurityCredentialsPage(page, secrets, pageOptions(config));

  const before = await run('Check whether the root user already has MFA', () => readApi(ctx), { browser: false });
  if (before?.accountMfaEnabled) return compliant(ctx, 'the IAM API reports AccountMFAEnabled = 1', before);

  const signedIn = await run('Sign in as root', async () => {
    await credentials.open(account.consoleUrl);
    return signIn.signInAsRoot({
      email: account.rootEmail,
      password: account.rootPassword,
      landed: credentials.shown(),
      landedShape: () => credentials.checkShape(),
    });
  });
  if (signedIn.kind === 'mfa-required') return compliant(ctx, 'the console asks the root user for an MFA code at sign-in', before);

  const setup = await signedInStep('Open the MFA assignment', () => openAssignment(ctx, credentials, signedIn));
  if (typeof setup === 'string') return compliant(ctx, `the console already lists ${setup}`, before);

  if (config.mode === 'check') {
    // Next would create the virtual device (an account change): check the first step's shape and cancel.
    await run('Check the MFA assignment page and cancel', () => setup.checkShapeAndCancel());
    evidence.record.result = 'checked';
    log.info('Check mode: every page up to the first change has the expected shape; nothing changed');
    return { result: 'checked' };
  }

  const deviceName = await signedInStep('Choose an authenticator app', () => chooseAuthenticatorApp(ctx, setup));
  const captured = await signedInStep('Capture the secret key', () => setup.revealSecret());
  const seed = secrets.hold('root-mfa-seed', normalizeSecret(captured.reveal()));

  // The seed is on disk, encrypted, before the device can be enabled: a crash after Add MFA loses nothing.
  const stored = await run(
    'Store the seed in the vault',
    () => vault.store(seed.reveal(), { kind: 'root-mfa-seed', account: account.id ?? account.rootEmail, label: deviceName }),
    { browser: false },
  );
  evidence.record.vaultFile = stored.file;
  log.info({ vaultFile: stored.file }, 'Seed stored in the vault');

  const enrolment = await signedInStep('Add MFA with two consecutive codes', () => addMfa(ctx, setup, seed, deviceName));

  const deviceSerial = await signedInStep('Confirm the device is listed', async () => {
    // After an error that still enabled the device, the browser is left in the wizard: go to the list.
    // Asked as one locator (the page with its heading and no dialog in front): one browser call.
    const onList = page.locator('body').filter({ has: credentials.heading(), hasNot: page.getByRole('dialog') });
    if (!(await onList.isVisible())) await credentials.open(account.consoleUrl);
    await credentials.waitUntilShown();
    const serials = await credentials.listMfaSerials();
    const expected = `/${deviceName}`;
    const serial = serials.find((s) => s.endsWith(expected)) ?? (serials.length === 1 ? serials[0] : undefined);
    if (!serial)
      throw new Error(
        `Assigned MFA to ${account.label}, but Security credentials lists no device ending in "${expected}" (it lists: ${serials.join(', ') || 'none'})`,
      );
    return serial;
  });
  evidence.record.deviceSerial = deviceSerial;

  await run(
    'Verify through the IAM API',
    async () => {
      const after = await readApi(ctx);
      evidence.record.verification = after
        ? { source: 'iam:GetAccountSummary, iam:ListVirtualMFADevices', ...after }
        : { skipped: 'no IAM API access configured' };
      if (!after) return;
      if (!after.accountMfaEnabled)
        throw new Error(`IAM reports AccountMFAEnabled = 0 for ${account.label} after the console assigned ${deviceSerial}`);
      if (!after.rootVirtualDevices.some((d) => d.serialNumber === deviceSerial)) {
        throw new Error(`IAM lists no virtual device ${deviceSerial} whose user is the root of ${account.label}`);
      }
    },
    { browser: false },
  );

  await run('Sign out and sign back in with MFA', async () => {
    await new ConsoleNav(page).signOut();
    await credentials.open(account.consoleUrl);
    const again = await signIn.signInAsRoot({
      email: account.rootEmail,
      password: account.rootPassword,
      landed: credentials.shown(),
      // Codes used for enrolment count as used: the sign-in code must come from a later step.
      mfaCode: async () => secrets.hold('totp-code', (await codeAfter(seed.reveal(), enrolment.step, ctx.clock)).code),
    });
    if (again.kind !== 'console') throw new Error(`Signing back in as ${account.label} with the new device ended at "${again.kind}"`);
    await credentials.waitUntilShown();
  });

  evidence.record.result = 'assigned';
  log.info({ deviceSerial }, 'Root MFA assigned and verified');
  return { result: 'assigned', deviceSerial, vaultFile: stored.file };
}

async function openAssignment(
  ctx: RootMfaContext,
  credentials: SecurityCredentialsPage,
  signedIn: SignInOutcome,
): Promise<AssignMfaWizard | LegacyMfaDialog | string> {
  if (signedIn.kind === 'forced-mfa') {
    await signedIn.prompt.registerNow();
    const wizard = new AssignMfaWizard(ctx.page, ctx.secrets, pageOptions(ctx.config));
    await wizard.opened().or(credentials.heading()).first().waitFor();
    if (await wizard.isOpen()) {
      await wizard.waitUntilShown();
      return wizard;
    }
  }
  await credentials.waitUntilShown();
  const serials = await credentials.listMfaSerials();
  if (serials.length) return serials.join(', ');
  return credentials.startAssignMfa();
}

/** Runs `body`, failing fast with SessionExpiredError if the main frame lands on a sign-in page meanwhile. */
async function whileSignedIn<T>(page: Page, step: string, who: string, body: () => Promise<T>): Promise<T> {
  let onNavigate: (frame: Frame) => void = () => undefined;
  const lost = new Promise<never>((_resolve, reject) => {
    onNavigate = (frame) => {
      if (frame !== page.mainFrame()) return;
      const url = new URL(frame.url());
      if (/\/(signin|oauth)\b/.test(url.pathname) || url.hostname.startsWith('signin.')) reject(new SessionExpiredError(step, who));
    };
  });
  page.on('framenavigated', onNavigate);
  try {
    return await Promise.race([body(), lost]);
  } finally {
    page.off('framenavigated', onNavigate);
  }
}

/** Refusals worth a fresh pair of codes: the codes (clock skew) or a passing server fault. */
const RETRYABLE = /not valid|internal error|try again|service failure/i;
/** Code pairs tried at most; each comes from a later step than the last, so a refused pair is never sent again. */
const MAX_CODE_PAIRS = 3;

/** The legacy dialog has no name field; the console names the device itself. */
const LEGACY_DEVICE_NAME = 'root-account-mfa-device';
/** Names tried after the configured one when it is taken, e.g. by a device a crashed run created but never enabled. */
const NAME_SUFFIXES = ['', '-2', '-3'];

async function chooseAuthenticatorApp(ctx: RootMfaContext, setup: AssignMfaWizard | LegacyMfaDialog): Promise<string> {
  if (setup instanceof LegacyMfaDialog) {
    await setup.chooseAuthenticatorApp();
    return LEGACY_DEVICE_NAME;
  }
  for (const [i, suffix] of NAME_SUFFIXES.entries()) {
    const name = `${ctx.config.mfaDeviceName}${suffix}`;
    try {
      await setup.chooseAuthenticatorApp(name);
      return name;
    } catch (err) {
      if (!(err instanceof DeviceNameTakenError) || i === NAME_SUFFIXES.length - 1) throw err;
      ctx.log.warn({ deviceName: name }, 'That device name is taken (a device created but never enabled keeps it): trying the next name');
    }
  }
  throw new Error('unreachable');
}

async function addMfa(ctx: RootMfaContext, setup: AssignMfaWizard | LegacyMfaDialog, seed: Secret, name: string): Promise<EnrolmentCodes> {
  const attempts: Array<{ step: number; outcome: string }> = [];
  ctx.evidence.record.details = { ...ctx.evidence.record.details, codeAttempts: attempts };
  let codes = await enrolmentCodes(seed.reveal(), ctx.clock);
  for (;;) {
    const outcome = await setup.submitCodes(ctx.secrets.hold('totp-code', codes.code1), ctx.secrets.hold('totp-code', codes.code2));
    attempts.push({
      step: codes.step,
      outcome: outcome.ok === true ? 'accepted' : outcome.ok === false ? outcome.message : `unclear: ${outcome.seen}`,
    });
    if (outcome.ok === true) {
      await setup.finish();
      return codes;
    }
    // Never retry a mutating step blindly, nor call it failed unseen: first learn whether the device was enabled anyway.
    if (await deviceEnabled(ctx, name)) {
      const warning =
        outcome.ok === false
          ? `The console reported an error after "Add MFA" ("${outcome.message}"), but the device ${name} is enabled and its seed is in the vault: not submitting again`
          : `The console did not confirm "Add MFA" in words this runbook knows (${outcome.seen}), but the device ${name} is enabled and its seed is in the vault`;
      warn(ctx, warning);
      return codes;
    }
    if (outcome.ok === 'unclear') {
      throw new Error(
        `Could not assign MFA to ${ctx.account.label}: the console neither confirmed nor refused "Add MFA" (${outcome.seen}), and no device ${name} is enabled; its seed is in the vault`,
      );
    }
    if (attempts.length >= MAX_CODE_PAIRS || !RETRYABLE.test(outcome.message)) {
      throw new Error(
        `Could not assign MFA to ${ctx.account.label}: the console said "${outcome.message}" (${attempts.length} code pair${attempts.length === 1 ? '' : 's'} tried; the device is not enabled and its seed is in the vault)`,
      );
    }
    ctx.log.warn(
      { consoleSaid: outcome.message, attempt: attempts.length },
      'The console refused the codes and the device is not enabled: trying a fresh pair from the next step',
    );
    const next = await codeAfter(seed.reveal(), codes.step, ctx.clock);
    codes = { code1: codeForStep(seed.reveal(), next.step - 1), code2: next.code, step: next.step };
  }
}

/** Logs a warning and records it in the evidence (`details.warnings`): what the run met but did not recognise. */
function warn(ctx: RootMfaContext, warning: string): void {
  ctx.log.warn(warning);
  const earlier = (ctx.evidence.record.details?.warnings ?? []) as string[];
  ctx.evidence.record.details = { ...ctx.evidence.record.details, warnings: [...earlier, warning] };
}

/** Whether the root now has an enabled device of this name: through the API, else on a second page. */
async function deviceEnabled(ctx: RootMfaContext, name: string): Promise<boolean> {
  const state = await readApi(ctx);
  if (state) return state.rootVirtualDevices.some((d) => d.serialNumber.endsWith(`/${name}`));
  const page = await ctx.page.context().newPage();
  try {
    const credentials = new SecurityCredentialsPage(page, ctx.secrets);
    await credentials.open(ctx.account.consoleUrl);
    await credentials.waitUntilShown();
    return (await credentials.listMfaSerials()).some((s) => s.endsWith(`/${name}`));
  } finally {
    await page.close();
  }
}

/** Reads root MFA state through the API; undefined on AWS when no API credentials are available. */
async function readApi(ctx: RootMfaContext): Promise<RootMfaState | undefined> {
  const { iam } = ctx;
  return iam ? apiOrConsole(ctx, 'IAM API', () => iam.rootMfa()) : undefined;
}

function compliant(ctx: RootMfaContext, reason: string, state: RootMfaState | undefined): RootMfaResult {
  ctx.evidence.record.result = 'already-compliant';
  ctx.evidence.record.verification = state
    ? { source: 'iam:GetAccountSummary, iam:ListVirtualMFADevices', ...state }
    : { source: 'console', reason };
  ctx.evidence.record.deviceSerial = state?.rootVirtualDevices[0]?.serialNumber;
  ctx.log.info({ reason }, 'Already compliant: nothing changed');
  return { result: 'already-compliant', reason };
}
