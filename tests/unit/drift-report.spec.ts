import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { shapeDiff } from '../../lib/drift/aria-diff.ts';
import { shapeMatch } from '../../lib/drift/shape-match.ts';
import { scrubTemplate, scrubText, sensitiveIn } from '../../lib/drift/aria-scrub.ts';
import { EXIT, errorName, exitCodeFor, type RunSummaryFile } from '../../lib/run/run-summary.ts';
import { REPO, run } from '../helpers/spawn.ts';

const TEMPLATE = `# a comment
- main:
  - /children: equal
  - heading "Select MFA device" [level=1]
  - textbox "Device name"
  - radiogroup "Select MFA device":
    - radio "Authenticator app"
  - button "Next"`;

test.describe('shapeDiff', () => {
  test('names the entry that went and the one in its place', () => {
    const page = `- main:
  - heading "Select MFA device" [level=1]
  - textbox "Device name"
  - radiogroup "Select MFA device":
    - radio "Passkey or security key" [checked]
    - radio "Authenticator application"
  - button "Next"`;
    expect(shapeDiff(TEMPLATE, page)).toEqual(['- radio "Authenticator app"', '+ radio "Authenticator application"']);
  });

  test('names a new control in a container pinned with /children: equal', () => {
    const page = `- main:
  - heading "Select MFA device" [level=1]
  - textbox "Device name"
  - text: Device owner
  - textbox "Device owner"
  - radiogroup "Select MFA device":
    - radio "Authenticator app"
  - button "Next"`;
    expect(shapeDiff(TEMPLATE, page)).toEqual(['+ textbox "Device owner"']);
  });

  test('reads patterns and leaves out what the template leaves out (rows, ids, other sections)', () => {
    const template = `- main:
  - heading /Multi-factor authentication \\(MFA\\) \\(\\d+\\)/ [level=2]
  - button "Assign MFA device"`;
    const page = `- main:
  - paragraph: Root user · Account ID 123456789012
  - heading "Multi-factor authentication (MFA) (1)" [level=2]
  - button "Remove" [disabled]
  - button "Add MFA device"
  - table "MFA devices":
    - row "arn:aws:iam::123456789012:mfa/ops-phone"
  - button "Actions"`;
    expect(shapeDiff(template, page)).toEqual(['- button "Assign MFA device"', '+ button "Add MFA device"']);
  });

  test("is empty when every entry is there: the order changed (the caller then shows Playwright's diff)", () => {
    const page = `- main:
  - button "Next"
  - heading "Select MFA device" [level=1]
  - textbox "Device name"
  - radiogroup "Select MFA device":
    - radio "Authenticator app"`;
    expect(shapeDiff(TEMPLATE, page)).toEqual([]);
  });
});

