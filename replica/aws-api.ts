import { randomUUID } from 'node:crypto';
import { AwsError } from './core/http.ts';
import { slowDown } from './signin/session.ts';
import type { Ctx } from './context.ts';
import { IDENTITYSTORE_ACTIONS } from './identity-center/identitystore-api.ts';
import { ORGANIZATIONS_ACTIONS } from './identity-center/organizations-api.ts';
import { SSO_ADMIN_ACTIONS } from './identity-center/sso-admin-api.ts';
import { JsonServiceError } from './identity-center/errors.ts';
import { queryApi } from './iam/query-api.ts';
import type { JsonAction } from './identity-center/json-protocol.ts';

/**
 * The awsJson1_1 APIs on `POST /` (aws-apis.md §4.3): `X-Amz-Target: <prefix>.<Operation>`, a JSON
 * body in and out, errors as `{ "__type": "<Code>", "Message": "…" }`. identitystore
 * (`AWSIdentityStore`), sso-admin (`SWBExternalService`) and organizations
 * (`AWSOrganizationsV20161128`), for the operations in their action tables. The account comes from
 * the access key id in the SigV4 `Authorization` header and the Region from its credential scope;
 * signatures are not checked. Works with the AWS SDK v3 clients and the `aws` CLI.
 */

const SERVICES: Record<string, { name: string; actions: Record<string, JsonAction> }> = {
  AWSIdentityStore: { name: 'identitystore', actions: IDENTITYSTORE_ACTIONS },
  SWBExternalService: { name: 'sso-admin', actions: SSO_ADMIN_ACTIONS },
  AWSOrganizationsV20161128: { name: 'organizations', actions: ORGANIZATIONS_ACTIONS },
};

const JSON_TYPE = 'application/x-amz-json-1.1';

function send(ctx: Ctx, status: number, body: unknown, requestId: string, errorType?: string): void {
  const headers: Record<string, string> = { 'content-type': JSON_TYPE, 'x-amzn-requestid': requestId, 'cache-control': 'no-store' };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  ctx.res.writeHead(status, headers);
  ctx.res.end(JSON.stringify(body));
}

function sendError(ctx: Ctx, err: AwsError, requestId: string): void {
  const extra = err instanceof JsonServiceError ? err.extra : {};
  send(ctx, err.status, { __type: err.code, Message: err.message, ...extra }, requestId, err.code);
}

/** Access key id and Region from `Authorization: AWS4-HMAC-SHA256 Credential=<AKID>/<date>/<region>/<service>/aws4_request`. */
function credentialScope(ctx: Ctx): { keyId?: string; region?: string } {
  const auth = ctx.req.headers.authorization ?? '';
  const m = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\//.exec(auth);
  return { keyId: m?.[1], region: m?.[2] };
}

/** POST / with an `X-Amz-Target` (or an awsJson content type): the JSON services; anything else goes to the Query API. */
export async function awsApi(ctx: Ctx): Promise<void> {
  const target = ctx.req.headers['x-amz-target'];
  const type = ctx.req.headers['content-type'] ?? '';
  if (!target && !type.startsWith('application/x-amz-json')) return queryApi(ctx);
  const requestId = randomUUID();
  try {
    const [prefix = '', operation = ''] = String(target ?? '').split('.');
    const service = Object.hasOwn(SERVICES, prefix) ? SERVICES[prefix] : undefined;
    const action = service && Object.hasOwn(service.actions, operation) ? service.actions[operation] : undefined;
    if (!service || !action) {
      throw new AwsError(
        501,
        'NotImplemented',
        `Not replicated: POST / ${String(target ?? type)} is not part of the aws-console-runbooks replica`,
      );
    }
    const { keyId, region } = credentialScope(ctx);
    if (!keyId || !region) throw new AwsError(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    const account = ctx.store.iam.accountByApiKey(keyId);
    if (!account) throw new AwsError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    await slowDown(account);
    const text = await ctx.body();
    let input: unknown = {};
    try {
      input = text.trim() ? JSON.parse(text) : {};
    } catch {
      throw new AwsError(400, 'SerializationException', 'Start of structure or map found where not expected.');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw new AwsError(400, 'SerializationException', 'The request body must be a JSON object.');
    const nowSeconds = ctx.store.iam.nowSeconds(account);
    const output = action({
      account,
      region,
      input: input as Record<string, unknown>,
      ctx,
      nowSeconds,
      nowIso: new Date(nowSeconds * 1000).toISOString(),
    });
    send(ctx, 200, output, requestId);
  } catch (err) {
    if (!(err instanceof AwsError)) throw err;
    sendError(ctx, err, requestId);
  }
}
