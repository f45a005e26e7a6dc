import { test, expect } from '@playwright/test';
import { ReplicaStore } from '../../replica/store.ts';

// The replica's state is one store per service (replica/store.ts), each with its own reset(). No browser, no server.

function storeWithEverything(): { store: ReplicaStore; accountId: string } {
  const store = new ReplicaStore();
  store.baseUrl = 'http://127.0.0.1:1';
  const { accountId } = store.iam.createAccount({ mfaDevices: ['phone'] }, store.baseUrl);
  const session = store.signin.startSession(accountId);
  store.signin.flows.set('flow-1', {
    id: 'flow-1',
    accountId,
    email: 'x@example.com',
    redirectUri: '/',
    stage: 'password',
    challenge: null,
    passedChecks: [],
    createdAt: '',
  });
  store.look.startMarkup = { transforms: ['notice-status'] };
  store.look.markup = { transforms: ['buttons-as-links'] };
  store.look.drift = { reorderWizardSteps: true };
  expect(store.session(session.token)?.account.id).toBe(accountId);
  return { store, accountId };
}

test('each service store forgets only its own state', () => {
  const { store, accountId } = storeWithEverything();
  store.signin.reset();
  expect([store.signin.sessions.size, store.signin.flows.size]).toEqual([0, 0]);
  expect(store.iam.account(accountId)?.mfaDevices).toHaveLength(1);
  expect(store.look.markup.transforms).toEqual(['buttons-as-links']);

  store.look.reset();
  expect(store.look.markup.transforms).toEqual(['notice-status']); // back to the markup the replica started with
  expect(store.look.drift).toEqual({});
  expect(store.iam.accounts.size).toBe(1);

  store.iam.reset();
  expect(store.iam.accounts.size).toBe(0);
});

test('the replica store resets every service at once', () => {
  const { store, accountId } = storeWithEverything();
  store.reset();
  expect(store.iam.account(accountId)).toBeUndefined();
  expect([store.signin.sessions.size, store.signin.flows.size]).toEqual([0, 0]);
  expect(store.look.drift).toEqual({});
  expect(store.look.markup.transforms).toEqual(['notice-status']);
});

test('a session whose account is gone is no session', () => {
  const { store, accountId } = storeWithEverything();
  const session = store.signin.startSession(accountId);
  store.iam.reset();
  expect(store.session(session.token)).toBeUndefined();
});

test('the account carries the base URL it was created under, and conflicts name the field', () => {
  const store = new ReplicaStore();
  const created = store.iam.createAccount({ accountId: '111122223333' }, 'http://replica.test');
  expect(created.baseUrl).toBe('http://replica.test');
  expect(() => store.iam.createAccount({ accountId: '111122223333' })).toThrow(/already exists/);
  expect(() => store.iam.createAccount({ accountId: '12' })).toThrow(/12 digits/);
});
