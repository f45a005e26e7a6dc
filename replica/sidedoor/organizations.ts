import { z } from 'zod';
import type { AccountOptions, CreatedAccount } from '../contract.ts';
import { AwsError, InputError, jsonBody, sendJson } from '../core/http.ts';
import type { Ctx, Route } from '../context.ts';
import { createOrganization } from '../identity-center/organization.ts';
import type { Account } from '../iam/model.ts';
import {
  addMember,
  extrasOf,
  fakeCertificateBody,
  newCertificateId,
  organizationOf,
  ORG_FEATURES,
  rootCredentials,
} from '../organizations/model.ts';

/**
 * The organizations side door (`/__replica/organizations…`, JSON; a test tool): make an
 * organization of a management account and N member accounts in one call, with the root
 * credentials each member starts with and the IAM features on; read an account's class and root
 * credentials back.
 */

const keyStatus = z.enum(['Active', 'Inactive']);
const accountFields = {
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'must be 12 digits')
    .optional(),
  alias: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$/, 'must be 3 to 63 lower-case letters, digits or hyphens')
    .optional(),
  rootEmail: z.email('must be an email address').optional(),
  rootPassword: z.string().min(8).max(128).optional(),
};
const credentials = {
  /** The root user has a console password (default true). */
  loginProfile: z.boolean().optional(),
  accessKeys: z.array(keyStatus).max(2).optional(),
  mfaDevices: z.array(z.string().min(1).max(64)).max(8).optional(),
  signingCertificates: z.array(keyStatus).max(2).optional(),
};
const memberSchema = z.strictObject({ ...accountFields, ...credentials });
const createSchema = z.strictObject({
  /** The management account: an existing account of the replica (by accountId), else a new one. */
  management: z.strictObject(accountFields).optional(),
  /** A number of members made alike from `memberDefaults`, or one entry per member. */
  members: z.union([z.number().int().min(0).max(5000), z.array(memberSchema).max(5000)]).default(0),
  memberDefaults: z.strictObject(credentials).optional(),
  /** Existing accounts of the replica that join as members (invited; their root credentials as they are). */
  memberAccountIds: z
    .array(z.string().regex(/^\d{12}$/, 'must be 12 digits'))
    .max(5000)
    .optional(),
  /** IAM features already on (`EnableOrganizationsRootCredentialsManagement`, `…RootSessions`). */
  features: z.array(z.enum(ORG_FEATURES)).optional(),
  /** Trusted access for IAM in Organizations (default true): without it the features cannot be enabled. */
  iamTrustedAccess: z.boolean().optional(),
});
export type CreateOrganizationOptions = z.input<typeof createSchema>;

/** What `POST /__replica/organizations` answers: the accounts as the accounts side door does (secrets included). */
export interface CreatedOrganization {
  organizationId: string;
  management: CreatedAccount;
  members: CreatedAccount[];
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'body';
  throw new InputError(field, `${field}: ${issue.code === 'unrecognized_keys' ? 'not a known field' : issue.message}`);
}

const createdView = (ctx: Ctx, a: Account): CreatedAccount => ({
  accountId: a.id,
  rootEmail: a.rootEmail,
  rootPassword: a.rootPassword,
  apiCredentials: { accessKeyId: a.apiCredentials.accessKeyId, secretAccessKey: a.apiCredentials.secretAccessKey },
  baseUrl: ctx.store.baseUrl,
});

