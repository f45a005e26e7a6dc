import { randomUUID } from 'node:crypto';
import { AwsError, escapeXml as x, sendJson, sendXml } from '../core/http.ts';
import { slowDown } from '../signin/session.ts';
import type { Ctx } from '../context.ts';
import type { Account, VirtualMfaDevice } from './model.ts';
import { rootCredentials } from '../organizations/model.ts';
import { orgQueryAction, rootCaller } from '../organizations/query-api.ts';

/**
 * The IAM Query API (awsQuery: form body in, XML out; aws-apis.md §4.2) for the actions the
 * runbooks verify with, plus STS GetCallerIdentity. The account comes from the access key id in
 * the SigV4 `Authorization` header; signatures are not checked. Works with @aws-sdk/client-iam
 * and the `aws` CLI pointed at the replica's base URL.
 */

const NS = { iam: 'https://iam.amazonaws.com/doc/2010-05-08/', sts: 'https://sts.amazonaws.com/doc/2011-06-15/' } as const;
type Service = keyof typeof NS;
type Action = (account: Account, params: URLSearchParams, ctx: Ctx) => string;

const rootArn = (account: Account): string => `arn:aws:iam::${account.id}:root`;

function respond(action: string, service: Service, result: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<${action}Response xmlns="${NS[service]}">
  <${action}Result>${result}</${action}Result>
  <ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>
</${action}Response>`;
}

function errorXml(service: Service, err: AwsError, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ErrorResponse xmlns="${NS[service]}">
  <Error><Type>${err.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${x(err.code)}</Code><Message>${x(err.message)}</Message></Error>
  <RequestId>${requestId}</RequestId>
</ErrorResponse>`;
}

const list = (name: string, members: string[]): string =>
  members.length ? `<${name}>${members.map((m) => `<member>${m}</member>`).join('')}</${name}>` : `<${name}/>`;

/** Marker/MaxItems paging over an array (markers are the index of the next item). */
function page<T>(items: T[], params: URLSearchParams): { items: T[]; truncation: string } {
  const start = Number(params.get('Marker') ?? '0');
  const max = Number(params.get('MaxItems') ?? '100');
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw new AwsError(400, 'ValidationError', 'Invalid Marker.');
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw new AwsError(
      400,
      'ValidationError',
      "1 validation error detected: Value at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000",
    );
  }
  const slice = items.slice(start, start + max);
  const next = start + slice.length;
  return {
    items: slice,
    truncation: next < items.length ? `<IsTruncated>true</IsTruncated><Marker>${next}</Marker>` : '<IsTruncated>false</IsTruncated>',
  };
}

function summary(account: Account): string {
  const enabled = account.mfaDevices.filter((d) => d.enableDate).length;
  const map: Record<string, number> = {
    AccountMFAEnabled: enabled > 0 ? 1 : 0,
    AccountAccessKeysPresent: account.accessKeys.length > 0 ? 1 : 0,
    AccountPasswordPresent: rootCredentials(account).loginProfile ? 1 : 0,
    AccountSigningCertificatesPresent: rootCredentials(account).signingCertificates.length > 0 ? 1 : 0,
    MFADevices: account.mfaDevices.length,
    MFADevicesInUse: enabled,
    Users: 0,
    Groups: 0,
    Roles: 0,
    Policies: 0,
    Providers: 0,
    InstanceProfiles: 0,
    ServerCertificates: 0,
    PolicyVersionsInUse: 0,
    UsersQuota: 5000,
    GroupsQuota: 300,
    RolesQuota: 1000,
    PoliciesQuota: 1500,
    InstanceProfilesQuota: 1000,
    ServerCertificatesQuota: 20,
    AccessKeysPerUserQuota: 2,
    SigningCertificatesPerUserQuota: 2,
    GroupsPerUserQuota: 10,
    VersionsPerPolicyQuota: 5,
    AttachedPoliciesPerUserQuota: 10,
    AttachedPoliciesPerGroupQuota: 10,
    AttachedPoliciesPerRoleQuota: 10,
    UserPolicySizeQuota: 2048,
    GroupPolicySizeQuota: 5120,
    RolePolicySizeQuota: 10240,
    PolicySizeQuota: 6144,
    AssumeRolePolicySizeQuota: 2048,
    PolicyVersionsInUseQuota: 10000,
    GlobalEndpointTokenVersion: 1,
  };
  const entries = Object.entries(map)
    .map(([k, v]) => `<entry><key>${k}</key><value>${v}</value></entry>`)
    .join('');
  return `<SummaryMap>${entries}</SummaryMap>`;
}

function virtualDevice(account: Account, d: VirtualMfaDevice): string {
  if (!d.enableDate) return `<SerialNumber>${x(d.serialNumber)}</SerialNumber>`;
  return (
    `<SerialNumber>${x(d.serialNumber)}</SerialNumber>` +
    `<User><Arn>${rootArn(account)}</Arn><UserId>${account.id}</UserId><CreateDate>${account.createdAt}</CreateDate></User>` +
    `<EnableDate>${d.enableDate}</EnableDate>`
  );
}

