import { existsSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { isAgeRecipient } from '../lib/secrets/vault.ts';
import type { MarkupVariation } from '../replica/markup/catalog.ts';
import { splitMarkupList, unknownMarkupMessage, unknownMarkupNames } from '../replica/markup/names.ts';

/** Settings or API readers a runbook needs beyond the shared ones. */
export type RunbookNeed =
  /** The Identity Center administrator (IDC_USER_*): required on `aws` before the run starts. */
  | 'identity-center-user'
  /** The Identity Center / identity store / Organizations API reader (`ctx.idc`). */
  | 'identity-center-api';

/**
 * The one place that reads process.env: dotenv once, empty strings as unset, one zod schema,
 * every problem reported together. Everything else receives the frozen `Config`.
 */

const DEVICE_NAME = /^[\w+=,.@-]+$/;
// identitystore CreateUser/CreateGroup: names IAM Identity Center keeps for itself (console-facts.md §3.5).
const RESERVED_IDC_NAMES = new Set(['administrator', 'awsadministrators']);
/** The Identity Center user of the replica target when IDC_USER_* are unset (a demo, like the replica's accounts). */
const REPLICA_IDC_USER = { userName: 'cloud-admin', email: 'cloud-admin@example.com', givenName: 'Cloud', familyName: 'Admin' };
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const httpsUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));

const schema = z
  .object({
    RUNBOOK_TARGET: z.enum(['replica', 'aws']).default('replica'),
    RUNBOOK_MODE: z.enum(['run', 'check']).default('run'),
    AWS_SIGNIN_URL: httpsUrl.default('https://signin.aws.amazon.com'),
    AWS_CONSOLE_URL: httpsUrl.default('https://console.aws.amazon.com'),
    AWS_REGION: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must look like us-east-1')
      .default('us-east-1'),
    AWS_IAM_ENDPOINT: httpsUrl.optional(),
    AWS_STS_ENDPOINT: httpsUrl.optional(),
    AWS_SSO_ADMIN_ENDPOINT: httpsUrl.optional(),
    AWS_IDENTITYSTORE_ENDPOINT: httpsUrl.optional(),
    AWS_ORGANIZATIONS_ENDPOINT: httpsUrl.optional(),
    ACCOUNT_ID: z
      .string()
      .regex(/^\d{12}$/, 'must be 12 digits')
      .optional(),
    ROOT_EMAIL: z.email('must be an email address').optional(),
    ROOT_PASSWORD: z.string().min(1).optional(),
    MFA_DEVICE_NAME: z
      .string()
      .max(128, 'must have 128 characters or fewer')
      .regex(DEVICE_NAME, 'may contain only letters, digits and + = , . @ - _')
      .default('root-mfa'),
    VAULT_DIR: z.string().default('vault'),
    VAULT_RECIPIENTS: z
      .string()
      .transform((s) => s.split(/[\s,]+/).filter(Boolean))
      .superRefine((list, ctx) => {
        for (const r of list) if (!isAgeRecipient(r)) ctx.addIssue({ code: 'custom', message: `"${r}" is not an age recipient (age1…)` });
      })
      .optional(),
    EVIDENCE_DIR: z.string().default('evidence'),
    EVIDENCE_SIGNING_KEY: z
      .string()
      .refine((p) => existsSync(p), 'no file at that path')
      .optional(),
    EVIDENCE_SCREENCAST: z
      .enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'], 'must be on or off')
      .transform((v) => ['on', 'true', '1', 'yes'].includes(v))
      .default(false),
    HEADLESS: bool.optional(),
    HANDOFF_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(3600).default(600),
    STEP_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
    SHAPE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(15),
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    PLAYWRIGHT_CHROMIUM_EXECUTABLE: z
      .string()
      .refine((p) => existsSync(p), 'no file at that path')
      .optional(),
    REPLICA_GENERATION: z.enum(['current', 'legacy']).default('current'),
    REPLICA_FORCED_MFA_PROMPT: bool.default(false),
    REPLICA_URL: httpsUrl.optional(),
    REPLICA_ACCOUNT_ID: z
      .string()
      .regex(/^\d{12}$/, 'must be 12 digits')
      .optional(),
    REPLICA_MARKUP: z
      .string()
      .transform((s) => splitMarkupList(s))
      .superRefine((names, ctx) => {
        const unknown = unknownMarkupNames(names);
        if (unknown.length) ctx.addIssue({ code: 'custom', message: unknownMarkupMessage(unknown) });
      })
      .optional(),
    REPLICA_MARKUP_SEED: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    VAULT_IDENTITY_FILE: z
      .string()
      .refine((p) => existsSync(p), 'no file at that path')
      .optional(),
    IDC_REGION: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must look like us-east-1')
      .optional(),
    IDC_USER_NAME: z
      .string()
      .max(100, 'must have 100 characters or fewer (the console limit)')
      .refine((u) => !RESERVED_IDC_NAMES.has(u.toLowerCase()), 'is reserved by IAM Identity Center')
      .optional(),
    IDC_USER_EMAIL: z.email('must be an email address').optional(),
    IDC_USER_GIVEN_NAME: z.string().max(128).optional(),
    IDC_USER_FAMILY_NAME: z.string().max(128).optional(),
    IDC_USER_DISPLAY_NAME: z.string().max(256).optional(),
    IDC_PASSWORD_DELIVERY: z.enum(['one-time-password', 'email']).default('one-time-password'),
    IDC_GROUP_NAME: z
      .string()
      .max(128, 'must have 128 characters or fewer')
      .refine((g) => !RESERVED_IDC_NAMES.has(g.toLowerCase()), 'is reserved by IAM Identity Center')
      .default('Admins'),
    IDC_PERMISSION_SET: z
      .string()
      .max(32, 'must have 32 characters or fewer')
      .regex(/^[\w+=,.@-]+$/, 'may contain only letters, digits and + = , . @ - _')
      .default('AdministratorAccess'),
    IDC_PORTAL_URL: httpsUrl.optional(),
    FLEET_MANIFEST: z
      .string()
      .refine((p) => existsSync(p), 'no file at that path')
      .optional(),
    FLEET_FORCE: bool.default(false),
    ORG_MANAGEMENT_ACCOUNT_ID: z
      .string()
      .regex(/^\d{12}$/, 'must be 12 digits')
      .optional(),
    ORG_ENABLE_CENTRAL_ROOT_ACCESS: bool.default(false),
    FLEET_ORGANIZATION: bool.default(false),
    RUNBOOK_EXTRA_MODULES: z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean),
      )
      .superRefine((files, ctx) => {
        const missing = files.filter((f) => !existsSync(f));
        if (missing.length) ctx.addIssue({ code: 'custom', message: `no file at ${missing.map((f) => `"${f}"`).join(', ')}` });
        const odd = files.filter((f) => existsSync(f) && !/\.(ts|mts|js|mjs)$/.test(f));
        if (odd.length)
          ctx.addIssue({ code: 'custom', message: `not a TypeScript or JavaScript module: ${odd.map((f) => `"${f}"`).join(', ')}` });
      })
      .optional(),
  })
  .superRefine((c, ctx) => {
    if (c.REPLICA_ACCOUNT_ID && !c.REPLICA_URL) {
      ctx.addIssue({ code: 'custom', path: ['REPLICA_ACCOUNT_ID'], message: 'needs REPLICA_URL: an account lives in a running replica' });
    }
    if (c.RUNBOOK_TARGET !== 'aws') return;
    if (!c.ROOT_EMAIL) ctx.addIssue({ code: 'custom', path: ['ROOT_EMAIL'], message: 'is required when RUNBOOK_TARGET=aws' });
    if (!c.VAULT_RECIPIENTS?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['VAULT_RECIPIENTS'],
        message: 'is required when RUNBOOK_TARGET=aws: the seed must be encrypted to your security team',
      });
    }
    if (!c.EVIDENCE_SIGNING_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['EVIDENCE_SIGNING_KEY'],
        message: 'is required when RUNBOOK_TARGET=aws: the Ed25519 private key (PEM file) that signs evidence.json',
      });
    }
  });

