import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../../fixtures/runbook.ts';
import type { TargetAccount } from '../../fixtures/account.ts';
import { ConsoleDriftError } from '../../lib/drift/drift.ts';
import { OperatorNeededError } from '../../lib/run/handoff.ts';
import type { Account } from '../../replica/iam/model.ts';
import { deleteRootAccessKeys } from '../../runbooks/root-access-keys.ts';
import { assignRootMfa, type RootMfaContext } from '../../runbooks/root-mfa.ts';

/** Issue 15 on consoles the page objects were not written against: outcomes read from the state, checks and alerts named, bounded waits. */

const state = (account: TargetAccount) => account.replica!.handle.sideDoor.state<Account>(account.id!);
const warningsOf = (ctx: Pick<RootMfaContext, 'evidence'>) => (ctx.evidence.record.details?.warnings ?? []) as string[];

/** The seed in the vault file decrypts (age CLI) to the seed of the one enabled device. */
async function expectSeedInVault(ctx: RootMfaContext, vaultFile: string): Promise<void> {
  const enabled = (await state(ctx.account)).mfaDevices.filter((d) => d.enableDate);
  expect(enabled).toHaveLength(1);
  expect(execFileSync('age', ['-d', '-i', path.join(ctx.config.vaultDir, 'demo-identity.txt'), vaultFile]).toString()).toBe(
    enabled[0]!.seed,
  );
}

test.describe('a success notice in words the page object does not know', () => {
  test.describe('plain HTML console, notice as role=status, renamed', () => {
    test.use({
      replicaAccount: {
        markup: { transforms: ['plain-html', 'notice-status'] },
        drift: { renameLabel: [{ from: 'MFA device assigned.', to: 'Your changes were saved.' }] },
      },
    });
    test('still ends assigned, with the seed in the vault and a warning naming what was not recognised', async ({ runbook, evidence }) => {
      const ctx = runbook;
      const result = await assignRootMfa(ctx);
      expect(result.result).toBe('assigned');
      await expectSeedInVault(ctx, result.result === 'assigned' ? result.vaultFile : '');
      expect(warningsOf(ctx)).toEqual([
        expect.stringMatching(/did not confirm "Add MFA" in words this runbook knows .*"Your changes were saved\."/),
      ]);
      expect(evidence.record.result).toBe('assigned');
    });
  });

  test.describe('Cloudscape console, the flash reworded', () => {
    test('still ends assigned, with the seed in the vault and a warning', async ({ runbook, page }) => {
      // Stands in for a console whose success wording differs: every "MFA device assigned" text reads otherwise.
      await page.addInitScript(() => {
        const reword = (node: Node) => {
          if (node.nodeType === Node.TEXT_NODE && /MFA device assigned/.test(node.textContent ?? '')) node.textContent = 'All set';
          node.childNodes.forEach(reword);
        };
        new MutationObserver((records) =>
          records.forEach((r) => {
            reword(r.target);
            r.addedNodes.forEach(reword);
          }),
        ).observe(document, { subtree: true, childList: true, characterData: true });
      });
      const ctx = runbook;
      const result = await assignRootMfa(ctx);
      expect(result.result).toBe('assigned');
      await expectSeedInVault(ctx, result.result === 'assigned' ? result.vaultFile : '');
      expect(warningsOf(ctx)).toEqual([expect.stringMatching(/did not confirm "Add MFA"/)]);
    });
  });
});

