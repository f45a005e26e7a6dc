import { epoch, page, required, type JsonAction } from './json-protocol.ts';
import { organizationAccounts, organizationOf } from '../organizations/model.ts';
import type { Account } from '../iam/model.ts';
import { JsonServiceError, orgNotInUse } from './errors.ts';
import type { Organization } from './model.ts';
import { accountName } from './organization.ts';

/**
 * organizations (awsJson1_1, `AWSOrganizationsV20161128.*`): global, whatever Region the call is
 * signed for. An organization is its management account and its member accounts
 * (replica/organizations/model.ts; the side door makes one of N members).
 */

const accessDenied = (): JsonServiceError =>
  new JsonServiceError(400, 'AccessDeniedException', "You don't have permissions to access this resource.");

function accountView(org: Organization, a: { account: Account; joinedMethod: string; joinedAt: string }): Record<string, unknown> {
  return {
    Id: a.account.id,
    Arn: `arn:aws:organizations::${org.masterAccountId}:account/${org.id}/${a.account.id}`,
    Email: a.account.rootEmail,
    Name: accountName(a.account),
    Status: 'ACTIVE',
    State: 'ACTIVE',
    JoinedMethod: a.joinedMethod,
    JoinedTimestamp: epoch(a.joinedAt),
  };
}

export const ORGANIZATIONS_ACTIONS: Record<string, JsonAction> = {
  DescribeOrganization: ({ account, ctx }) => {
    const found = organizationOf(ctx.store, account);
    if (!found) throw orgNotInUse();
    const { org } = found;
    return {
      Organization: {
        Id: org.id,
        Arn: org.arn,
        FeatureSet: org.featureSet,
        MasterAccountArn: org.masterAccountArn,
        MasterAccountId: org.masterAccountId,
        MasterAccountEmail: org.masterAccountEmail,
        AvailablePolicyTypes: [],
      },
    };
  },
  /** The management account (or a delegated administrator, not replicated) only. */
  ListAccounts: ({ account, input, ctx }) => {
    const found = organizationOf(ctx.store, account);
    if (!found) throw orgNotInUse();
    if (found.management !== account) throw accessDenied();
    const { items, NextToken } = page(organizationAccounts(ctx.store, account), input, 20);
    return { Accounts: items.map((a) => accountView(found.org, a)), ...(NextToken ? { NextToken } : {}) };
  },
  DescribeAccount: ({ account, input, ctx }) => {
    const id = required(input, 'AccountId');
    const found = organizationOf(ctx.store, account);
    if (!found) throw orgNotInUse();
    if (found.management !== account) throw accessDenied();
    const match = organizationAccounts(ctx.store, account).find((a) => a.account.id === id);
    if (!match) throw new JsonServiceError(400, 'AccountNotFoundException', "You specified an account that doesn't exist.");
    return { Account: accountView(found.org, match) };
  },
};