/** Every setting's name (each is documented in .env.example: tests/config.spec.ts checks it). */
export const SETTING_KEYS: readonly string[] = Object.keys(schema.shape);

/** Validated, frozen settings of one run. */
export interface Config {
  target: 'replica' | 'aws';
  /** `check` walks every page up to the first change, asserts its shape, and cancels. */
  mode: 'run' | 'check';
  signinUrl: string;
  consoleUrl: string;
  region: string;
  accountId?: string;
  rootEmail?: string;
  /** Secret: never log it. Absent on `aws` means the operator types it in the headed browser. */
  rootPassword?: string;
  mfaDeviceName: string;
  vaultDir: string;
  /** Empty on the replica target until the demo identity is made (fixtures/vault.ts). */
  vaultRecipients: string[];
  evidenceDir: string;
  /** PEM file of the Ed25519 key that signs evidence; unset on the replica (a local key is made). */
  evidenceSigningKey?: string;
  /**
   * EVIDENCE_SCREENCAST=on: the evidence trace also records the screencast (a film strip, its frames
   * taken while a secret was on screen replaced). Off by default: DOM snapshots, network and sources,
   * plus the masked screenshot after each step, show the auditor the page at a fraction of the cost.
   */
  evidenceScreencast: boolean;
  headless: boolean;
  handoffTimeoutMs: number;
  /** Run mode: how long one action, navigation or wait may take (STEP_TIMEOUT_SECONDS) before the step fails naming what it waited for. */
  stepTimeoutMs: number;
  /** Check mode: how long a page, or a part a page object relies on, may take to show its recorded shape before it counts as changed (SHAPE_TIMEOUT_SECONDS). */
  shapeTimeoutMs: number;
  /**
   * API endpoints on the aws target (AWS_*_ENDPOINT: a private endpoint, another partition, a test double);
   * unset: the SDK's default for the Region. The replica target uses the replica's own endpoint.
   */
  endpoints: { iam?: string; sts?: string; ssoAdmin?: string; identityStore?: string; organizations?: string };
  logLevel: string;
  logFormat: 'json' | 'pretty';
  chromiumExecutable?: string;
  /** `accountId`: work on this existing account of the replica at `url` instead of a fresh one. */
  replica: {
    generation: 'current' | 'legacy';
    forcedMfaPrompt: boolean;
    url?: string;
    accountId?: string;
    /** How the replica writes its pages (REPLICA_MARKUP, REPLICA_MARKUP_SEED; replica/markup/catalog.ts); unset: as recorded. */
    markup?: MarkupVariation;
  };
  /** A fleet run (lib/fleet/fleet.ts): the accounts manifest, and whether accounts already done run again. */
  fleet: { manifest?: string; force: boolean };
  /**
   * Organizations (lib/org, issue 13): the management account whose credentials classify a fleet and call AssumeRoot
   * (on aws: the default credential chain must be that account's), whether a fleet turns centralized root access on
   * first (`--enable-central-root-access`), and whether the fleet is every account of the organization (`--organization`).
   */
  organization: { managementAccountId?: string; enableCentralRootAccess: boolean; fromOrganization: boolean };
  /** Age identity that decrypts the vault: lets a runbook use a secret an earlier one stored (replica: the demo identity). */
  vaultIdentityFile?: string;
  /** RUNBOOK_EXTRA_MODULES: more runbook modules (absolute paths), each exporting `defineRunbook(...)`; read by runbooks/registry.ts. */
  extraRunbookModules: string[];
  /** The identity-center and portal-user-mfa runbooks. */
  identityCenter: IdentityCenterConfig;
}

