import { expect, test } from '../../fixtures/runbook.ts';
import { ConsoleDriftError, type DriftDetails } from '../../lib/drift/drift.ts';
import type { AccountOptions, ConsoleDrift } from '../../replica/contract.ts';
import { assignRootMfa } from '../../runbooks/root-mfa.ts';
import { accountBytes, checkMode } from './helpers.ts';

/**
 * Each kind of change the replica can make to a page (side door drift) makes check mode fail with
 * a ConsoleDriftError that names the runbook, the page object, the recorded shape or locator, and
 * shows the difference; the account is left as it was.
 */

interface Case {
  title: string;
  account?: Omit<AccountOptions, 'drift'>;
  drift: ConsoleDrift;
  expected: Partial<DriftDetails>;
  /** Lines the difference must show. */
  diff: string[];
}

const WIZARD = 'pages/__aria__/assign-mfa-select-device.aria.yml';
const LEGACY_DIALOG = 'pages/__aria__/manage-mfa-device.aria.yml';

const cases: Case[] = [
  {
    title: 'a renamed option ("Authenticator app" → "Authenticator application")',
    drift: { renameLabel: [{ from: 'Authenticator app', to: 'Authenticator application' }] },
    expected: { pageObject: 'AssignMfaWizard', snapshot: WIZARD },
    diff: ['- radio "Authenticator app"', '+ radio "Authenticator application"'],
  },
  {
    title: 'reordered wizard steps',
    drift: { reorderWizardSteps: true },
    expected: { pageObject: 'AssignMfaWizard', snapshot: WIZARD },
    diff: ['- heading "Select MFA device" [level=1]', '+ heading "Set up device" [level=1]'],
  },
  {
    title: 'a dropped field ("Device name")',
    drift: { dropField: 'Device name' },
    expected: { pageObject: 'AssignMfaWizard', snapshot: WIZARD },
    diff: ['- textbox "Device name"'],
  },
  {
    title: 'a new required field',
    drift: { addRequiredField: 'Device owner' },
    expected: { pageObject: 'AssignMfaWizard', snapshot: WIZARD },
    diff: ['+ textbox "Device owner"'],
  },
  {
    title: 'a renamed sign-in label ("Password" → "Root password")',
    drift: { renameLabel: [{ from: 'Password', to: 'Root password' }] },
    expected: { pageObject: 'SignInPage', snapshot: 'pages/__aria__/sign-in-password.aria.yml' },
    diff: ['- textbox "Password"', '+ textbox "Root password"'],
  },
  {
    title: 'the forced-MFA prompt with a renamed button',
    account: { forcedMfaPrompt: true },
    drift: { renameLabel: [{ from: 'Register MFA device', to: 'Set up MFA' }] },
    expected: { pageObject: 'ForcedMfaPrompt', snapshot: 'pages/__aria__/sign-in-forced-mfa.aria.yml' },
    diff: ['- button "Register MFA device"', '+ button "Set up MFA"'],
  },
  {
    // ("Authenticator app" would be a §7 variant of the same option: not drift, see below.)
    title: 'the legacy dialog with a renamed option',
    account: { generation: 'legacy' },
    drift: { renameLabel: [{ from: 'Virtual MFA device', to: 'Software token' }] },
    expected: { pageObject: 'LegacyMfaDialog', snapshot: LEGACY_DIALOG },
    diff: ['- radio "Virtual MFA device"', '+ radio "Software token"'],
  },
  {
    title: 'the legacy dialog with a new required field',
    account: { generation: 'legacy' },
    drift: { addRequiredField: 'Device owner' },
    expected: { pageObject: 'LegacyMfaDialog', snapshot: LEGACY_DIALOG },
    diff: ['+ textbox "Device owner"'],
  },
];

