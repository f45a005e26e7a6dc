import type { AccessKeyView, ConsoleContext, CreatedVirtualMfa, Faults, MfaDeviceView } from '../contract.ts';
import { AwsError, jsonBody, sendJson } from '../core/http.ts';
import { consoleApiSession } from '../signin/session.ts';
import type { Ctx, Handler } from '../context.ts';
import { addVirtualDevice, checkEnableCodes, enableDevice, INVALID_CODE } from './mfa-check.ts';
import { otpauthUri, qrPngBase64 } from '../core/qr.ts';
import type { Account, RootAccessKey, VirtualMfaDevice } from './model.ts';
import type { ReplicaStore } from '../store.ts';
import type { Session } from '../signin/store.ts';

/**
 * The console's private JSON endpoints (contract.ts `CONSOLE_API`, console-facts §2.9): session
 * cookie required, `X-CSRF-Token` on POST and DELETE, errors as `{ error: { code, message } }`.
 */

type Signed = { session: Session; account: Account };
type ApiHandler = (ctx: Ctx, signed: Signed) => Promise<unknown> | unknown;

const SERVICE_FAILURE = { code: 'ServiceFailure', message: 'We encountered an internal error. Please try again.' } as const;

/** Wraps a handler with the session, the session-expiry fault, slowMs and the CSRF check; sends its result as JSON. */
function consoleApi(handler: ApiHandler): Handler {
  return async (ctx) => {
    const signed = await consoleApiSession(ctx);
    if (signed) sendJson(ctx.res, 200, (await handler(ctx, signed)) ?? {});
  };
}

/** Takes one from a counting fault; true when it fired. Spent faults are removed. */
function spend(faults: Faults, key: 'rejectCodes' | 'deleteAccessKeyFails'): boolean;
function spend(faults: Faults, key: 'addMfaServerError', afterEnable: boolean): boolean;
function spend(faults: Faults, key: 'rejectCodes' | 'deleteAccessKeyFails' | 'addMfaServerError', afterEnable?: boolean): boolean {
  if (key !== 'addMfaServerError') {
    const left = faults[key];
    if (!left || left <= 0) return false;
    if (left === 1) delete faults[key];
    else faults[key] = left - 1;
    return true;
  }
  const fault = faults.addMfaServerError;
  if (!fault || fault.count <= 0 || fault.afterEnable !== afterEnable) return false;
  fault.count -= 1;
  if (fault.count === 0) delete faults.addMfaServerError;
  return true;
}

const mfaView = (d: VirtualMfaDevice): MfaDeviceView => ({
  serialNumber: d.serialNumber,
  deviceName: d.name,
  type: 'Virtual',
  enableDate: d.enableDate!,
});

const keyView = (k: RootAccessKey): AccessKeyView => ({
  id: k.id,
  status: k.status,
  createDate: k.createDate,
  lastUsedDate: k.lastUsedDate,
  lastUsedService: k.lastUsedService,
  lastUsedRegion: k.lastUsedRegion,
});

