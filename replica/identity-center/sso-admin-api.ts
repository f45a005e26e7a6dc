import { epoch, page, required, type JsonAction, type JsonCall } from './json-protocol.ts';
import { notFound } from './errors.ts';
import type { IdcAssignment, IdcInstance, IdcPermissionSet } from './model.ts';
import { instanceIn, readAssignments, requireInstanceArn, requirePermissionSet } from './organization.ts';

/**
 * sso-admin (awsJson1_1, `SWBExternalService.*`): the instance, permission sets and account
 * assignments, seen from the Region the call is signed for (another Region sees no instance).
 */

const instanceView = (i: IdcInstance): Record<string, unknown> => ({
  InstanceArn: i.arn,
  IdentityStoreId: i.identityStoreId,
  OwnerAccountId: i.ownerAccountId,
  CreatedDate: epoch(i.createdDate),
  Status: i.status,
});

const permissionSetView = (p: IdcPermissionSet): Record<string, unknown> => ({
  Name: p.name,
  PermissionSetArn: p.arn,
  ...(p.description ? { Description: p.description } : {}),
  CreatedDate: epoch(p.createdAt),
  SessionDuration: p.sessionDuration,
  ...(p.relayState ? { RelayState: p.relayState } : {}),
});

const creationStatus = (a: IdcAssignment): Record<string, unknown> => ({
  Status: a.status,
  RequestId: a.requestId,
  TargetId: a.accountId,
  TargetType: 'AWS_ACCOUNT',
  PermissionSetArn: a.permissionSetArn,
  PrincipalType: a.principalType,
  PrincipalId: a.principalId,
  CreatedDate: epoch(a.createdAt),
});

function instanceOf({ account, region, input }: JsonCall): IdcInstance {
  return requireInstanceArn(account, region, input.InstanceArn);
}

/** Provisioned assignments (IN_PROGRESS ones are not listed yet). */
function provisioned(call: JsonCall): IdcAssignment[] {
  return readAssignments(call.account, call.nowSeconds).filter((a) => a.status === 'SUCCEEDED');
}

export const SSO_ADMIN_ACTIONS: Record<string, JsonAction> = {
  ListInstances: ({ account, region, input }) => {
    const instance = instanceIn(account, region);
    const { items, NextToken } = page(instance ? [instance] : [], input);
    return { Instances: items.map(instanceView), ...(NextToken ? { NextToken } : {}) };
  },
  DescribeInstance: (call) => instanceView(instanceOf(call)),
  ListPermissionSets: (call) => {
    instanceOf(call);
    const { items, NextToken } = page(
      call.account.identityCenter.permissionSets.map((p) => p.arn),
      call.input,
    );
    return { PermissionSets: items, ...(NextToken ? { NextToken } : {}) };
  },
  DescribePermissionSet: (call) => {
    instanceOf(call);
    return { PermissionSet: permissionSetView(requirePermissionSet(call.account, required(call.input, 'PermissionSetArn'))) };
  },
  ListManagedPoliciesInPermissionSet: (call) => {
    instanceOf(call);
    const set = requirePermissionSet(call.account, required(call.input, 'PermissionSetArn'));
    const { items, NextToken } = page(set.managedPolicies, call.input);
    return {
      AttachedManagedPolicies: items.map((arn) => ({ Name: arn.split('/').at(-1), Arn: arn })),
      ...(NextToken ? { NextToken } : {}),
    };
  },
  ListAccountAssignments: (call) => {
    instanceOf(call);
    const accountId = required(call.input, 'AccountId');
    const setArn = required(call.input, 'PermissionSetArn');
    requirePermissionSet(call.account, setArn);
    const matching = provisioned(call).filter((a) => a.accountId === accountId && a.permissionSetArn === setArn);
    const { items, NextToken } = page(matching, call.input);
    return {
      AccountAssignments: items.map((a) => ({
        AccountId: a.accountId,
        PermissionSetArn: a.permissionSetArn,
        PrincipalType: a.principalType,
        PrincipalId: a.principalId,
      })),
      ...(NextToken ? { NextToken } : {}),
    };
  },
  ListPermissionSetsProvisionedToAccount: (call) => {
    instanceOf(call);
    const accountId = required(call.input, 'AccountId');
    const arns = [
      ...new Set(
        provisioned(call)
          .filter((a) => a.accountId === accountId)
          .map((a) => a.permissionSetArn),
      ),
    ];
    const { items, NextToken } = page(arns, call.input);
    return { PermissionSets: items, ...(NextToken ? { NextToken } : {}) };
  },
  ListAccountAssignmentCreationStatus: (call) => {
    instanceOf(call);
    const { items, NextToken } = page(readAssignments(call.account, call.nowSeconds), call.input);
    return {
      AccountAssignmentsCreationStatus: items.map((a) => ({ Status: a.status, RequestId: a.requestId, CreatedDate: epoch(a.createdAt) })),
      ...(NextToken ? { NextToken } : {}),
    };
  },
  DescribeAccountAssignmentCreationStatus: (call) => {
    instanceOf(call);
    const id = required(call.input, 'AccountAssignmentCreationRequestId');
    const found = readAssignments(call.account, call.nowSeconds).find((a) => a.requestId === id);
    if (!found) throw notFound(`Could not find AccountAssignmentCreationRequestId ${id}.`);
    return { AccountAssignmentCreationStatus: creationStatus(found) };
  },
};
