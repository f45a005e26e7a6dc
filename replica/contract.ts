/**
 * The contract between the replica's server, its console app (Cloudscape, in the browser) and the
 * tests that drive it through the side door. Types only, plus route constants: no behaviour.
 *
 * Console JSON endpoints follow the private endpoints the real console calls (console-facts.md §2.9):
 * same origin, session cookie, `X-CSRF-Token` header taken from `<meta name="xsrf-token" content="…">`.
 * Every error body is `{ "error": { "code": "<AwsErrorCode>", "message": "<console wording>" } }`.
 */

import type { IdentityCenterOptions } from './identity-center/contract.ts';
import type { MarkupVariation } from './markup/catalog.ts';

/** Console generation of the IAM pages: G2 "Assign MFA device" wizard, or G1 "Activate MFA" dialog. */
export type ConsoleGeneration = 'current' | 'legacy';

/** Where a security check (CAPTCHA) is shown at sign-in. */
export type SecurityCheckPoint = 'after-email' | 'after-password' | 'twice';

/** Faults the replica can inject per account (some are filled in by later issues). */
export interface Faults {
  /** Show the security check (CAPTCHA) at these points of root sign-in. */
  securityCheck?: SecurityCheckPoint;
  /** Refuse the next N enableMfaDevice calls with InvalidAuthenticationCode even when the codes are right. */
  rejectCodes?: number;
  /** Delay every console and API response by this many milliseconds. */
  slowMs?: number;
  /** Answer the next N enableMfaDevice calls with 500 ServiceFailure; `afterEnable` enables the device first. */
  addMfaServerError?: { count: number; afterEnable: boolean };
  /** Expire the console session after this many console API requests. */
  sessionExpiresAfterRequests?: number;
  /** Answer the next N root access-key deletions with 500 ServiceFailure; the key stays. */
  deleteAccessKeyFails?: number;
}

/**
 * Changes to the console's pages, so that check mode can be shown to notice them (side door
 * `PATCH /__replica/drift` for every account, `PATCH /__replica/accounts/:id/drift` for one).
 * Without drift the pages are as recorded.
 */
export interface ConsoleDrift {
  /** Visible texts to rename, whole text only: console pages (IAM, Identity Center), access portal pages, and sign-in pages (an account's own drift applies once the email is known). */
  renameLabel?: Array<{ from: string; to: string }>;
  /** The Assign MFA device wizard lists its steps the other way round ("Set up device" first). */
  reorderWizardSteps?: boolean;
  /** Label of a form field (or table column) the pages leave out, e.g. "Device name" (the console then names the device itself), "Status", "Confirm email address", "Confirm password" (replica/README.md, "Drift"). */
  dropField?: string;
  /** Label of a new required text field on the forms the runbooks fill: MFA set-up step 1 (wizard, legacy dialog), the Delete access key dialog, Add user's user details, the portal's set-password forms. */
  addRequiredField?: string;
}

/** Options of a new replica account, as given to the side door. All optional. */
export interface AccountOptions {
  accountId?: string; // 12 digits; generated when absent
  alias?: string;
  rootEmail?: string; // generated when absent
  rootPassword?: string; // generated (random, strong) when absent
  generation?: ConsoleGeneration; // default 'current'
  /** Show the forced-MFA prompt after the password for a root without MFA. Default false. */
  forcedMfaPrompt?: boolean;
  /** Days left to skip the forced-MFA prompt; 0 means "Skip" is not offered. Default 35. */
  forcedMfaDaysLeft?: number;
  /** Root access keys to create: each 'Active' or 'Inactive'. At most 2. */
  accessKeys?: Array<'Active' | 'Inactive'>;
  /** Pre-assigned root virtual MFA devices (by device name); their seeds are generated. */
  mfaDevices?: string[];
  faults?: Faults;
  /** Changes to this account's console pages (see ConsoleDrift). */
  drift?: ConsoleDrift;
  /** Where Identity Center and Organizations start (replica/identity-center/contract.ts). Default: neither exists. */
  identityCenter?: IdentityCenterOptions;
  /** How this account's pages are written (replica/markup/catalog.ts); default: the replica-wide markup. */
  markup?: MarkupVariation;
}

/** What the side door answers when it creates an account. `rootPassword` is a secret. */
export interface CreatedAccount {
  accountId: string;
  rootEmail: string;
  rootPassword: string;
  /** Credentials the IAM Query API accepts for this account (an administrator's, not root keys). */
  apiCredentials: { accessKeyId: string; secretAccessKey: string };
  /** Base URL of the replica (sign-in, console and APIs share it). */
  baseUrl: string;
}

/** One MFA device in the console's list (GET /iam/api/mfa). */
export interface MfaDeviceView {
  serialNumber: string; // arn:aws:iam::<account>:mfa/<name>
  deviceName: string;
  type: 'Virtual' | 'FIDO' | 'Hardware';
  enableDate: string; // ISO 8601
}

/** Answer of POST /iam/api/mfa/createVirtualMfa: the seed and QR are sent in clear, as the console does. */
export interface CreatedVirtualMfa {
  serialNumber: string;
  base32StringSeed: string;
  /** PNG of the otpauth URI, base64 (no data: prefix). */
  qrCodePNG: string;
}

/** One root access key in the console's list (GET /iam/service/root/keys). No secret is ever listed. */
export interface AccessKeyView {
  id: string; // AKIA…
  status: 'Active' | 'Inactive';
  createDate: string; // ISO 8601
  lastUsedDate: string | null;
  lastUsedService: string | null;
  lastUsedRegion: string | null;
}

/** Answer of GET /iam/api/console-context: who is signed in, and which UI generation to render. */
export interface ConsoleContext {
  accountId: string;
  accountAlias: string | null;
  /** Shown in the top navigation's account menu button. */
  displayName: string;
  userArn: string; // arn:aws:iam::<account>:root
  generation: ConsoleGeneration;
  /** Changes the app makes to its pages (the replica's and this account's drift); empty normally. */
  drift: ConsoleDrift;
}

export interface ApiError {
  error: { code: string; message: string };
}

/** Every route the console app calls, in one place. */
export const CONSOLE_API = {
  context: 'GET /iam/api/console-context',
  listMfa: 'GET /iam/api/mfa',
  createVirtualMfa: 'POST /iam/api/mfa/createVirtualMfa', // body { virtualMFADeviceName, path: "/" }
  enableMfaDevice: 'POST /iam/api/mfa/enableMfaDevice', // body { serialNumber, authenticationCode1, authenticationCode2, userName: "" }
  listAccessKeys: 'GET /iam/service/root/keys',
  deactivateAccessKey: 'POST /iam/service/deactivate', // body { id }
  activateAccessKey: 'POST /iam/service/activate', // body { id }
  deleteAccessKey: 'DELETE /iam/service/root/keys/:id',
  signOut: 'POST /signout',
} as const;
