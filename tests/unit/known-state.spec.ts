import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ConsoleDriftError, redactUnknownPagesWith, UNKNOWN_PAGE_FILE, unknownPage } from '../../lib/drift/drift.ts';
import { waitForKnownState } from '../../lib/drift/known-state.ts';

const where = { pageObject: 'SignInPage', step: 'Sign in as root' };

test.describe('waitForKnownState', () => {
  test('returns the state that shows, whichever comes first, and prefers `order` when two show', async ({ page }) => {
    await page.setContent('<main><h1>Root user sign in</h1><button>Next</button></main>');
    const states = {
      password: page.getByRole('textbox', { name: 'Password' }),
      email: page.getByRole('heading', { name: 'Root user sign in' }),
      next: page.getByRole('button', { name: 'Next' }),
    };
    expect(await waitForKnownState(page, where, states)).toBe('email');
    expect(await waitForKnownState(page, where, states, { order: ['next'] })).toBe('next');
  });

  test('waits for a state that arrives late, and in a frame', async ({ page }) => {
    await page.setContent('<main><p>Loading</p></main>');
    const late = page.evaluate(() =>
      setTimeout(() => {
        document
          .querySelector('main')!
          .insertAdjacentHTML('beforeend', '<iframe srcdoc="<p>Solve the puzzle</p><button>Verify</button>"></iframe>');
      }, 300),
    );
    const states = {
      signedIn: page.getByRole('heading', { name: 'Console Home' }),
      captcha: page.frameLocator('iframe').getByRole('button', { name: 'Verify' }),
    };
    await late;
    expect(await waitForKnownState(page, where, states, { timeoutMs: 5_000 })).toBe('captcha');
  });

  test('a hidden match is not a state', async ({ page }) => {
    await page.setContent('<main><button hidden>Next</button><button>Sign in</button></main>');
    const states = {
      next: page.getByRole('button', { name: 'Next', includeHidden: true }),
      signIn: page.getByRole('button', { name: 'Sign in' }),
    };
    expect(await waitForKnownState(page, where, states)).toBe('signIn');
  });

  test('an unknown page: drift naming the step, the page object and every locator, with the page saved scrubbed and redacted', async ({
    page,
  }) => {
    const password = 'hunter2-Correct-Horse-Battery';
    redactUnknownPagesWith(page.context(), { known: () => [{ kind: 'root-password', value: password }] });
    await page.setContent(`<main><h1>Welcome back, root+123456789012@example.com</h1>
      <p>Account 123456789012</p><p>Your password hint: ${password}</p><button>Continue</button></main>`);
    const states = {
      email: page.getByRole('textbox', { name: 'Root user email address' }),
      password: page.getByRole('textbox', { name: 'Password' }),
    };
    const started = Date.now();
    const err = await waitForKnownState(page, where, states, { timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(err).toBeInstanceOf(ConsoleDriftError);
    const drift = err as ConsoleDriftError;
    expect(drift.message).toContain('Console drift on SignInPage');
    expect(drift.message).toContain('step "Sign in as root"');
    expect(drift.message).toContain('none of these showed within 1 s');
    expect(drift.message).toContain("getByRole('textbox', { name: 'Root user email address' })");
    expect(drift.message).toContain('button "Continue"');
    expect(drift.details.tried).toHaveLength(2);
    expect(drift.details.unknownPage).toContain(UNKNOWN_PAGE_FILE);
    const saved = await readFile(path.join(test.info().outputPath('bundle'), UNKNOWN_PAGE_FILE), 'utf8');
    expect(saved).toContain('heading "Welcome back, <email>"');
    expect(saved).toContain('Account <account-id>');
    expect(saved).toContain('[REDACTED root-password]');
    for (const text of [saved, drift.message]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain('123456789012');
    }
    expect(test.info().attachments.map((a) => a.name)).toContain('console-drift');
  });

  test('unknownPage quotes locators given as text and strips the query of the URL', async ({ page }) => {
    await page.route('https://console.invalid/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<main><h1>Odd</h1></main>' }),
    );
    await page.goto('https://console.invalid/invite?token=SECRETTOKEN123');
    const err = (await unknownPage(page, where, ['the success notice']).catch((e: unknown) => e)) as ConsoleDriftError;
    expect(err.message).toContain('at https://console.invalid/invite, none of these showed');
    expect(err.message).not.toContain('SECRETTOKEN123');
    expect(err.details.tried).toEqual(['the success notice']);
  });
});
