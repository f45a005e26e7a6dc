import { epoch, page, type JsonAction } from '../api/json-protocol.ts';
import { accountName, requireOrganization } from './organization.ts';

/** organizations (awsJson1_1, `AWSOrganizationsV20161128.*`): global, whatever Region the call is signed for. */
export const ORGANIZATIONS_ACTIONS: Record<string, JsonAction> = {
  DescribeOrganization: ({ account }) => {
    const org = requireOrganization(account);
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
  ListAccounts: ({ account, input }) => {
    const org = requireOrganization(account);
    const { items, NextToken } = page([account], input, 20);
    return {
      Accounts: items.map((a) => ({
        Id: a.id,
        Arn: `arn:aws:organizations::${org.masterAccountId}:account/${org.id}/${a.id}`,
        Email: a.rootEmail,
        Name: accountName(a),
        Status: 'ACTIVE',
        State: 'ACTIVE',
        JoinedMethod: 'CREATED',
        JoinedTimestamp: epoch(org.createdAt),
      })),
      ...(NextToken ? { NextToken } : {}),
    };
  },
};