test.describe('shapeMatch: markup does not count, meaning does', () => {
  const WIZARD = `- main:
  - /children: equal
  - region "Notifications"
  - heading "Select MFA device" [level=1]
  - text: /^Device name\\b/
  - textbox "Device name"
  - text: Select MFA device
  - radiogroup "Select MFA device":
    - radio "Passkey or security key"
    - radio "Authenticator app"
    - radio "Hardware TOTP token"
  - link "Cancel"
  - button "Next"`;
  const AS_RECORDED = `- main:
  - region "Notifications"
  - heading "Select MFA device" [level=1]
  - text: Device name This name is shown in the list
  - textbox "Device name"
  - text: Select MFA device
  - radiogroup "Select MFA device":
    - radio "Passkey or security key"
    - radio "Authenticator app" [checked]
    - radio "Hardware TOTP token"
  - link "Cancel":
    - /url: /iam/home
  - button "Next"`;

  test('the page as recorded matches', () => {
    expect(shapeMatch(WIZARD, AS_RECORDED)).toEqual({ ok: true, lines: [] });
  });

  test('the same meaning in other markup matches: spacing, nbsp, case, §7 variants, link ≈ button, wrappers, another radio, no main, notice roles', () => {
    const varied = `- generic:
  - generic:
    - status "Notifications"
    - heading "Select\u00a0 MFA  device" [level=1]
    - text: "Device name:"
    - textbox "Device name "
    - text: select mfa device
    - radiogroup "Select MFA device":
      - generic:
        - radio "Passkey or security key" [checked]
      - radio "Virtual MFA device"
      - radio "Hardware TOTP token"
    - button "Cancel"
    - link "Next Step"`;
    expect(shapeMatch(WIZARD, varied)).toEqual({ ok: true, lines: [] });
    const noNotificationsRole = varied.replace('    - status "Notifications"\n', '');
    expect(shapeMatch(WIZARD, noNotificationsRole).ok).toBe(true);
  });

  test('order and a wrapper around a named control do not count; an unnamed notice group is a wrapper', () => {
    const template = `- main:
  - heading "Root user sign in" [level=1]
  - textbox "Password"
  - button "Sign in"`;
    expect(
      shapeMatch(
        template,
        `- main:
  - group:
    - button "Sign In"
  - alert:
    - textbox "Password"
  - heading "Root user sign in" [level=1]`,
      ).ok,
    ).toBe(true);
  });

  test('a renamed label outside the variants is drift, naming both', () => {
    const page = AS_RECORDED.replace('radio "Authenticator app" [checked]', 'radio "Authenticator application"');
    expect(shapeMatch(WIZARD, page)).toEqual({ ok: false, lines: ['- radio "Authenticator app"', '+ radio "Authenticator application"'] });
  });

  test('a dropped field is drift, also without a main landmark', () => {
    const page = AS_RECORDED.replace('  - textbox "Device name"\n', '');
    expect(shapeMatch(WIZARD, page)).toEqual({ ok: false, lines: ['- textbox "Device name"'] });
    const noMain = page
      .split('\n')
      .slice(1)
      .map((l) => l.slice(2))
      .join('\n');
    expect(shapeMatch(WIZARD, noMain)).toEqual({ ok: false, lines: ['- textbox "Device name"'] });
  });

  test('an added field in a pinned container is drift, with or without a main landmark; outside one it is not', () => {
    const page = AS_RECORDED.replace('  - text: Select MFA device', '  - textbox "Device owner"\n  - text: Select MFA device');
    expect(shapeMatch(WIZARD, page)).toEqual({ ok: false, lines: ['+ textbox "Device owner"'] });
    const noMain = page
      .split('\n')
      .slice(1)
      .map((l) => l.slice(2))
      .join('\n');
    expect(shapeMatch(WIZARD, noMain)).toEqual({ ok: false, lines: ['+ textbox "Device owner"'] });
    expect(shapeMatch(WIZARD.replace('  - /children: equal\n', ''), page).ok).toBe(true);
  });

  test('a heading level, a pinned attribute and a changed role still count', () => {
    expect(shapeMatch(WIZARD, AS_RECORDED.replace('[level=1]', '[level=2]')).ok).toBe(false);
    expect(shapeMatch('- button "Remove" [disabled]', '- button "Remove"').ok).toBe(false);
    expect(shapeMatch('- textbox "Password"', '- combobox "Password"').ok).toBe(false);
  });

  test('patterns match case-insensitively and through the variants', () => {
    expect(
      shapeMatch(
        '- heading /^Multi-factor authentication \\(MFA\\)( \\(\\d+\\))?$/ [level=2]',
        '- heading "Multi-Factor Authentication (MFA) (2)" [level=2]',
      ).ok,
    ).toBe(true);
    expect(shapeMatch('- button /^(Assign MFA device)$/', '- button "Activate MFA"').ok).toBe(true);
    expect(shapeMatch('- button /^(Assign MFA device)$/', '- button "Remove MFA"').ok).toBe(false);
  });
});

