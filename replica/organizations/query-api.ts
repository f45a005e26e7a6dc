import { AwsError, escapeXml as x } from '../core/http.ts';
import type { Ctx } from '../context.ts';
import type { Account } from '../iam/model.ts';
import { assumeRoot } from '../sts/assume-root.ts';
import { allows, rootSessionFor, type RootSession } from '../sts/model.ts';
import { extrasOf, organizationOf, ORG_FEATURES, rootCredentials, type OrgFeature } from './model.ts';

/**
 * The Query-API (form in, XML out) actions of centralized root access, dispatched from
 * api/iam-query.ts: IAM `ListOrganizationsFeatures`, `Enable/DisableOrganizationsRoot…`, the
 * root-scoped credential actions (`GetLoginProfile`, `DeleteLoginProfile`, `ListAccessKeys`,
 * `DeleteAccessKey`, `DeactivateMFADevice`, `DeleteVirtualMFADevice`, `ListSigningCertificates`,
 * `DeleteSigningCertificate`), STS `AssumeRoot`, and the root session itself: a caller whose access
 * key id is an AssumeRoot session is that member's root user, limited by its task policy.
 */

export type QueryAction = (account: Account, params: URLSearchParams, ctx: Ctx) => string;

/** The root session of this request, once `rootCaller` has checked it. */
const sessionOfCtx = new WeakMap<Ctx, RootSession>();

const rootArn = (account: Account): string => `arn:aws:iam::${account.id}:root`;

/**
 * When the access key id belongs to an AssumeRoot session: checks its token, its end and its task
 * policy for this action, and answers the member account it is root of. Undefined for other keys.
 */
export function rootCaller(ctx: Ctx, keyId: string, service: 'iam' | 'sts', action: string, params: URLSearchParams): Account | undefined {
  const session = rootSessionFor(ctx.store, keyId);
  if (!session) return undefined;
  const token =
    ctx.req.headers['x-amz-security-token'] ?? params.get('X-Amz-Security-Token') ?? ctx.url.searchParams.get('X-Amz-Security-Token');
  if (token !== session.sessionToken)
    throw new AwsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
  if (ctx.store.iam.nowSeconds(session.account) >= session.expiresAt)
    throw new AwsError(403, 'ExpiredToken', 'The security token included in the request is expired');
  // GetCallerIdentity needs no permission, as on AWS; root credentials cannot call AssumeRoot (aws-apis.md).
  const allowed = service === 'sts' ? action === 'GetCallerIdentity' : allows(session, action);
  if (!allowed) {
    const prefix = service === 'sts' ? 'sts' : 'iam';
    throw new AwsError(
      403,
      'AccessDenied',
      `User: ${rootArn(session.account)} is not authorized to perform: ${prefix}:${action} on resource: ${rootArn(session.account)} because no session policy allows the ${prefix}:${action} action (task policy ${session.taskPolicy})`,
    );
  }
  sessionOfCtx.set(ctx, session);
  return session.account;
}

/** This module's handler for an action, when it has one (checked before the IAM and STS tables). */
export function orgQueryAction(ctx: Ctx, service: 'iam' | 'sts', action: string): QueryAction | undefined {
  if (service === 'sts') {
    if (action === 'AssumeRoot') return assumeRoot;
    if (action === 'GetCallerIdentity' && sessionOfCtx.has(ctx)) {
      return (account) => `<Arn>${rootArn(account)}</Arn><UserId>${account.id}</UserId><Account>${account.id}</Account>`;
    }
    return undefined;
  }
  return Object.hasOwn(IAM_ACTIONS, action) ? IAM_ACTIONS[action] : undefined;
}

const list = (name: string, members: string[]): string =>
  members.length ? `<${name}>${members.map((m) => `<member>${m}</member>`).join('')}</${name}>` : `<${name}/>`;
const untruncated = '<IsTruncated>false</IsTruncated>';

/** Root credentials in a root session; an ordinary caller (the replica's administrator user) has none of its own. */
function subjectOf(ctx: Ctx, account: Account, params: URLSearchParams): { name: string; root: boolean } {
  const userName = params.get('UserName');
  if (userName) throw new AwsError(404, 'NoSuchEntity', `The user with name ${userName} cannot be found.`);
  return sessionOfCtx.has(ctx) ? { name: account.id, root: true } : { name: 'replica-verifier', root: false };
}

