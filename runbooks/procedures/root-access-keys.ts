import { checkStep } from '../../lib/drift/drift.ts';
import { runbookStep, type StepOptions } from '../../lib/run/runbook-step.ts';
import { AccessKeysSection, type AccessKey } from '../../pages/iam/access-keys.section.ts';
import { SecurityCredentialsPage } from '../../pages/iam/security-credentials.page.ts';
import { SignInPage } from '../../pages/signin/sign-in.page.ts';
import { apiOrConsole, pageOptions, type RunbookContext } from '../context.ts';

/** What the run did to one key, as recorded in the evidence (`details.keys`). */
export interface KeyRecord {
  id: string;
  statusBefore: AccessKey['status'];
  action: 'none' | 'deactivated' | 'deleted';
}

/** How the run ended. */
export type RootAccessKeysResult =
  { result: 'already-compliant'; reason: string } | { result: 'checked'; keys: string[] } | { result: 'remediated'; deleted: string[] };

/**
 * Deletes every access key of the root user, following the console procedure: check first; sign in;
 * Security credentials → Access keys → for each key: Deactivate (when active), Delete with the key
 * ID typed to confirm; verify through the IAM API that none remains.
 */
export async function deleteRootAccessKeysSteps(ctx: RunbookContext): Promise<RootAccessKeysResult> {
  const { page, config, account, secrets, log, evidence, handoff } = ctx;
  const checking = config.mode === 'check';
  // In check mode a changed page (or a locator that finds nothing) is reported as console drift of this runbook.
  const run = <T>(title: string, body: () => Promise<T>, opts?: StepOptions) =>
    runbookStep(evidence, title, checking ? () => checkStep('root-access-keys', evidence, body) : body, opts);
  // Check mode: each page is compared with its recorded shape on arrival (pages/__aria__).
  const signIn = new SignInPage(page, secrets, handoff, account.label, pageOptions(config));
  const credentials = new SecurityCredentialsPage(page, secrets, pageOptions(config));
  const section = new AccessKeysSection(page, () => credentials.generation(), account.label, pageOptions(config));

  const before = await run('Check whether the root user has access keys', () => readApi(ctx), { browser: false });
  if (before === false) return compliant(ctx, 'api', 'the IAM API reports AccountAccessKeysPresent = 0');

  await run('Sign in as root', async () => {
    await credentials.open(account.consoleUrl);
    // A root with MFA: the operator types the code (headed); a headless run stops there, naming the step.
    const signedIn = await signIn.signInAsRoot({
      email: account.rootEmail,
      password: account.rootPassword,
      mfaByOperator: true,
      landed: credentials.shown(),
      landedShape: () => credentials.checkShape(),
    });
    if (signedIn.kind === 'forced-mfa') {
      if (!(await signedIn.prompt.canSkip())) {
        throw new Error(
          `The console makes ${account.label} register an MFA device before anything else: run root-mfa first, then root-access-keys`,
        );
      }
      await signedIn.prompt.skip();
    }
  });

  const keys = await run('List the access keys', async () => {
    await credentials.waitUntilShown();
    return section.listKeys();
  });
  const records: KeyRecord[] = keys.map((k) => ({ id: k.id, statusBefore: k.status, action: 'none' }));
  evidence.record.details = { ...evidence.record.details, keys: records };
  if (!keys.length) return compliant(ctx, 'console', 'Security credentials lists no access key');

  if (checking) {
    // Deactivate and Delete both change the account: check the dialog's shape and cancel.
    await run('Check the Delete dialog and cancel', () => section.checkDeleteDialogAndCancel(keys[0]!));
    evidence.record.result = 'checked';
    log.info({ keys: keys.map((k) => k.id) }, 'Check mode: the access keys and the Delete dialog have the expected shape; nothing changed');
    return { result: 'checked', keys: keys.map((k) => k.id) };
  }

  for (const [i, key] of keys.entries()) {
    const record = records[i]!;
    await run(key.status === 'Active' ? `Deactivate and delete access key ${key.id}` : `Delete access key ${key.id}`, async () => {
      let alreadyGone = false;
      if (key.status === 'Active') {
        try {
          await section.deactivate(key.id);
          record.action = 'deactivated';
        } catch (err) {
          // Not "failed" unseen: the key list says whether the deactivation took (or the key is gone).
          const now = await reread(ctx, credentials, section, key, err as Error);
          if (now === 'Inactive') {
            record.action = 'deactivated';
            warn(
              ctx,
              `Deactivating access key ${key.id} ended without an answer this runbook knows ("${(err as Error).message.split('\n')[0]}"), but the key list shows it Inactive: going on to delete it`,
            );
          } else if (now === 'gone') {
            alreadyGone = true;
            warn(ctx, `Deactivating access key ${key.id} ended without an answer this runbook knows, but the key is gone`);
          } else {
            await confirmGoneAfterError(ctx, credentials, section, key, records, err as Error);
          }
        }
      }
      if (!alreadyGone) {
        try {
          await section.delete(key.id);
        } catch (err) {
          await confirmGoneAfterError(ctx, credentials, section, key, records, err as Error);
        }
      }
      record.action = 'deleted';
      log.info({ accessKeyId: key.id, statusBefore: key.status }, 'Access key deleted');
    });
  }

  await run('Confirm Security credentials lists no access key', async () => {
    const left = await section.listKeys();
    if (left.length)
      throw new Error(
        `Deleted ${keys.map((k) => k.id).join(', ')} of ${account.label}, yet Security credentials still lists ${describe(left)}`,
      );
  });

  await run(
    'Verify through the IAM API',
    async () => {
      const present = await readApi(ctx);
      evidence.record.verification =
        present === undefined
          ? { skipped: 'no IAM API access configured' }
          : { source: 'iam:GetAccountSummary', accountAccessKeysPresent: present, checkedAt: new Date().toISOString() };
      if (present)
        throw new Error(
          `IAM reports AccountAccessKeysPresent = 1 for ${account.label} after the console deleted ${keys.map((k) => k.id).join(', ')}`,
        );
    },
    { browser: false },
  );

  evidence.record.result = 'remediated';
  log.info({ deleted: keys.map((k) => k.id) }, 'Root access keys deleted and verified');
  return { result: 'remediated', deleted: keys.map((k) => k.id) };
}

