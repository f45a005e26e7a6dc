import { z } from 'zod';
import type { AccountOptions, ConsoleDrift, Faults } from '../contract.ts';
import { AwsError, InputError, jsonBody, sendJson } from '../core/http.ts';
import type { Ctx } from '../context.ts';
import type { Account } from '../iam/model.ts';
import { identityCenterOptionsSchema } from '../identity-center/setup.ts';
import type { OutboxEmailView } from '../identity-center/contract.ts';
import { resetIdentityCenter } from '../identity-center/model.ts';
import type { MarkupVariation } from '../markup/catalog.ts';
import { unknownMarkupMessage, unknownMarkupNames } from '../markup/names.ts';

/**
 * The side door (`/__replica/…`, JSON): create accounts, read their whole state (seeds and
 * security-check answers included), inject faults, move an account's clock, reset everything.
 * A test tool: nothing here exists on AWS.
 */

const count = z.number().int().min(0);
const faultsSchema = z.strictObject({
  securityCheck: z.enum(['after-email', 'after-password', 'twice']).nullable().optional(),
  rejectCodes: count.nullable().optional(),
  slowMs: count.max(60_000).nullable().optional(),
  addMfaServerError: z.strictObject({ count, afterEnable: z.boolean() }).nullable().optional(),
  sessionExpiresAfterRequests: count.nullable().optional(),
  deleteAccessKeyFails: count.nullable().optional(),
});

const label = z.string().min(1).max(200);
const driftSchema = z.strictObject({
  renameLabel: z
    .array(z.strictObject({ from: label, to: label }))
    .max(50)
    .nullable()
    .optional(),
  reorderWizardSteps: z.boolean().nullable().optional(),
  dropField: label.nullable().optional(),
  addRequiredField: label.nullable().optional(),
});

/** A markup variation (replica/markup/catalog.ts): every unknown name is named in the one error. */
const markupSchema = z
  .strictObject({
    transforms: z
      .array(z.string().min(1).max(60))
      .max(40)
      .superRefine((names, ctx) => {
        const unknown = unknownMarkupNames(names);
        if (unknown.length) ctx.addIssue({ code: 'custom', message: unknownMarkupMessage(unknown) });
      }),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
  })
  .transform((m): MarkupVariation => ({
    transforms: [...new Set(m.transforms)] as MarkupVariation['transforms'],
    ...(m.seed === undefined ? {} : { seed: m.seed }),
  }));

const accountSchema = z.strictObject({
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'must be 12 digits')
    .optional(),
  alias: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$/, 'must be 3 to 63 lower-case letters, digits or hyphens')
    .optional(),
  rootEmail: z.email('must be an email address').optional(),
  rootPassword: z.string().min(8, 'must have 8 characters or more').max(128).optional(),
  generation: z.enum(['current', 'legacy']).optional(),
  forcedMfaPrompt: z.boolean().optional(),
  forcedMfaDaysLeft: count.max(365).optional(),
  accessKeys: z
    .array(z.enum(['Active', 'Inactive']))
    .max(2, 'the root user can have at most 2 access keys')
    .optional(),
  mfaDevices: z.array(z.string()).max(8, 'the root user can have at most 8 MFA devices').optional(),
  faults: faultsSchema.optional(),
  drift: driftSchema.optional(),
  identityCenter: identityCenterOptionsSchema.optional(),
  markup: markupSchema.optional(),
});

const clockSchema = z.strictObject({ advanceSeconds: z.number().finite() });

/** Parses a body with a schema; the first problem becomes an InputError naming its field. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'body';
  const message = issue.code === 'unrecognized_keys' ? 'not a known field' : issue.message;
  throw new InputError(field, `${field}: ${message}`);
}

/** Drops `null` fault values (they only mean "clear" in a PATCH). */
function withoutNulls(faults: z.infer<typeof faultsSchema> | undefined): Faults;
function withoutNulls(drift: z.infer<typeof driftSchema> | undefined): ConsoleDrift;
function withoutNulls(values: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([, v]) => v !== null && v !== undefined));
}

/** Merges a PATCH into settings: a value replaces, `null` clears. */
function mergePatch<T extends object>(current: T, patch: object): T {
  const out: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (value !== undefined) out[key] = value;
  }
  return out as T;
}

function accountOf(ctx: Ctx): Account {
  const id = ctx.params.id ?? '';
  const account = ctx.store.iam.account(id);
  if (!account) throw new AwsError(404, 'NoSuchAccount', `The replica has no account ${id}.`);
  return account;
}

function clockView(ctx: Ctx, account: Account): { offsetSeconds: number; now: number } {
  return { offsetSeconds: account.clockOffsetSeconds, now: ctx.store.iam.nowSeconds(account) };
}

