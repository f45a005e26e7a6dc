import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IAMClient } from '@aws-sdk/client-iam';
import { expect, test } from '@playwright/test';
import { loadConfig } from '../../config/settings.ts';
import { credentialsMissing, IamVerifier, NO_API_CREDENTIALS } from '../../lib/aws/verify-iam.ts';

const SUMMARY = `<GetAccountSummaryResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountSummaryResult><SummaryMap>
<entry><key>AccountAccessKeysPresent</key><value>1</value></entry><entry><key>AccountMFAEnabled</key><value>0</value></entry>
</SummaryMap></GetAccountSummaryResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetAccountSummaryResponse>`;

test('API verification on the aws target goes to AWS_IAM_ENDPOINT', async () => {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      calls.push(`${req.method} ${new URLSearchParams(body).get('Action')}`);
      res.writeHead(200, { 'content-type': 'text/xml' }).end(SUMMARY);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = loadConfig({
      RUNBOOK_TARGET: 'aws',
      ROOT_EMAIL: 'r@example.com',
      VAULT_RECIPIENTS: 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq',
      EVIDENCE_SIGNING_KEY: 'package.json',
      AWS_IAM_ENDPOINT: `${endpoint}/`,
      AWS_STS_ENDPOINT: endpoint,
    });
    expect(config.endpoints).toMatchObject({ iam: endpoint, sts: endpoint });
    const verifier = IamVerifier.create({
      region: config.region,
      endpoint: config.endpoints.iam,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    });
    expect(await verifier.rootAccessKeysPresent()).toBe(true);
    expect(calls).toEqual(['POST GetAccountSummary']);
  } finally {
    server.close();
  }
});

test('no API credentials: one line naming the reason, no stack', async () => {
  const client = new IAMClient({
    region: 'us-east-1',
    credentials: async () => {
      throw Object.assign(new Error('Could not load credentials from any providers\n    at stack line'), {
        name: 'CredentialsProviderError',
      });
    },
  });
  const reason = await credentialsMissing(client);
  expect(reason).toBe('Could not load credentials from any providers');
  expect(NO_API_CREDENTIALS(reason!)).toBe(
    'No AWS API credentials (Could not load credentials from any providers): the checks and verification read the console instead.',
  );
  expect(
    await credentialsMissing(new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })),
  ).toBeUndefined();
});

test('STEP_TIMEOUT_SECONDS bounds run-mode steps: default 30 s, out-of-range refused', () => {
  expect(loadConfig({}).stepTimeoutMs).toBe(30_000);
  expect(loadConfig({ STEP_TIMEOUT_SECONDS: '5' }).stepTimeoutMs).toBe(5_000);
  expect(() => loadConfig({ STEP_TIMEOUT_SECONDS: '0' })).toThrow(/STEP_TIMEOUT_SECONDS/);
});

test('SHAPE_TIMEOUT_SECONDS bounds check-mode shape waits: default 15 s, out-of-range refused', () => {
  expect(loadConfig({}).shapeTimeoutMs).toBe(15_000);
  expect(loadConfig({ SHAPE_TIMEOUT_SECONDS: '40' }).shapeTimeoutMs).toBe(40_000);
  expect(() => loadConfig({ SHAPE_TIMEOUT_SECONDS: '0' })).toThrow(/SHAPE_TIMEOUT_SECONDS/);
  expect(() => loadConfig({ SHAPE_TIMEOUT_SECONDS: 'soon' })).toThrow(/SHAPE_TIMEOUT_SECONDS/);
});