function requiredParam(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) {
    const lower = name.charAt(0).toLowerCase() + name.slice(1);
    throw new AwsError(
      400,
      'ValidationError',
      `1 validation error detected: Value null at '${lower}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

// ---- Organizations features (management account) ----

function managementOnly(ctx: Ctx, account: Account, enabling: boolean) {
  if (sessionOfCtx.has(ctx)) throw new AwsError(403, 'AccessDenied', `User: ${rootArn(account)} is not authorized to perform this action`);
  const found = organizationOf(ctx.store, account);
  if (!found)
    throw new AwsError(400, 'OrganizationNotFoundException', 'The request failed because your account is not a member of an organization.');
  if (found.management !== account) {
    throw enabling
      ? new AwsError(
          400,
          'CallerIsNotManagementAccountException',
          'The request failed because the caller is not the management account of the organization.',
        )
      : new AwsError(
          400,
          'AccountNotManagementOrDelegatedAdministratorException',
          'The request failed because the account is not the management account or delegated administrator of the organization.',
        );
  }
  return { org: found.org, extras: extrasOf(account) };
}

const featuresXml = (orgId: string, features: Set<OrgFeature>): string =>
  `<OrganizationId>${orgId}</OrganizationId>${list(
    'EnabledFeatures',
    ORG_FEATURES.filter((f) => features.has(f)),
  )}`;

function setFeature(feature: OrgFeature, on: boolean): QueryAction {
  return (account, _params, ctx) => {
    const { org, extras } = managementOnly(ctx, account, on);
    if (on && !extras.iamTrustedAccess) {
      throw new AwsError(
        400,
        'ServiceAccessNotEnabledException',
        'The request failed because trusted access for IAM is not enabled in AWS Organizations (iam.amazonaws.com).',
      );
    }
    if (on) extras.features.add(feature);
    else extras.features.delete(feature);
    return featuresXml(org.id, extras.features);
  };
}

// ---- Root credentials ----

function accessKeyMember(name: string, k: Account['accessKeys'][number]): string {
  return `<UserName>${x(name)}</UserName><AccessKeyId>${k.id}</AccessKeyId><Status>${k.status}</Status><CreateDate>${k.createDate}</CreateDate>`;
}

const IAM_ACTIONS: Record<string, QueryAction> = {
  ListOrganizationsFeatures: (account, _params, ctx) => {
    const { org, extras } = managementOnly(ctx, account, false);
    return featuresXml(org.id, extras.features);
  },
  EnableOrganizationsRootCredentialsManagement: setFeature('RootCredentialsManagement', true),
  DisableOrganizationsRootCredentialsManagement: setFeature('RootCredentialsManagement', false),
  EnableOrganizationsRootSessions: setFeature('RootSessions', true),
  DisableOrganizationsRootSessions: setFeature('RootSessions', false),

  GetLoginProfile: (account, params, ctx) => {
    const who = subjectOf(ctx, account, params);
    const profile = who.root ? rootCredentials(account).loginProfile : null;
    if (!profile) throw new AwsError(404, 'NoSuchEntity', `Login Profile for User ${who.root ? 'root' : who.name} cannot be found.`);
    return `<LoginProfile><UserName>${x(who.name)}</UserName><CreateDate>${profile.createDate}</CreateDate><PasswordResetRequired>false</PasswordResetRequired></LoginProfile>`;
  },
  DeleteLoginProfile: (account, params, ctx) => {
    const who = subjectOf(ctx, account, params);
    const creds = rootCredentials(account);
    if (!who.root || !creds.loginProfile)
      throw new AwsError(404, 'NoSuchEntity', `Login Profile for User ${who.root ? 'root' : who.name} cannot be found.`);
    creds.loginProfile = null;
    return '';
  },
  ListAccessKeys: (account, params, ctx) => {
    const who = subjectOf(ctx, account, params);
    const keys = who.root ? account.accessKeys : [];
    return `${list(
      'AccessKeyMetadata',
      keys.map((k) => accessKeyMember(who.name, k)),
    )}${untruncated}`;
  },
  DeleteAccessKey: (account, params, ctx) => {
    const who = subjectOf(ctx, account, params);
    const id = requiredParam(params, 'AccessKeyId');
    const index = who.root ? account.accessKeys.findIndex((k) => k.id === id) : -1;
    if (index < 0) throw new AwsError(404, 'NoSuchEntity', `The Access Key with id ${id} cannot be found.`);
    account.accessKeys.splice(index, 1);
    return '';
  },
  DeactivateMFADevice: (account, params, ctx) => {
    const who = subjectOf(ctx, account, params);
    const serial = requiredParam(params, 'SerialNumber');
    const device = who.root ? account.mfaDevices.find((d) => d.serialNumber === serial && d.enableDate) : undefined;
    if (!device) throw new AwsError(404, 'NoSuchEntity', `MFA Device with serial number ${serial} does not exist.`);
    device.enableDate = null;
    device.lastUsedStep = null;
    return '';
  },
  DeleteVirtualMFADevice: (account, params, ctx) => {
    subjectOf(ctx, account, params);
    const serial = requiredParam(params, 'SerialNumber');
    const index = account.mfaDevices.findIndex((d) => d.serialNumber === serial);
    if (index < 0) throw new AwsError(404, 'NoSuchEntity', `VirtualMFADevice with serial number ${serial} doesn't exist.`);
    if (account.mfaDevices[index]!.enableDate) throw new AwsError(409, 'DeleteConflict', 'MFA Device is still in use.');
    account.mfaDevices.splice(index, 1);
    return '';
  },
  ListSigningCertificates: (account, params, ctx) => {
    const who = subjectOf(ctx, account, params);
    const certs = who.root ? rootCredentials(account).signingCertificates : [];
    const members = certs.map(
      (c) =>
        `<UserName>${x(who.name)}</UserName><CertificateId>${c.id}</CertificateId><CertificateBody>${x(c.body)}</CertificateBody><Status>${c.status}</Status><UploadDate>${c.uploadDate}</UploadDate>`,
    );
    return `${list('Certificates', members)}${untruncated}`;
  },
  DeleteSigningCertificate: (account, params, ctx) => {
    const who = subjectOf(ctx, account, params);
    const id = requiredParam(params, 'CertificateId');
    const certs = rootCredentials(account).signingCertificates;
    const index = who.root ? certs.findIndex((c) => c.id === id) : -1;
    if (index < 0) throw new AwsError(404, 'NoSuchEntity', `The Certificate with id ${id} cannot be found.`);
    certs.splice(index, 1);
    return '';
  },
};