function assertRootUser(params: URLSearchParams): void {
  const userName = params.get('UserName');
  if (userName) throw new AwsError(404, 'NoSuchEntity', `The user with name ${userName} cannot be found.`);
}

const IAM_ACTIONS: Record<string, Action> = {
  GetAccountSummary: (account) => summary(account),
  ListVirtualMFADevices: (account, params) => {
    const status = params.get('AssignmentStatus') ?? 'Any';
    if (!['Assigned', 'Unassigned', 'Any'].includes(status)) {
      throw new AwsError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${status}' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Any, Assigned, Unassigned]`,
      );
    }
    const devices = account.mfaDevices.filter((d) => status === 'Any' || (status === 'Assigned') === Boolean(d.enableDate));
    const { items, truncation } = page(devices, params);
    return `${list(
      'VirtualMFADevices',
      items.map((d) => virtualDevice(account, d)),
    )}${truncation}`;
  },
  ListMFADevices: (account, params) => {
    assertRootUser(params);
    const { items, truncation } = page(
      account.mfaDevices.filter((d) => d.enableDate),
      params,
    );
    const members = items.map(
      (d) => `<UserName>${account.id}</UserName><SerialNumber>${x(d.serialNumber)}</SerialNumber><EnableDate>${d.enableDate}</EnableDate>`,
    );
    return `${list('MFADevices', members)}${truncation}`;
  },
};

const STS_ACTIONS: Record<string, Action> = {
  GetCallerIdentity: (account) =>
    `<Arn>arn:aws:iam::${account.id}:user/replica-verifier</Arn><UserId>${account.apiCredentials.userId}</UserId><Account>${account.id}</Account>`,
};

/** The access key id of a SigV4 request: `Authorization: … Credential=<AKID>/…` or a presigned `X-Amz-Credential`. */
function accessKeyIdOf(ctx: Ctx, params: URLSearchParams): string | undefined {
  const auth = ctx.req.headers.authorization ?? '';
  const fromHeader = /Credential=([^/,\s]+)\//.exec(auth)?.[1];
  const presigned = ctx.url.searchParams.get('X-Amz-Credential') ?? params.get('X-Amz-Credential');
  return fromHeader ?? presigned?.split('/')[0];
}

/** POST /: the AWS Query APIs (IAM, STS); JSON-protocol calls (X-Amz-Target) answer 501 in their own format. */
export async function queryApi(ctx: Ctx): Promise<void> {
  const requestId = randomUUID();
  const type = ctx.req.headers['content-type'] ?? '';
  const target = ctx.req.headers['x-amz-target'];
  if (target || type.startsWith('application/x-amz-json')) {
    ctx.res.setHeader('x-amzn-errortype', 'NotImplemented');
    return sendJson(ctx.res, 501, {
      __type: 'NotImplemented',
      message: `Not replicated: POST / ${String(target ?? type)} is not part of the aws-console-runbooks replica`,
    });
  }
  const params = new URLSearchParams(await ctx.body());
  for (const [k, v] of ctx.url.searchParams) if (!params.has(k)) params.set(k, v);
  const service: Service = params.get('Version') === '2011-06-15' ? 'sts' : 'iam';
  const action = params.get('Action') ?? '';
  try {
    if (!type.startsWith('application/x-www-form-urlencoded')) {
      throw new AwsError(
        501,
        'NotImplemented',
        `Not replicated: POST / with content type "${type}" is not part of the aws-console-runbooks replica`,
      );
    }
    if (!action) throw new AwsError(400, 'MissingAction', 'Missing Action');
    const keyId = accessKeyIdOf(ctx, params);
    if (!keyId) throw new AwsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    // An AssumeRoot session's key is the member's root user, within its task policy (replica/organizations/query-api.ts).
    const account = rootCaller(ctx, keyId, service, action, params) ?? ctx.store.iam.accountByApiKey(keyId);
    if (!account) throw new AwsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    await slowDown(account);
    const actions = service === 'sts' ? STS_ACTIONS : IAM_ACTIONS;
    const handler = orgQueryAction(ctx, service, action) ?? (Object.hasOwn(actions, action) ? actions[action] : undefined);
    if (!handler) {
      throw new AwsError(
        501,
        'NotImplemented',
        `Not replicated: ${service.toUpperCase()} action ${action} is not part of the aws-console-runbooks replica`,
      );
    }
    sendXml(ctx.res, 200, respond(action, service, handler(account, params, ctx), requestId), requestId);
  } catch (err) {
    if (!(err instanceof AwsError)) throw err;
    sendXml(ctx.res, err.status, errorXml(service, err, requestId), requestId);
  }
}