test.describe('shapeMatch: only the meaning a runbook uses (the plain-HTML console)', () => {
  // The wizard's first step as recorded on the Cloudscape console (pages/__aria__/assign-mfa-select-device.aria.yml).
  const WIZARD = `- main:
  - /children: equal
  - region "Notifications"
  - navigation "Breadcrumbs"
  - navigation "Steps":
    - list:
      - listitem:
        - 'button "Step 1: Select MFA device"'
      - listitem:
        - 'button "Step 2: Set up device"'
  - heading "Select MFA device" [level=1]
  - heading "Device name" [level=2]
  - text: /^Device name\\b/
  - textbox "Device name"
  - heading "MFA device" [level=2]
  - radiogroup "Select MFA device":
    - radio "Passkey or security key"
    - radio "Authenticator app"
    - radio "Hardware TOTP token"
  - button "Cancel"
  - button "Next"`;
  // The same step on a console written otherwise: no main, a layout table, the title a page title plus a
  // step indicator, no section headings, a fieldset for the radios, no breadcrumbs or step navigation.
  const PLAIN = `- table:
  - rowgroup:
    - row "header":
      - cell "header":
        - link "Console Home":
          - /url: /console/home
        - button "Sign out"
    - row "content":
      - cell "content":
        - heading "Assign MFA device" [level=1]
        - paragraph: "Step 1 of 2: Select MFA device"
        - table:
          - rowgroup:
            - row "Device name":
              - rowheader "Device name"
              - cell:
                - textbox "Device name"
            - row "Select MFA device":
              - cell:
                - group "Select MFA device":
                  - text: Select MFA device
                  - radio "Passkey or security key"
                  - radio "Authenticator app"
                  - radio "Hardware TOTP token"
            - row "Next Cancel":
              - cell:
                - button "Next"
                - link "Cancel":
                  - /url: /iam/home`;

  test('the same meaning on another console matches: navigation, table names, section headings, legends and landmarks do not count', () => {
    expect(shapeMatch(WIZARD, PLAIN)).toEqual({ ok: true, lines: [] });
    expect(shapeMatch('- main:\n  - table "MFA devices"', '- table:\n  - rowgroup:\n    - row "No MFA devices assigned."').ok).toBe(true);
  });

  test('a changed meaning there is still drift: a renamed option, a dropped field, a new field in the pinned step', () => {
    expect(shapeMatch(WIZARD, PLAIN.replace('radio "Authenticator app"', 'radio "Authenticator application"'))).toEqual({
      ok: false,
      lines: ['- radio "Authenticator app"', '+ radio "Authenticator application"'],
    });
    expect(shapeMatch(WIZARD, PLAIN.replace('                - textbox "Device name"\n', ''))).toEqual({
      ok: false,
      lines: ['- textbox "Device name"'],
    });
    const added = PLAIN.replace(
      '            - row "Next Cancel":',
      '            - row "Owner":\n              - cell:\n                - textbox "Device owner"\n            - row "Next Cancel":',
    );
    expect(shapeMatch(WIZARD, added)).toEqual({ ok: false, lines: ['+ textbox "Device owner"'] });
  });

  test('a title written as text stands for the heading; a heading of those words at another level, or other words, does not', () => {
    expect(
      shapeMatch(
        WIZARD,
        PLAIN.replace('"Step 1 of 2: Select MFA device"', '"Step 1 of 2: Set up device"').replace(
          '- text: Select MFA device',
          '- text: Choose a device',
        ),
      ).ok,
    ).toBe(false);
    expect(
      shapeMatch('- heading "Select MFA device" [level=1]', '- heading "Select MFA device" [level=2]\n- paragraph: Select MFA device').ok,
    ).toBe(false);
    expect(
      shapeMatch(
        '- heading /^Multi-factor authentication \\(MFA\\)( \\(\\d+\\))?$/ [level=1]',
        '- heading "Multi-Factor Authentication (MFA) (2)" [level=1]',
      ).ok,
    ).toBe(true);
  });

  test('a dialog asked on a page of its own matches: its title any heading level, no close control; a dialog that shows is compared as one', () => {
    const dialog = `- dialog /^Delete [A-Z0-9]{20}$/:
  - /children: equal
  - heading /^Delete [A-Z0-9]{20}$/ [level=2]
  - button "Close modal"
  - textbox "To confirm deletion, enter the access key ID in the text input field."
  - button "Cancel"
  - button "Delete"`;
    const page = `- heading "Delete AKIAABCDEFGHIJKLMNOP" [level=1]
- paragraph:
  - textbox "To confirm deletion, enter the access key ID in the text input field."
- paragraph:
  - button "Delete"
  - link "Cancel":
    - /url: /iam/home`;
    expect(shapeMatch(dialog, page)).toEqual({ ok: true, lines: [] });
    expect(
      shapeMatch(dialog, page.replace('- paragraph:\n  - button "Delete"', '- paragraph:\n  - textbox "Reason"\n  - button "Delete"')),
    ).toEqual({ ok: false, lines: ['+ textbox "Reason"'] });
    expect(
      shapeMatch(
        dialog,
        `- dialog "Remove AKIAABCDEFGHIJKLMNOP":\n${page
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n')}`,
      ).ok,
    ).toBe(false);
  });
});