/** What the identity-center and portal-user-mfa runbooks set up. */
export interface IdentityCenterConfig {
  /** Where Identity Center lives or is enabled (IDC_REGION, default AWS_REGION). */
  region: string;
  /** The administrator to add; undefined on `aws` until IDC_USER_NAME, IDC_USER_EMAIL, IDC_USER_GIVEN_NAME and IDC_USER_FAMILY_NAME are all set. */
  user?: { userName: string; email: string; givenName: string; familyName: string; displayName?: string };
  /** How the user gets a first password: a one-time password into the vault (default), or the invitation email. */
  passwordDelivery: 'one-time-password' | 'email';
  groupName: string;
  permissionSet: string;
  /** The access portal URL when it cannot be derived from the identity store id (a custom subdomain). */
  portalUrl?: string;
}

/**
 * Settings the runbooks about to run need that the schema cannot require of every run (the Identity
 * Center user on `aws`): one line per problem, empty when the runbooks can start. `needs` is what they
 * need together and `needing` names the runbooks that need it, both from the registry (runbooks/registry.ts).
 */
export function problemsFor(config: Config, needs: ReadonlySet<RunbookNeed>, needing: (need: RunbookNeed) => readonly string[]): string[] {
  if (!needs.has('identity-center-user') || config.identityCenter.user) return [];
  return [
    `✖ IDC_USER_NAME, IDC_USER_EMAIL, IDC_USER_GIVEN_NAME and IDC_USER_FAMILY_NAME: all are required on aws for the Identity Center administrator (${needing('identity-center-user').join(', ')})`,
  ];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses settings from `env` (process.env plus .env by default); throws ConfigError naming every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = readEnv()): Config {
  const cleaned = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(`Bad configuration (fix these, see .env.example):\n${z.prettifyError(parsed.error)}`);
  }
  const c = parsed.data;
  const interactive = Boolean(process.stdout.isTTY) || env.RUNBOOK_TTY === '1';
  return Object.freeze({
    target: c.RUNBOOK_TARGET,
    mode: c.RUNBOOK_MODE,
    signinUrl: c.AWS_SIGNIN_URL,
    consoleUrl: c.AWS_CONSOLE_URL,
    region: c.AWS_REGION,
    accountId: c.ACCOUNT_ID,
    rootEmail: c.ROOT_EMAIL,
    rootPassword: c.ROOT_PASSWORD,
    mfaDeviceName: c.MFA_DEVICE_NAME,
    vaultDir: path.resolve(c.VAULT_DIR),
    vaultRecipients: c.VAULT_RECIPIENTS ?? [],
    evidenceDir: path.resolve(c.EVIDENCE_DIR),
    evidenceSigningKey: c.EVIDENCE_SIGNING_KEY ? path.resolve(c.EVIDENCE_SIGNING_KEY) : undefined,
    evidenceScreencast: c.EVIDENCE_SCREENCAST,
    headless: c.HEADLESS ?? c.RUNBOOK_TARGET === 'replica',
    handoffTimeoutMs: c.HANDOFF_TIMEOUT_SECONDS * 1000,
    stepTimeoutMs: c.STEP_TIMEOUT_SECONDS * 1000,
    shapeTimeoutMs: c.SHAPE_TIMEOUT_SECONDS * 1000,
    endpoints: Object.freeze({
      iam: c.AWS_IAM_ENDPOINT,
      sts: c.AWS_STS_ENDPOINT,
      ssoAdmin: c.AWS_SSO_ADMIN_ENDPOINT,
      identityStore: c.AWS_IDENTITYSTORE_ENDPOINT,
      organizations: c.AWS_ORGANIZATIONS_ENDPOINT,
    }),
    logLevel: c.LOG_LEVEL,
    logFormat: c.LOG_FORMAT ?? (interactive ? 'pretty' : 'json'),
    chromiumExecutable: c.PLAYWRIGHT_CHROMIUM_EXECUTABLE,
    replica: {
      generation: c.REPLICA_GENERATION,
      forcedMfaPrompt: c.REPLICA_FORCED_MFA_PROMPT,
      url: c.REPLICA_URL,
      accountId: c.REPLICA_ACCOUNT_ID,
      ...(c.REPLICA_MARKUP?.length
        ? {
            markup: {
              transforms: c.REPLICA_MARKUP as MarkupVariation['transforms'],
              ...(c.REPLICA_MARKUP_SEED === undefined ? {} : { seed: c.REPLICA_MARKUP_SEED }),
            },
          }
        : {}),
    },
    fleet: { manifest: c.FLEET_MANIFEST ? path.resolve(c.FLEET_MANIFEST) : undefined, force: c.FLEET_FORCE },
    organization: {
      managementAccountId: c.ORG_MANAGEMENT_ACCOUNT_ID,
      enableCentralRootAccess: c.ORG_ENABLE_CENTRAL_ROOT_ACCESS,
      fromOrganization: c.FLEET_ORGANIZATION,
    },
    vaultIdentityFile: c.VAULT_IDENTITY_FILE ? path.resolve(c.VAULT_IDENTITY_FILE) : undefined,
    extraRunbookModules: (c.RUNBOOK_EXTRA_MODULES ?? []).map((f) => path.resolve(f)),
    identityCenter: Object.freeze({
      region: c.IDC_REGION ?? c.AWS_REGION,
      user: idcUser(c),
      passwordDelivery: c.IDC_PASSWORD_DELIVERY,
      groupName: c.IDC_GROUP_NAME,
      permissionSet: c.IDC_PERMISSION_SET,
      portalUrl: c.IDC_PORTAL_URL,
    }),
  });
}