/**
 * After the console refused a change, reads the page again instead of retrying: returns when the key
 * is gone after all; otherwise records what remains and throws an error naming the key that remains,
 * the other keys' state and what this run deleted before.
 */
async function confirmGoneAfterError(
  ctx: RunbookContext,
  credentials: SecurityCredentialsPage,
  section: AccessKeysSection,
  key: AccessKey,
  records: KeyRecord[],
  err: Error,
): Promise<void> {
  let remaining: AccessKey[];
  try {
    await credentials.open(ctx.account.consoleUrl);
    await credentials.waitUntilShown();
    remaining = await section.listKeys();
  } catch (reread) {
    throw new Error(
      `${err.message}. Reading Security credentials again to learn whether access key ${key.id} remains failed too: ${(reread as Error).message.split('\n')[0]}`,
      { cause: reread },
    );
  }
  const still = remaining.find((k) => k.id === key.id);
  if (!still) {
    ctx.log.warn(
      { accessKeyId: key.id, consoleSaid: err.message.split('\n')[0] },
      'The console reported an error, but the access key is gone: not trying again',
    );
    return;
  }
  const others = remaining.filter((k) => k.id !== key.id);
  const deleted = records.filter((r) => r.action === 'deleted').map((r) => r.id);
  ctx.evidence.record.details = { ...ctx.evidence.record.details, remaining };
  const message =
    `${err.message.split('\n')[0]}. Access key ${key.id} remains (${still.status})` +
    `${others.length ? `; also still present: ${describe(others)}` : ''}` +
    `. Deleted in this run before it: ${deleted.join(', ') || 'none'}.`;
  ctx.evidence.record.error = message;
  throw new Error(message, { cause: err });
}

/** After a change whose outcome was unclear: the key's status as Security credentials lists it now, or 'gone'. */
async function reread(
  ctx: RunbookContext,
  credentials: SecurityCredentialsPage,
  section: AccessKeysSection,
  key: AccessKey,
  err: Error,
): Promise<AccessKey['status'] | 'gone'> {
  try {
    await credentials.open(ctx.account.consoleUrl);
    await credentials.waitUntilShown();
    return (await section.listKeys()).find((k) => k.id === key.id)?.status ?? 'gone';
  } catch (again) {
    throw new Error(
      `${err.message.split('\n')[0]}. Reading Security credentials again to learn the state of access key ${key.id} failed too: ${(again as Error).message.split('\n')[0]}`,
      { cause: again },
    );
  }
}

/** Logs a warning and records it in the evidence (`details.warnings`): what the run met but did not recognise. */
function warn(ctx: RunbookContext, warning: string): void {
  ctx.log.warn(warning);
  const earlier = (ctx.evidence.record.details?.warnings ?? []) as string[];
  ctx.evidence.record.details = { ...ctx.evidence.record.details, warnings: [...earlier, warning] };
}

const describe = (keys: AccessKey[]): string => keys.map((k) => `${k.id} (${k.status})`).join(', ');

/** Whether the root has access keys, through the API; undefined on AWS when no API credentials are available. */
async function readApi(ctx: RunbookContext): Promise<boolean | undefined> {
  const { iam } = ctx;
  return iam ? apiOrConsole(ctx, 'IAM API', () => iam.rootAccessKeysPresent()) : undefined;
}

function compliant(ctx: RunbookContext, source: 'api' | 'console', reason: string): RootAccessKeysResult {
  ctx.evidence.record.result = 'already-compliant';
  ctx.evidence.record.details = { ...ctx.evidence.record.details, keys: [] };
  ctx.evidence.record.verification =
    source === 'api'
      ? { source: 'iam:GetAccountSummary', accountAccessKeysPresent: false, checkedAt: new Date().toISOString() }
      : { source: 'console', reason };
  ctx.log.info({ reason }, 'Already compliant: nothing changed');
  return { result: 'already-compliant', reason };
}