/** POST /__replica/accounts: body AccountOptions → 201 CreatedAccount. */
export async function createAccount(ctx: Ctx): Promise<void> {
  const options = parse(accountSchema, await jsonBody(ctx));
  const created = ctx.store.iam.createAccount(
    { ...options, faults: withoutNulls(options.faults), drift: withoutNulls(options.drift) } as AccountOptions,
    ctx.store.baseUrl,
  );
  sendJson(ctx.res, 201, created);
}

/** GET /__replica/accounts/:id: the account's whole state. */
export function getAccount(ctx: Ctx): void {
  sendJson(ctx.res, 200, ctx.store.snapshot(accountOf(ctx)));
}

/** PATCH /__replica/accounts/:id/faults: merges faults; `null` clears one. Answers the faults now set. */
export async function patchFaults(ctx: Ctx): Promise<void> {
  const account = accountOf(ctx);
  const patch = parse(faultsSchema, await jsonBody(ctx));
  const merged: Record<string, unknown> = { ...account.faults };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  account.faults = merged as Faults;
  sendJson(ctx.res, 200, account.faults);
}

/** PATCH /__replica/accounts/:id/drift: merges changes to this account's pages; `null` clears one. Answers the account's drift. */
export async function patchAccountDrift(ctx: Ctx): Promise<void> {
  const account = accountOf(ctx);
  account.drift = mergePatch(account.drift, parse(driftSchema, await jsonBody(ctx)));
  sendJson(ctx.res, 200, account.drift);
}

/** PATCH /__replica/drift: merges changes to every account's pages and to the sign-in pages; `null` clears one. */
export async function patchDrift(ctx: Ctx): Promise<void> {
  ctx.store.look.drift = mergePatch(ctx.store.look.drift, parse(driftSchema, await jsonBody(ctx)));
  sendJson(ctx.res, 200, ctx.store.look.drift);
}

/** PUT /__replica/markup `{ transforms, seed? }`: how every page is written (an account's own markup wins). Answers it. */
export async function putMarkup(ctx: Ctx): Promise<void> {
  ctx.store.look.markup = parse(markupSchema, await jsonBody(ctx));
  sendJson(ctx.res, 200, ctx.store.look.markup);
}

/** GET /__replica/markup: the replica-wide markup. */
export function getMarkup(ctx: Ctx): void {
  sendJson(ctx.res, 200, ctx.store.look.markup);
}

/** PUT /__replica/accounts/:id/markup `{ transforms, seed? }`: how this account's pages are written. Answers it. */
export async function putAccountMarkup(ctx: Ctx): Promise<void> {
  const account = accountOf(ctx);
  account.markup = parse(markupSchema, await jsonBody(ctx));
  sendJson(ctx.res, 200, account.markup);
}

/** DELETE /__replica/accounts/:id/markup: the account follows the replica-wide markup again. Answers that. */
export function deleteAccountMarkup(ctx: Ctx): void {
  const account = accountOf(ctx);
  delete account.markup;
  sendJson(ctx.res, 200, ctx.store.look.markupFor(account));
}

/** POST /__replica/accounts/:id/clock `{ advanceSeconds }`: moves the account's clock. */
export async function advanceClock(ctx: Ctx): Promise<void> {
  const account = accountOf(ctx);
  const { advanceSeconds } = parse(clockSchema, await jsonBody(ctx));
  account.clockOffsetSeconds += advanceSeconds;
  sendJson(ctx.res, 200, clockView(ctx, account));
}

/** GET /__replica/accounts/:id/clock. */
export function getClock(ctx: Ctx): void {
  sendJson(ctx.res, 200, clockView(ctx, accountOf(ctx)));
}

/** POST /__replica/reset: forgets every account, session and sign-in flow. */
export function reset(ctx: Ctx): void {
  ctx.store.reset();
  sendJson(ctx.res, 200, { reset: true });
}

/** GET /__replica/health. */
export function health(ctx: Ctx): void {
  sendJson(ctx.res, 200, {
    ok: true,
    baseUrl: ctx.store.baseUrl,
    accounts: ctx.store.iam.accounts.size,
    sessions: ctx.store.signin.sessions.size,
  });
}

/** GET /__replica/accounts/:id/outbox: the mails the replica sent for this account, oldest first. */
export function getOutbox(ctx: Ctx): void {
  const mails: OutboxEmailView[] = accountOf(ctx).identityCenter.outbox.map((m) => ({ ...m }));
  sendJson(ctx.res, 200, mails);
}

/** POST /__replica/accounts/:id/identity-center/reset: forgets the account's organization, Identity Center and portal state. */
export function resetAccountIdentityCenter(ctx: Ctx): void {
  resetIdentityCenter(accountOf(ctx).identityCenter);
  sendJson(ctx.res, 200, { reset: true });
}
