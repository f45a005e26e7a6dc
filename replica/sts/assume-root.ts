import { AwsError, escapeXml as x } from '../core/http.ts';
import type { Ctx } from '../context.ts';
import { extrasOf, organizationOf } from '../organizations/model.ts';
import type { Account } from '../iam/model.ts';
import { MAX_ROOT_SESSION_SECONDS, startRootSession, TASK_POLICIES, TASK_POLICY_PREFIX, type TaskPolicy } from './model.ts';

/**
 * STS `AssumeRoot` (Query API, Version 2011-06-15): `TargetPrincipal` (a member account id),
 * `TaskPolicyArn.arn` (`arn:aws:iam::aws:policy/root-task/<name>`), `DurationSeconds` (≤ 900,
 * default 900). Called with the management account's credentials; answers short-term credentials
 * of the member's root user, limited to the task policy (replica/sts/model.ts).
 */
export function assumeRoot(caller: Account, params: URLSearchParams, ctx: Ctx): string {
  const target = params.get('TargetPrincipal');
  const policyArn = params.get('TaskPolicyArn.arn');
  if (!target) throw validation("Value null at 'targetPrincipal' failed to satisfy constraint: Member must not be null");
  if (!policyArn) throw validation("Value null at 'taskPolicyArn' failed to satisfy constraint: Member must not be null");
  const durationText = params.get('DurationSeconds');
  const duration = durationText === null ? MAX_ROOT_SESSION_SECONDS : Number(durationText);
  if (!Number.isInteger(duration) || duration < 0 || duration > MAX_ROOT_SESSION_SECONDS) {
    throw validation(
      `Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to ${MAX_ROOT_SESSION_SECONDS}`,
    );
  }
  if (!/^\d{12}$/.test(target))
    throw validation(`Value '${target}' at 'targetPrincipal' failed to satisfy constraint: Member must be a 12-digit AWS account id`);
  const name = policyArn.startsWith(TASK_POLICY_PREFIX) ? policyArn.slice(TASK_POLICY_PREFIX.length) : '';
  if (!Object.hasOwn(TASK_POLICIES, name)) {
    throw validation(
      `Value '${policyArn}' at 'taskPolicyArn.arn' is not a root task policy (${Object.keys(TASK_POLICIES)
        .map((p) => TASK_POLICY_PREFIX + p)
        .join(', ')})`,
    );
  }
  const policy = name as TaskPolicy;

  const denied = (why: string) =>
    new AwsError(
      403,
      'AccessDenied',
      `User: arn:aws:iam::${caller.id}:user/replica-verifier is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::${target}:root (${why})`,
    );
  const found = organizationOf(ctx.store, caller);
  if (!found || found.management !== caller) throw denied('the caller is not the management account of an organization');
  const member = ctx.store.iam.account(target);
  const memberOrg = member && organizationOf(ctx.store, member);
  if (!member || !memberOrg || memberOrg.management !== caller)
    throw denied(`account ${target} is not a member account of ${found.org.id}`);
  if (member === caller) throw denied('AssumeRoot targets member accounts, not the management account');
  const feature = TASK_POLICIES[policy].feature;
  if (!extrasOf(caller).features.has(feature))
    throw denied(
      `${feature} is not enabled for the organization: iam:Enable${feature === 'RootSessions' ? 'OrganizationsRootSessions' : 'OrganizationsRootCredentialsManagement'}`,
    );

  const session = startRootSession(ctx.store, member, caller.id, policy, duration);
  const expiration = new Date(session.expiresAt * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    `<Credentials><AccessKeyId>${session.accessKeyId}</AccessKeyId><SecretAccessKey>${x(session.secretAccessKey)}</SecretAccessKey>` +
    `<SessionToken>${x(session.sessionToken)}</SessionToken><Expiration>${expiration}</Expiration></Credentials>`
  );
}

const validation = (detail: string) => new AwsError(400, 'ValidationError', `1 validation error detected: ${detail}`);
