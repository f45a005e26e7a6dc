import { expect, test } from '@playwright/test';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { newAccount, sideDoor, signIn } from './helpers.ts';

// The side door's drift: per account and replica-wide, merged, cleared with null, validated;
// seen by the console app (console context) and by the sign-in pages.

let replica: ReplicaServer;
test.beforeAll(async () => {
  replica = await startReplica();
});
test.afterAll(async () => {
  await replica.close();
});

test('drift per account: set at creation, merged by PATCH, cleared with null, handed to the console app', async () => {
  const door = sideDoor(replica.baseUrl);
  const account = await newAccount(replica.baseUrl, { drift: { dropField: 'Device name' } });
  expect(await door.setDrift(account.accountId, { reorderWizardSteps: true })).toEqual({
    dropField: 'Device name',
    reorderWizardSteps: true,
  });
  expect(await door.setDrift(account.accountId, { dropField: null })).toEqual({ reorderWizardSteps: true });

  const s = await signIn(replica.baseUrl, account);
  expect((await (await s.api.get('/iam/api/console-context')).json()).drift).toEqual({ reorderWizardSteps: true });
  const other = await signIn(replica.baseUrl, await newAccount(replica.baseUrl));
  expect((await (await other.api.get('/iam/api/console-context')).json()).drift).toEqual({});
});

test("replica-wide drift reaches every account, under the account's own, and the first sign-in page", async () => {
  const door = sideDoor(replica.baseUrl);
  const rename = [{ from: 'Root user email address', to: 'Email of the root user' }];
  try {
    await door.setReplicaDrift({ renameLabel: rename, addRequiredField: 'Owner' });
    const account = await newAccount(replica.baseUrl, { drift: { addRequiredField: 'Cost center' } });
    const s = await signIn(replica.baseUrl, account);
    expect((await (await s.api.get('/iam/api/console-context')).json()).drift).toEqual({
      renameLabel: rename,
      addRequiredField: 'Cost center',
    });

    const page = await (await fetch(`${replica.baseUrl}/signin`)).text();
    expect(page).toContain('>Email of the root user</label>');
    expect(page).not.toContain('Root user email address');
  } finally {
    await door.setReplicaDrift({ renameLabel: null, addRequiredField: null });
  }
  expect(await (await fetch(`${replica.baseUrl}/signin`)).text()).toContain('>Root user email address</label>');
});

test('a bad drift is refused naming the field', async () => {
  const account = await newAccount(replica.baseUrl);
  for (const [body, field] of [
    [{ renameLabel: [{ from: '', to: 'x' }] }, 'renameLabel.0.from'],
    [{ reorder: true }, 'reorder'],
  ] as const) {
    const res = await fetch(`${replica.baseUrl}/__replica/accounts/${account.accountId}/drift`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain(field);
  }
});
