import { test, expect, type Page } from '@playwright/test';
import { ListAccountAssignmentsCommand } from '@aws-sdk/client-sso-admin';
import type { AccountOptions, CreatedAccount } from '../../replica/contract.ts';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { accountState, newAccount, sideDoor } from './helpers.ts';
import { clients } from './idc-helpers.ts';

// The IAM Identity Center console pages (Cloudscape) in a browser: enable, Region error, Add user,
// groups, permission sets, account assignments.

let replica: ReplicaServer;
test.beforeAll(async () => {
  replica = await startReplica();
});
test.afterAll(async () => {
  await replica.close();
});

const idcState = async (account: CreatedAccount): Promise<any> =>
  ((await accountState(replica.baseUrl, account.accountId)) as unknown as { identityCenter: any }).identityCenter;

/** Opens an Identity Center page, signing in as root through the forms on the way. */
async function open(page: Page, options: AccountOptions, hash: string, region = 'us-east-1'): Promise<CreatedAccount> {
  const account = await newAccount(replica.baseUrl, options);
  await page.goto(`${replica.baseUrl}/singlesignon/home?region=${region}${hash}`);
  await page.getByLabel('Root user email address').fill(account.rootEmail);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Password', { exact: true }).fill(account.rootPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/singlesignon/home\\?region=${region}${hash.replace(/[#!/]/g, '\\$&')}$`));
  return account;
}

const flash = (page: Page) => page.getByRole('region', { name: 'Notifications' });

test('Enable with AWS Organizations creates the organization and the instance; the dashboard shows the portal URL', async ({ page }) => {
  const account = await open(page, {}, '#/dashboard', 'us-east-2');
  await expect(page.getByRole('heading', { name: 'Enable IAM Identity Center' })).toBeVisible();
  await page.getByRole('button', { name: 'Enable', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Enable IAM Identity Center' });
  await expect(dialog.getByRole('radio', { name: 'Enable with AWS Organizations' })).toBeChecked();
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog).toBeHidden();

  const ic = await idcState(account);
  expect(ic.organization.masterAccountId).toBe(account.accountId);
  expect(ic.instance.region).toBe('us-east-2');
  const hex = ic.instance.instanceId.replace('ssoins-', '');
  await expect(flash(page)).toContainText(`You have successfully created the organization instance of IAM Identity Center ${hex}.`);
  await expect(page.getByRole('heading', { name: 'Settings summary' })).toBeVisible();
  const portal = `${replica.baseUrl}/start/${ic.instance.identityStoreId}`;
  await expect(page.getByRole('link', { name: portal })).toBeVisible();

  // Hash-bang and instance-scoped routes show the same console.
  await page.goto(`${replica.baseUrl}/singlesignon/home?region=us-east-2#!/instances/${hex}/dashboard`);
  await expect(page.getByRole('link', { name: portal })).toBeVisible();
});

test('settings-page flow: Continue opens tags and delegated administration; Cancel leaves nothing; Save enables once, with the tags', async ({
  page,
}) => {
  const account = await open(page, { identityCenter: { enableFlow: 'settings-page' } }, '#/dashboard');
  const continueThrough = async (): Promise<void> => {
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Enable IAM Identity Center' });
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Enable IAM Identity Center' })).toBeVisible();
  };
  await continueThrough();
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 2, name: /^Tags - optional/ })).toBeVisible();
  await expect(main.getByRole('heading', { level: 2, name: /^Delegated administration - optional/ })).toBeVisible();
  // Continue created nothing, not even the organization.
  expect(await idcState(account)).toMatchObject({ organization: null, instance: null });

  await main.getByRole('link', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Enable', exact: true })).toBeVisible();
  expect(await idcState(account)).toMatchObject({ organization: null, instance: null });

  // The management account cannot be its own delegated administrator: refused, still nothing.
  await continueThrough();
  await main.getByRole('textbox', { name: 'Delegated administrator account ID' }).fill(account.accountId);
  await main.getByRole('button', { name: 'Save' }).click();
  await expect(main).toContainText('The management account cannot be registered as a delegated administrator.');
  expect(await idcState(account)).toMatchObject({ organization: null, instance: null });

  await main.getByRole('textbox', { name: 'Delegated administrator account ID' }).fill('');
  await main.getByRole('button', { name: 'Add new tag' }).click();
  await main.getByRole('textbox', { name: 'Key 1' }).fill('team');
  await main.getByRole('textbox', { name: 'Value 1' }).fill('platform');
  await main.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Settings summary' })).toBeVisible();
  const ic = await idcState(account);
  expect(ic.instance).toMatchObject({ region: 'us-east-1', tags: [{ key: 'team', value: 'platform' }] });
  expect(ic.organization.masterAccountId).toBe(account.accountId);
  await expect(flash(page)).toContainText(
    `You have successfully created the organization instance of IAM Identity Center ${ic.instance.instanceId.replace('ssoins-', '')}.`,
  );
});