/** POST /__replica/organizations → 201 CreatedOrganization. */
export async function createOrganizationHandler(ctx: Ctx): Promise<void> {
  const body = parse(createSchema, await jsonBody(ctx));
  const now = new Date().toISOString();
  const existing = body.management?.accountId ? ctx.store.iam.account(body.management.accountId) : undefined;
  if (existing && organizationOf(ctx.store, existing) && organizationOf(ctx.store, existing)!.management !== existing) {
    throw new InputError('management.accountId', `management.accountId: account ${existing.id} is a member of another organization`);
  }
  const management =
    existing ?? ctx.store.iam.account(ctx.store.iam.createAccount(body.management as AccountOptions, ctx.store.baseUrl).accountId)!;
  const org = management.identityCenter.organization ?? createOrganization(management, now);
  const extras = extrasOf(management);
  for (const f of body.features ?? []) extras.features.add(f);
  if (body.iamTrustedAccess !== undefined) extras.iamTrustedAccess = body.iamTrustedAccess;

  const specs = typeof body.members === 'number' ? Array.from({ length: body.members }, () => ({})) : body.members;
  const members: CreatedAccount[] = [];
  for (const [n, spec] of specs.entries()) {
    const s = { ...body.memberDefaults, ...spec } as z.infer<typeof memberSchema>;
    let created: CreatedAccount;
    try {
      created = ctx.store.iam.createAccount(
        {
          accountId: s.accountId,
          alias: s.alias,
          rootEmail: s.rootEmail,
          rootPassword: s.rootPassword,
          accessKeys: s.accessKeys,
          mfaDevices: s.mfaDevices,
        },
        ctx.store.baseUrl,
      );
    } catch (err) {
      if (err instanceof InputError) throw new InputError(`members.${n}.${err.field}`, `members[${n}]: ${err.message}`);
      throw err;
    }
    const account = ctx.store.iam.account(created.accountId)!;
    addMember(management, account, 'CREATED', now);
    const creds = rootCredentials(account);
    if (s.loginProfile === false) creds.loginProfile = null;
    creds.signingCertificates = (s.signingCertificates ?? []).map((status) => {
      const id = newCertificateId();
      return { id, body: fakeCertificateBody(id), status, uploadDate: now };
    });
    members.push(created);
  }
  for (const [n, id] of (body.memberAccountIds ?? []).entries()) {
    const account = ctx.store.iam.account(id);
    if (!account) throw new InputError(`memberAccountIds.${n}`, `memberAccountIds[${n}]: the replica has no account ${id}`);
    try {
      addMember(management, account, 'INVITED', now);
    } catch (err) {
      throw new InputError(`memberAccountIds.${n}`, `memberAccountIds[${n}]: ${(err as Error).message}`);
    }
    members.push(createdView(ctx, account));
  }
  sendJson(ctx.res, 201, { organizationId: org.id, management: createdView(ctx, management), members } satisfies CreatedOrganization);
}

/** An account's class and root credentials, as the side door reads them. */
export interface AccountRootView {
  accountId: string;
  role: 'management' | 'member' | 'standalone';
  organizationId: string | null;
  managementAccountId: string | null;
  features: string[];
  loginProfile: boolean;
  accessKeys: Array<{ id: string; status: string }>;
  mfaDevices: Array<{ serialNumber: string; enabled: boolean }>;
  signingCertificates: Array<{ id: string; status: string }>;
}

/** GET /__replica/organizations/accounts/:id. */
export function getAccountRoot(ctx: Ctx): void {
  const account = ctx.store.iam.account(ctx.params.id ?? '');
  if (!account) throw new AwsError(404, 'NoSuchAccount', `The replica has no account ${ctx.params.id}.`);
  const found = organizationOf(ctx.store, account);
  const creds = rootCredentials(account);
  const view: AccountRootView = {
    accountId: account.id,
    role: !found ? 'standalone' : found.management === account ? 'management' : 'member',
    organizationId: found?.org.id ?? null,
    managementAccountId: found?.management.id ?? null,
    features: found ? [...extrasOf(found.management).features] : [],
    loginProfile: creds.loginProfile !== null,
    accessKeys: account.accessKeys.map((k) => ({ id: k.id, status: k.status })),
    mfaDevices: account.mfaDevices.map((d) => ({ serialNumber: d.serialNumber, enabled: Boolean(d.enableDate) })),
    signingCertificates: creds.signingCertificates.map((c) => ({ id: c.id, status: c.status })),
  };
  sendJson(ctx.res, 200, view);
}

/** The side-door routes of this module (one line in replica/routes.ts adds them to the table). */
export const ORGANIZATIONS_ROUTES: Route[] = [
  {
    method: 'POST',
    path: '/__replica/organizations',
    area: 'sidedoor',
    handler: createOrganizationHandler,
    what: 'Create an organization: management account + N members, their root credentials, IAM features (CreateOrganizationOptions)',
  },
  {
    method: 'GET',
    path: '/__replica/organizations/accounts/:id',
    area: 'sidedoor',
    handler: getAccountRoot,
    what: "An account's class (management / member / standalone), features and root credentials",
  },
];