for (const c of cases) {
  test.describe(`root-mfa check mode meets ${c.title}`, () => {
    test.use({ replicaAccount: { ...c.account, drift: c.drift } });
    test('fails as console drift naming the page object, with the difference, and changes nothing', async ({
      runbook,
      config,
      account,
      evidence,
    }) => {
      const before = await accountBytes(account);
      const error = await assignRootMfa({ ...runbook, config: checkMode(config) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConsoleDriftError);
      const { details, message } = error as ConsoleDriftError;
      expect(details).toMatchObject({ runbook: 'root-mfa', ...c.expected });
      for (const line of c.diff) expect(details.diff).toContain(line);
      expect(message).toContain(`Console drift on ${c.expected.pageObject} (root-mfa)`);
      // The report never carries the account's id or email.
      expect(details.diff).not.toContain(account.id!);
      expect(details.diff).not.toContain(account.rootEmail);
      expect(evidence.record.steps.at(-1)).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Console drift') });
      // The record tells drift apart from a failed run.
      expect(evidence.record.result).toBe('drift');
      expect(await accountBytes(account)).toBe(before);
    });
  });
}

test.describe('root-mfa check mode waits SHAPE_TIMEOUT_SECONDS for a changed page', () => {
  test.use({ replicaAccount: { drift: { renameLabel: [{ from: 'Password', to: 'Root password' }] } } });
  for (const seconds of [2, 4]) {
    test(`${seconds} s: the page object is given that bound, then the page counts as changed`, async ({ runbook, config }) => {
      const error = await assignRootMfa({ ...runbook, config: { ...checkMode(config), shapeTimeoutMs: seconds * 1000 } }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConsoleDriftError);
      expect((error as ConsoleDriftError).details).toMatchObject({ runbook: 'root-mfa', pageObject: 'SignInPage' });
      // The retried comparison (lib/drift/drift.ts expectShape) gave up at the configured bound.
      expect(((error as Error).cause as Error).message).toContain(`Timeout ${seconds * 1000}ms exceeded`);
    });
  }
});

test.describe('root-mfa check mode meets a renamed control outside any recorded shape', () => {
  // "Activate MFA" sits in a section that is collapsed when the legacy page's shape is checked.
  test.use({
    replicaAccount: { generation: 'legacy', drift: { renameLabel: [{ from: 'Activate MFA', to: 'Set up MFA' }] } },
    actionTimeout: 3_000,
  });
  test('the locator that found nothing is reported as drift of its page object', async ({ runbook, config, account, evidence }) => {
    const before = await accountBytes(account);
    const error = await assignRootMfa({ ...runbook, config: checkMode(config) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleDriftError);
    const { details } = error as ConsoleDriftError;
    expect(details).toMatchObject({ runbook: 'root-mfa', pageObject: 'SecurityCredentialsPage' });
    expect(details.locator).toContain('Activate MFA');
    expect(details.snapshot).toBeUndefined();
    expect(evidence.record.result).toBe('drift');
    expect(await accountBytes(account)).toBe(before);
  });
});

test.describe('root-mfa check mode meets a label variant of console-facts §7', () => {
  // Another era's name of the same option, and a sign-in button in other case: the same meaning, so no drift.
  test.use({
    replicaAccount: {
      generation: 'legacy',
      drift: {
        renameLabel: [
          { from: 'Virtual MFA device', to: 'Authenticator app' },
          { from: 'Sign in', to: 'Sign In' },
        ],
      },
    },
  });
  test('passes: the recorded shapes hold through the variants', async ({ runbook, config }) => {
    const result = await assignRootMfa({ ...runbook, config: checkMode(config) });
    expect(result).toEqual({ result: 'checked' });
  });
});

test.describe('drift on one account', () => {
  test.use({ replicaAccount: { drift: { renameLabel: [{ from: 'Authenticator app', to: 'Authenticator application' }] } } });
  test('leaves other accounts and run mode alone: a fresh account still passes, and the side door clears it', async ({
    runbook,
    config,
    account,
  }) => {
    const sideDoor = account.replica!.handle.sideDoor;
    expect(await sideDoor.setDrift(account.id!, { renameLabel: null })).toEqual({});
    const result = await assignRootMfa({ ...runbook, config: checkMode(config) });
    expect(result).toEqual({ result: 'checked' });
  });
});