test('another Region shows the error naming the instance’s Region, with a way there', async ({ page }) => {
  await open(page, { identityCenter: { enabledIn: 'eu-west-1' } }, '#/dashboard');
  await expect(page.getByText('IAM Identity Center is enabled in another Region')).toBeVisible();
  await expect(page.getByText(/already has an instance of IAM Identity Center in eu-west-1/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enable', exact: true })).toHaveCount(0);
  await page.getByRole('link', { name: 'Switch to eu-west-1' }).click();
  await expect(page.getByRole('heading', { name: 'Settings summary' })).toBeVisible();
  await expect(page).toHaveURL(/region=eu-west-1/);
});

async function fillDetails(page: Page, user: { userName: string; email: string; confirm?: string }): Promise<void> {
  await page.getByLabel('Username').fill(user.userName);
  await page.getByLabel('Email address', { exact: true }).fill(user.email);
  await page.getByLabel('Confirm email address').fill(user.confirm ?? user.email);
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
}

const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click();

test('Add user: validation, groups step with Create group, review, invitation sent; a second "alice" is refused', async ({ page }) => {
  const account = await open(page, { identityCenter: { enabledIn: 'us-east-1' } }, '#/users');
  await page.getByRole('link', { name: 'Add user' }).click();
  await expect(page.getByRole('heading', { name: 'Specify user details', level: 1 })).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Send an email to this user with password setup instructions/ })).toBeChecked();
  await next(page);
  await expect(page.getByText('Enter a username.')).toBeVisible();
  await expect(page.getByText('Enter a valid email address.')).toBeVisible();
  await fillDetails(page, { userName: 'a'.repeat(101), email: 'alice@example.com', confirm: 'alice@exampel.com' });
  await expect(page.getByLabel('Display name')).toHaveValue('Ada Lovelace');
  await next(page);
  await expect(page.getByText('The username must have 100 characters or fewer.')).toBeVisible();
  await expect(page.getByText('Email addresses must match.')).toBeVisible();
  await fillDetails(page, { userName: 'alice', email: 'alice@example.com' });
  await next(page);

  await expect(page.getByRole('heading', { name: 'Add user to groups - optional', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Create group' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create group' });
  await dialog.getByLabel('Group name').fill('Admins');
  await dialog.getByLabel('Description - optional').fill('Administrators');
  await dialog.getByRole('button', { name: 'Create group' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('checkbox', { name: 'Admins' })).toBeChecked();
  await next(page);

  await expect(page.getByRole('heading', { name: 'Review and add user', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Add user', exact: true }).click();
  await expect(flash(page)).toContainText('The user "alice" was successfully added.');
  await expect(page.getByRole('row', { name: /alice/ })).toBeVisible();

  const ic = await idcState(account);
  const alice = ic.users.find((u: any) => u.userName === 'alice');
  expect(alice.password.kind).toBe('invited');
  expect(ic.memberships).toEqual([expect.objectContaining({ userId: alice.userId, groupId: ic.groups[0].groupId })]);
  expect((await sideDoor(replica.baseUrl).outbox(account.accountId)).map((m) => m.to)).toEqual(['alice@example.com']);

  await page.getByRole('link', { name: 'Add user' }).click();
  await fillDetails(page, { userName: 'ALICE', email: 'other@example.com' });
  await next(page);
  await next(page);
  await page.getByRole('button', { name: 'Add user', exact: true }).click();
  await expect(page.getByText('The username "ALICE" already exists. Enter a different username.', { exact: true })).toBeVisible();
  expect((await idcState(account)).users).toHaveLength(1);
});

test('Add user with a one-time password: the dialog shows portal URL, username and password', async ({ page }) => {
  const account = await open(page, { identityCenter: { enabledIn: 'us-east-1' } }, '#/users/add');
  await fillDetails(page, { userName: 'grace', email: 'grace@example.com' });
  await page.getByRole('radio', { name: /^Generate a one-time password/ }).check();
  await next(page);
  await next(page);
  await page.getByRole('button', { name: 'Add user', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'One-time password' });
  const ic = await idcState(account);
  const secret = ic.users[0].password.secret;
  await expect(dialog.getByText(secret, { exact: true })).toBeVisible();
  await expect(dialog.getByText(`${replica.baseUrl}/start/${ic.instance.identityStoreId}`, { exact: true })).toBeVisible();
  await expect(dialog.getByText('grace', { exact: true })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Copy One-time password' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(flash(page)).toContainText('The user "grace" was successfully added.');
  expect(await sideDoor(replica.baseUrl).outbox(account.accountId)).toEqual([]);
});

test('permission set (AdministratorAccess, 1 hour), group with a member, assignment to the account', async ({ page }) => {
  const account = await open(page, { identityCenter: { enabledIn: 'us-east-1' } }, '#/permissionSets');
  await page.getByRole('link', { name: 'Create permission set' }).click();
  await expect(page.getByRole('radio', { name: 'Predefined permission set' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'AdministratorAccess' })).toBeChecked();
  await next(page);
  await expect(page.getByLabel('Permission set name')).toHaveValue('AdministratorAccess');
  await expect(page.getByText('1 hour')).toBeVisible();
  await next(page);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(flash(page)).toContainText('Successfully created permission set AdministratorAccess.');
  await expect(page.getByRole('row', { name: /AdministratorAccess.*1 hour/ })).toBeVisible();

  await page.goto(`${replica.baseUrl}/singlesignon/home?region=us-east-1#/groups/create`);
  await page.getByLabel('Group name').fill('Admins');
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(flash(page)).toContainText('The group "Admins" was successfully created.');

  await page.getByRole('link', { name: 'AWS accounts' }).click();
  const assign = page.getByRole('button', { name: 'Assign users or groups' });
  await expect(assign).toBeDisabled();
  await page.getByRole('checkbox', { name: `replica-${account.accountId}` }).check();
  await assign.click();
  await page.getByRole('tab', { name: 'Groups' }).click();
  await page.getByRole('checkbox', { name: 'Admins' }).check();
  await next(page);
  await page.getByRole('checkbox', { name: 'AdministratorAccess' }).check();
  await next(page);
  await expect(page.getByRole('heading', { name: 'Review and submit', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(page.getByRole('row', { name: /Admins.*Group.*AdministratorAccess.*Provisioned/ })).toBeVisible();

  const ic = await idcState(account);
  const { ssoAdmin } = clients(replica.baseUrl, account);
  const listed = await ssoAdmin.send(
    new ListAccountAssignmentsCommand({
      InstanceArn: ic.instance.arn,
      AccountId: account.accountId,
      PermissionSetArn: ic.permissionSets[0].arn,
    }),
  );
  expect(listed.AccountAssignments).toEqual([expect.objectContaining({ PrincipalType: 'GROUP', PrincipalId: ic.groups[0].groupId })]);
  expect(ic.permissionSets[0].sessionDuration).toBe('PT1H');
});
