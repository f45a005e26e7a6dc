import { expect, test, type Locator, type Page } from '@playwright/test';
import { choose, contentScope, control } from '../../pages/components/controls.ts';
import { Notices } from '../../pages/components/notices.ts';
import { SIGN_IN } from '../../pages/signin/sign-in.words.ts';
import type { MarkupTransform } from '../../replica/markup/catalog.ts';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { sideDoor } from '../replica/helpers.ts';

// Each markup variation can fail (issue 11 acceptance): a page object deliberately narrowed to one way
// of writing the page (one notification role, a button and never a link, the <main> landmark, the
// radio the replica happens to pre-select) finds its target on the replica as it is and loses it
// under the matching variation, while the sign-in page object's own locator, written for the meaning,
// finds it under both. So the markup suite's "survived" means something: these variations do break
// page objects written for the markup.

let replica: ReplicaServer;
test.beforeAll(async () => {
  replica = await startReplica();
});
test.afterEach(async () => {
  await sideDoor(replica.baseUrl).setReplicaMarkup({ transforms: [] });
});
test.afterAll(async () => {
  await replica.close();
});

/** The root sign-in's first page under `transforms` (replica-wide: no account is signed in yet). */
async function signInPage(page: Page, transforms: MarkupTransform[]): Promise<void> {
  await sideDoor(replica.baseUrl).setReplicaMarkup({ transforms, seed: 1 });
  await page.goto(`${replica.baseUrl}/signin`);
  await expect(page.getByRole('textbox', { name: SIGN_IN.email })).toBeVisible();
}

/** The email refused by the replica: an error notice ("Enter a valid email address."). The browser's own check is turned off so the server answers. */
async function refusedEmail(page: Page, transforms: MarkupTransform[]): Promise<void> {
  await signInPage(page, transforms);
  await page.evaluate(() => {
    for (const form of document.forms) form.noValidate = true;
  });
  await page.getByRole('textbox', { name: SIGN_IN.email }).fill('nope');
  await control(page, SIGN_IN.next).click();
  await expect(page.getByText('Enter a valid email address.')).toBeVisible();
}

interface Pair {
  transform: MarkupTransform;
  what: string;
  /** Brings the page to where both locators look. */
  open: (page: Page, transforms: MarkupTransform[]) => Promise<void>;
  /** The narrowed page object's locator: written for the replica's markup. */
  narrowed: (page: Page) => Locator;
  /** The page object's own locator: written for the meaning. */
  meaning: (page: Page) => Locator;
}

const EMAIL_REFUSED = /valid email address/i;

const PAIRS: Pair[] = [
  {
    transform: 'notice-status',
    what: 'the error notice read only from role alert or group',
    open: refusedEmail,
    narrowed: (page) => page.getByRole('alert').or(page.getByRole('group')).filter({ hasText: EMAIL_REFUSED }),
    meaning: (page) => new Notices(page).message(EMAIL_REFUSED),
  },
  {
    transform: 'notice-live',
    what: 'the error notice read only from a role (alert, status or group)',
    open: refusedEmail,
    narrowed: (page) => page.getByRole('alert').or(page.getByRole('status')).or(page.getByRole('group')).filter({ hasText: EMAIL_REFUSED }),
    meaning: (page) => new Notices(page).message(EMAIL_REFUSED),
  },
  {
    transform: 'buttons-as-links',
    what: '"Next" looked for as a button only',
    open: signInPage,
    narrowed: (page) => page.getByRole('button', { name: SIGN_IN.next }),
    meaning: (page) => control(page, SIGN_IN.next),
  },
  {
    transform: 'no-main-landmark',
    what: 'the email field looked for inside the <main> landmark',
    open: signInPage,
    narrowed: (page) => page.getByRole('main').getByRole('textbox', { name: SIGN_IN.email }),
    meaning: (page) => contentScope(page).getByRole('textbox', { name: SIGN_IN.email }),
  },
];

for (const pair of PAIRS) {
  test(`${pair.transform}: ${pair.what} finds it on the replica as it is, not under ${pair.transform}; the page object's own locator finds it under both`, async ({
    page,
  }) => {
    await pair.open(page, []);
    await expect(pair.narrowed(page)).toBeVisible();
    await expect(pair.meaning(page)).toBeVisible();

    await pair.open(page, [pair.transform]);
    await expect(pair.meaning(page)).toBeVisible();
    await expect(pair.narrowed(page)).toHaveCount(0);
  });
}

test('radio-none: a page object that trusts the pre-selected "Root user" goes on with no user type chosen; choose() chooses it', async ({
  page,
}) => {
  const rootUser = (p: Page) => p.getByRole('radio', { name: SIGN_IN.rootUser });
  await signInPage(page, []);
  await expect(rootUser(page)).toBeChecked();

  await signInPage(page, ['radio-none']);
  // The narrowed page object types the email and goes on without choosing: nothing is chosen.
  await expect(rootUser(page)).not.toBeChecked();
  await expect(page.getByRole('radio', { checked: true })).toHaveCount(0);
  // The page object's choose() chooses and checks it is chosen.
  await choose(rootUser(page), 'Root user');
  await expect(rootUser(page)).toBeChecked();
});