test.describe('scrubbing', () => {
  test('reports lose account ids, emails, key ids, secrets and dates', () => {
    const text =
      'root+123456789012@example.com arn:aws:iam::123456789012:mfa/x AKIAABCDEFGHIJKLMNOP JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP November 23, 2026, 08:52 (UTC)';
    expect(scrubText(text)).toBe('<email> arn:aws:iam::<account-id>:mfa/x <access-key-id> <secret> <date>');
  });

  test('templates keep matching: literals become patterns, recorded patterns holding a value are loosened', () => {
    const recorded = [
      '- main:',
      '  - paragraph: Root user · Account ID 123456789012',
      '  - heading "Multi-factor authentication (MFA) (0)" [level=2]',
      '  - cell "AKIAABCDEFGHIJKLMNOP"',
      '  - paragraph: "/Email: root\\\\+\\\\d+@replica\\\\.example/"',
      '  - button "Next"',
    ].join('\n');
    const scrubbed = scrubTemplate(recorded);
    expect(scrubbed).toBe(
      [
        '- main:',
        '  - paragraph: /Root user · Account ID \\d{12}/',
        '  - heading /Multi-factor authentication \\(MFA\\) \\(\\d+\\)/ [level=2]',
        '  - cell /[A-Z0-9]{20}/',
        '  - paragraph: /.+/',
        '  - button "Next"',
      ].join('\n'),
    );
    expect(scrubbed.split('\n').flatMap(sensitiveIn)).toEqual([]);
    expect(scrubTemplate(scrubbed)).toBe(scrubbed);
  });

  test('the committed page shapes hold no account id, email, key id or secret', async () => {
    const dir = path.join(REPO, 'pages/__aria__');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.aria.yml'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const lines = (await readFile(path.join(dir, file), 'utf8')).split('\n').filter((l) => !/^\s*#/.test(l));
      expect(
        lines.filter((l) => sensitiveIn(l).length),
        file,
      ).toEqual([]);
    }
    const check = await run(process.execPath, ['--import', 'tsx', 'bin/scrub-aria.ts', '--check'], {});
    expect(check.code, check.stdout).toBe(0);
  });

  test('bin/scrub-aria.ts scrubs a recorded file in place and --check names what is left', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'aria-')), 'page.aria.yml');
    await writeFile(file, '- main:\n  - paragraph: Account 123456789012\n');
    expect((await run(process.execPath, ['--import', 'tsx', 'bin/scrub-aria.ts', '--check', file], {})).code).toBe(1);
    expect((await run(process.execPath, ['--import', 'tsx', 'bin/scrub-aria.ts', file], {})).code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe('- main:\n  - paragraph: /Account \\d{12}/\n');
  });
});

test.describe('exit codes', () => {
  async function summary(content: RunSummaryFile): Promise<string> {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'summary-')), 'summary.json');
    await writeFile(file, JSON.stringify(content));
    return file;
  }
  const drift = { title: 't', project: 'checks', kind: 'drift' as const, errors: ['ConsoleDriftError'], drift: [] };
  const failure = { title: 't', project: 'checks', kind: 'failure' as const, errors: ['Error'], drift: [] };

  test('3 when every failure is drift, 1 when any is not, 0 and 2 pass through', async () => {
    expect(exitCodeFor(1, await summary({ status: 'failed', failed: [drift, drift], otherErrors: 0 }))).toBe(EXIT.drift);
    expect(exitCodeFor(1, await summary({ status: 'failed', failed: [drift, failure], otherErrors: 0 }))).toBe(EXIT.failed);
    expect(exitCodeFor(1, await summary({ status: 'failed', failed: [drift], otherErrors: 1 }))).toBe(EXIT.failed);
    expect(exitCodeFor(1, path.join(os.tmpdir(), 'no-such-summary.json'))).toBe(EXIT.failed);
    expect(exitCodeFor(0, '/nonexistent')).toBe(EXIT.ok);
    expect(exitCodeFor(2, '/nonexistent')).toBe(EXIT.badConfig);
  });

  test("error names come from Playwright's reported errors", () => {
    expect(errorName({ message: 'ConsoleDriftError: Console drift on X' })).toBe('ConsoleDriftError');
    expect(errorName({ stack: 'TimeoutError: locator.waitFor: Timeout' })).toBe('TimeoutError');
    expect(errorName({ message: 'Test timeout of 1000ms exceeded.' })).toBe('Error');
  });
});