test.describe('a security check only inside an iframe', () => {
  for (const point of ['after-email', 'after-password'] as const) {
    test.describe(point, () => {
      test.use({ replicaAccount: { faults: { securityCheck: point }, markup: { transforms: ['captcha-frame-only'] } } });
      test('a headless run stops at once, naming the security-check step and the account', async ({ runbook, account }) => {
        const started = Date.now();
        const error = await assignRootMfa(runbook).catch((e: Error) => e);
        expect(error).toBeInstanceOf(OperatorNeededError);
        expect((error as Error).message).toContain(
          `Sign in as root (security check ${point.replace('-', ' the ')}) for root of ${account.id} needs a person`,
        );
        // Recognised, not timed out as an unknown page.
        expect(Date.now() - started).toBeLessThan(9_000);
      });
    });
  }

  test.describe('with nothing on the page around the frame (no alert, no frame title)', () => {
    test.use({ replicaAccount: { faults: { securityCheck: 'after-email' }, markup: { transforms: ['captcha-frame-only'] } } });
    test('the check is found inside the frame and named', async ({ runbook, page, account }) => {
      // Strips every sign of the check from the page itself: only the frame's content can tell.
      await page.route(/\/signin(\?|$|\/)/, async (route) => {
        const response = await route.fetch();
        const type = response.headers()['content-type'] ?? '';
        if (!type.includes('text/html')) return route.fulfill({ response });
        const body = (await response.text())
          .replace(/<div role="alert">Complete the security check\.<\/div>/g, '')
          .replace(/ title="Security check"/g, '');
        return route.fulfill({ response, body });
      });
      const error = await assignRootMfa(runbook).catch((e: Error) => e);
      // The page around the frame really says nothing: no alert, and the frame has no title (CSS: a missing attribute has no role query).
      await expect(page.getByRole('alert')).toHaveCount(0);
      await expect(page.locator('iframe:not([title])')).toHaveCount(1);
      expect((error as Error).message).toContain(
        `Sign in as root (security check after the email) for root of ${account.id} needs a person`,
      );
    });
  });
});

test.describe('an alert the sign-in page object does not know', () => {
  for (const transforms of [[], ['notice-live'], ['notice-status']] as const) {
    test.describe(transforms.join(',') || 'as recorded', () => {
      test.use({
        replicaAccount: {
          markup: { transforms: [...transforms] },
          drift: {
            renameLabel: [
              {
                from: 'Your authentication information is incorrect. Please try again.',
                to: 'Sign-in is paused for this account (reference 4821).',
              },
            ],
          },
        },
      });
      test('is quoted in the error', async ({ runbook, account, secrets }) => {
        const wrong = { ...account, rootPassword: secrets.hold('root-password', 'Not-the-password-1!') };
        const error = await assignRootMfa({ ...runbook, account: wrong }).catch((e: Error) => e);
        expect((error as Error).message).toBe(
          `Could not sign in as root of ${account.id}: the console said "Sign-in is paused for this account (reference 4821)."`,
        );
      });
    });
  }
});

test.describe('Security credentials without an MFA section the page object knows', () => {
  test.use({ replicaAccount: { drift: { renameLabel: [{ from: 'Assign MFA device', to: 'Register an authenticator' }] } } });
  test('fails within the bound, naming the step, the page object and the locators tried', async ({ runbook, page, account }) => {
    const before = (await state(account)).mfaDevices;
    let started = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && /\/iam\//.test(frame.url())) started ||= Date.now();
    });
    const error = await assignRootMfa(runbook).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ConsoleDriftError);
    const details = (error as ConsoleDriftError).details;
    expect(details).toMatchObject({ pageObject: 'SecurityCredentialsPage', step: 'Find the MFA section on Security credentials' });
    expect(details.tried!.join('\n')).toContain('Assign MFA device');
    expect((error as Error).message).toContain('within 10 s');
    expect(details.unknownPage && existsSync(details.unknownPage)).toBe(true);
    // Generous on a loaded machine: the bound is 10 s, the old wait was the 15-minute test timeout.
    expect(Date.now() - started).toBeLessThan(25_000);
    expect((await state(account)).mfaDevices).toEqual(before);
  });
});

test.describe('a deactivation the console reports as failed, though it took', () => {
  test.use({ replicaAccount: { accessKeys: ['Active'] } });
  test('reads the key list, goes on to delete, and ends remediated with a warning', async ({ runbook, page, account, evidence }) => {
    // The change reaches the console's server, the answer does not: a proxy's 502 page in its place.
    await page.route('**/iam/service/deactivate', async (route) => {
      expect((await route.fetch()).ok()).toBe(true);
      await route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>Bad gateway</body></html>' });
    });
    const [key] = (await state(account)).accessKeys;
    const result = await deleteRootAccessKeys(runbook);
    expect(result).toEqual({ result: 'remediated', deleted: [key!.id] });
    expect((await state(account)).accessKeys).toEqual([]);
    expect(warningsOf({ evidence })).toEqual([expect.stringContaining(`the key list shows it Inactive: going on to delete it`)]);
  });
});