function stringField(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string')
    throw new AwsError(
      400,
      'ValidationError',
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must be a string.`,
    );
  return value;
}

function findKey(account: Account, rawId: string): RootAccessKey {
  const id = rawId.replace(/^root\/keys\//, '');
  const key = account.accessKeys.find((k) => k.id === id);
  if (!key) throw new AwsError(404, 'NoSuchEntity', `The Access Key with id ${id} cannot be found.`);
  return key;
}

export const context = consoleApi((ctx, { account }): ConsoleContext => ({
  accountId: account.id,
  accountAlias: account.alias,
  displayName: account.alias ?? account.id,
  userArn: `arn:aws:iam::${account.id}:root`,
  generation: account.options.generation,
  drift: ctx.store.look.driftFor(account),
}));

/** The root's MFA devices in use (enabled ones). */
export const listMfa = consoleApi((_ctx, { account }): MfaDeviceView[] => account.mfaDevices.filter((d) => d.enableDate).map(mfaView));

/**
 * The model operations behind the endpoints below, with the account's faults, for every console
 * rendering that changes MFA devices or access keys (these JSON endpoints, replica/plain's forms).
 */

/** CreateVirtualMFADevice for root: the name checked, the device created unassigned; its seed and QR as the console gets them. */
export async function createRootVirtualMfa(
  store: ReplicaStore,
  account: Account,
  name: unknown,
  path?: unknown,
): Promise<{ device: VirtualMfaDevice; created: CreatedVirtualMfa }> {
  if (path !== undefined && path !== '/') {
    throw new AwsError(400, 'ValidationError', 'Only the path "/" is replicated for root virtual MFA devices.');
  }
  const device = addVirtualDevice(account, name, store.iam.nowIso(account));
  const uri = otpauthUri(device.name, account.alias ?? account.id, device.seed);
  return { device, created: { serialNumber: device.serialNumber, base32StringSeed: device.seed, qrCodePNG: await qrPngBase64(uri) } };
}

/** EnableMFADevice for root with two codes, under the faults `rejectCodes` and `addMfaServerError`. */
export function enableRootMfa(
  store: ReplicaStore,
  account: Account,
  serialNumber: string,
  code1: unknown,
  code2: unknown,
  userName: unknown = '',
): VirtualMfaDevice {
  if (userName !== '') throw new AwsError(404, 'NoSuchEntity', `The user with name ${String(userName)} cannot be found.`);
  const device = account.mfaDevices.find((d) => d.serialNumber === serialNumber);
  if (!device) throw new AwsError(404, 'NoSuchEntity', `VirtualMFADevice with serial number ${serialNumber} doesn't exist.`);
  if (device.enableDate) throw new AwsError(409, 'EntityAlreadyExists', 'MFA Device is already in use.');

  if (spend(account.faults, 'rejectCodes')) throw new AwsError(403, INVALID_CODE.code, INVALID_CODE.message);
  if (spend(account.faults, 'addMfaServerError', false)) throw new AwsError(500, SERVICE_FAILURE.code, SERVICE_FAILURE.message);
  const step = checkEnableCodes(device, code1, code2, store.iam.nowSeconds(account));
  enableDevice(account, device, step, store.iam.nowIso(account));
  // With `afterEnable` the device is enabled, yet the console sees a failure (it must re-read the list).
  if (spend(account.faults, 'addMfaServerError', true)) throw new AwsError(500, SERVICE_FAILURE.code, SERVICE_FAILURE.message);
  return device;
}

/** Activates or deactivates a root access key (NoSuchEntity when there is none with that id). */
export function setRootAccessKeyStatus(account: Account, id: string, status: RootAccessKey['status']): RootAccessKey {
  const key = findKey(account, id);
  key.status = status;
  return key;
}

/** Deletes an inactive root access key, under the fault `deleteAccessKeyFails` (DeleteConflict while active). */
export function deleteRootAccessKey(account: Account, id: string): void {
  const key = findKey(account, id);
  if (spend(account.faults, 'deleteAccessKeyFails')) throw new AwsError(500, SERVICE_FAILURE.code, SERVICE_FAILURE.message);
  if (key.status === 'Active') {
    throw new AwsError(409, 'DeleteConflict', `Access key ${key.id} is active. Deactivate the access key before you delete it.`);
  }
  account.accessKeys = account.accessKeys.filter((k) => k !== key);
}

export const createVirtualMfa = consoleApi(async (ctx, { account }): Promise<CreatedVirtualMfa> => {
  const body = await jsonBody(ctx);
  return (await createRootVirtualMfa(ctx.store, account, body.virtualMFADeviceName, body.path)).created;
});

export const enableMfaDevice = consoleApi(async (ctx, { account }): Promise<MfaDeviceView> => {
  const body = await jsonBody(ctx);
  const serialNumber = stringField(body, 'serialNumber');
  return mfaView(enableRootMfa(ctx.store, account, serialNumber, body.authenticationCode1, body.authenticationCode2, body.userName ?? ''));
});

export const listAccessKeys = consoleApi((_ctx, { account }): AccessKeyView[] => account.accessKeys.map(keyView));

export const deactivateAccessKey = consoleApi(async (ctx, { account }): Promise<AccessKeyView> =>
  keyView(setRootAccessKeyStatus(account, stringField(await jsonBody(ctx), 'id'), 'Inactive')),
);

export const activateAccessKey = consoleApi(async (ctx, { account }): Promise<AccessKeyView> =>
  keyView(setRootAccessKeyStatus(account, stringField(await jsonBody(ctx), 'id'), 'Active')),
);

export const deleteAccessKey = consoleApi((ctx, { account }) => {
  deleteRootAccessKey(account, ctx.params.id ?? '');
  return {};
});
