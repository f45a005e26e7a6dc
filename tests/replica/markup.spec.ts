import { expect, test } from '@playwright/test';
import { loadConfig, ConfigError } from '../../fixtures/config.ts';
import { startReplica, type ReplicaServer } from '../../replica/server.ts';
import { newAccount, sideDoor, signIn } from './helpers.ts';

// The replica's markup variations (replica/markup, issue 11): the switch (side door, per account,
// REPLICA_MARKUP) and, per variation, that it really changes the served page while the replica
// still works under it.

let replica: ReplicaServer;
test.beforeAll(async () => { replica = await startReplica(); });
test.afterAll(async () => { await replica.close(); });

test.describe('the switch', () => {
  test('replica-wide markup: PUT and GET, unknown names refused naming each, cleared by reset', async () => {
    const door = sideDoor(replica.baseUrl);
    expect(await door.replicaMarkup()).toEqual({ transforms: [] });
    expect(await door.setReplicaMarkup({ transforms: ['label-wrap', 'notice-status'], seed: 7 })).toEqual({ transforms: ['label-wrap', 'notice-status'], seed: 7 });
    expect(await door.replicaMarkup()).toEqual({ transforms: ['label-wrap', 'notice-status'], seed: 7 });

    const bad = await fetch(`${replica.baseUrl}/__replica/markup`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ transforms: ['label-wrap', 'no-such', 'also-not'] }) });
    expect(bad.status).toBe(400);
    const message = (await bad.json()).error.message as string;
    expect(message).toContain('"no-such"');
    expect(message).toContain('"also-not"');
    expect(message).not.toContain('"label-wrap",');
    expect(await door.replicaMarkup()).toEqual({ transforms: ['label-wrap', 'notice-status'], seed: 7 });

    await fetch(`${replica.baseUrl}/__replica/reset`, { method: 'POST' });
    expect(await door.replicaMarkup()).toEqual({ transforms: [] });
  });

  test("an account's own markup wins over the replica's; DELETE follows the replica's again; bad names at creation are a 400", async () => {
    const door = sideDoor(replica.baseUrl);
    try {
      await door.setReplicaMarkup({ transforms: ['no-hooks'] });
      const account = await newAccount(replica.baseUrl, { markup: { transforms: ['notice-live'], seed: 3 } });
      expect(replica.store.markupFor(replica.store.account(account.accountId))).toEqual({ transforms: ['notice-live'], seed: 3 });
      expect(await door.setMarkup(account.accountId, { transforms: ['radio-none'] })).toEqual({ transforms: ['radio-none'] });
      expect(await door.setMarkup(account.accountId, null)).toEqual({ transforms: ['no-hooks'] });
      expect(replica.store.markupFor(undefined)).toEqual({ transforms: ['no-hooks'] });

      const bad = await fetch(`${replica.baseUrl}/__replica/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ markup: { transforms: ['nope'] } }) });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.message).toContain('"nope"');
    } finally {
      await door.setReplicaMarkup({ transforms: [] });
    }
  });

  test('REPLICA_MARKUP and REPLICA_MARKUP_SEED: parsed into config.replica.markup; every unknown name in the one error', () => {
    expect(loadConfig({ REPLICA_MARKUP: 'label-wrap, notice-alert', REPLICA_MARKUP_SEED: '42' }).replica.markup).toEqual({ transforms: ['label-wrap', 'notice-alert'], seed: 42 });
    expect(loadConfig({}).replica.markup).toBeUndefined();
    let error: unknown;
    try { loadConfig({ REPLICA_MARKUP: 'label-wrap,bogus,worse', REPLICA_MARKUP_SEED: 'x' }); } catch (err) { error = err; }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('REPLICA_MARKUP');
    expect(message).toMatch(/"bogus", "worse"/);
    expect(message).toContain('REPLICA_MARKUP_SEED');
  });

  test('startReplica({ markup }) serves it, and reset goes back to it', async () => {
    const other = await startReplica({ markup: { transforms: ['label-variants'], seed: 5 } });
    try {
      const door = sideDoor(other.baseUrl);
      expect(await door.replicaMarkup()).toEqual({ transforms: ['label-variants'], seed: 5 });
      await door.setReplicaMarkup({ transforms: [] });
      await fetch(`${other.baseUrl}/__replica/reset`, { method: 'POST' });
      expect(await door.replicaMarkup()).toEqual({ transforms: ['label-variants'], seed: 5 });
    } finally {
      await other.close();
    }
  });

  test('the console shell carries the app-scope variations of the signed-in account only', async () => {
    const plain = await signIn(replica.baseUrl, await newAccount(replica.baseUrl));
    expect(await (await plain.api.get('/iam/home')).text()).not.toContain('__REPLICA_MARKUP__');
    const varied = await signIn(replica.baseUrl, await newAccount(replica.baseUrl, { markup: { transforms: ['notice-status', 'label-wrap'] } }));
    const shell = await (await varied.api.get('/iam/home')).text();
    expect(shell).toContain('window.__REPLICA_MARKUP__={"transforms":["notice-status"],"seed":1}');
  });
});