/** The configured Identity Center user; on the replica, unset fields take the demo user's values. */
function idcUser(c: z.infer<typeof schema>): IdentityCenterConfig['user'] {
  const given = {
    userName: c.IDC_USER_NAME,
    email: c.IDC_USER_EMAIL,
    givenName: c.IDC_USER_GIVEN_NAME,
    familyName: c.IDC_USER_FAMILY_NAME,
  };
  const filled =
    c.RUNBOOK_TARGET === 'replica'
      ? {
          userName: given.userName ?? REPLICA_IDC_USER.userName,
          email: given.email ?? REPLICA_IDC_USER.email,
          givenName: given.givenName ?? REPLICA_IDC_USER.givenName,
          familyName: given.familyName ?? REPLICA_IDC_USER.familyName,
        }
      : given;
  const { userName, email, givenName, familyName } = filled;
  if (!userName || !email || !givenName || !familyName) return undefined;
  return Object.freeze({
    userName,
    email,
    givenName,
    familyName,
    ...(c.IDC_USER_DISPLAY_NAME ? { displayName: c.IDC_USER_DISPLAY_NAME } : {}),
  });
}

let loaded = false;
function readEnv(): NodeJS.ProcessEnv {
  if (!loaded) {
    // RUNBOOK_ENV_FILE picks another file than ./.env (tests point it at /dev/null).
    dotenv.config({ quiet: true, path: process.env.RUNBOOK_ENV_FILE || '.env' });
    loaded = true;
  }
  return process.env;
}

/**
 * A secret a fleet manifest points at (`"password": "env:NAME"`): from the environment or .env.
 * Read here, so that this file stays the one place that reads process.env; never logged.
 */
export function envSecret(name: string): string | undefined {
  return readEnv()[name] || undefined;
}

/** loadConfig, or print the problems and exit 2: for entry points, before any browser starts. */
export function configOrExit(env?: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
}
