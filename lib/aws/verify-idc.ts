import {
  GetGroupIdCommand,
  GetUserIdCommand,
  IdentitystoreClient,
  ListGroupMembershipsForMemberCommand,
  DescribeUserCommand,
} from '@aws-sdk/client-identitystore';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { credentialsMissing } from './verify-iam.ts';
import {
  DescribePermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';

/** The organization instance of IAM Identity Center as sso-admin lists it in one Region. */
export interface IdcInstanceView {
  instanceArn: string;
  identityStoreId: string;
  ownerAccountId?: string;
}

/** A user of the identity store. */
export interface IdcUserView {
  userId: string;
  userName: string;
  email?: string;
  displayName?: string;
}

/** A permission set and what it grants. */
export interface PermissionSetView {
  arn: string;
  name: string;
  sessionDuration?: string;
  managedPolicies: string[];
}

/**
 * Reads Identity Center, its identity store and Organizations back through the public APIs (SDK v3,
 * so the same code checks AWS and the replica). Every "not there" answers undefined or [], never throws.
 */
export class IdcVerifier {
  constructor(
    private readonly ssoAdmin: SSOAdminClient,
    private readonly identityStore: IdentitystoreClient,
    private readonly organizations: OrganizationsClient,
    /** The Region whose instance sso-admin and identitystore see. */
    readonly region: string,
  ) {}

  /** Clients for an endpoint (the replica) or for AWS with the default credential chain, in Identity Center's Region. */
  static create(opts: {
    region: string;
    endpoint?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string };
    /** Per-service endpoints on aws (AWS_SSO_ADMIN_ENDPOINT, AWS_IDENTITYSTORE_ENDPOINT, AWS_ORGANIZATIONS_ENDPOINT); `endpoint` wins. */
    endpoints?: { ssoAdmin?: string; identityStore?: string; organizations?: string };
  }): IdcVerifier {
    const cfg = { region: opts.region, credentials: opts.credentials, maxAttempts: 2 };
    const at = (service: 'ssoAdmin' | 'identityStore' | 'organizations') => opts.endpoint ?? opts.endpoints?.[service];
    // Organizations is global: its endpoint lives in us-east-1 whatever Region Identity Center uses.
    return new IdcVerifier(
      new SSOAdminClient({ ...cfg, endpoint: at('ssoAdmin') }),
      new IdentitystoreClient({ ...cfg, endpoint: at('identityStore') }),
      new OrganizationsClient({ ...cfg, region: 'us-east-1', endpoint: at('organizations') }),
      opts.region,
    );
  }

  /** Why the SDK finds no credentials (the clients share one chain), in one line; undefined when it has some. */
  credentialsMissing(): Promise<string | undefined> {
    return credentialsMissing(this.ssoAdmin);
  }

  /** The organization, or undefined when the account is in none. */
  async organization(): Promise<{ id: string; masterAccountId: string; featureSet: string } | undefined> {
    try {
      const { Organization: o } = await this.organizations.send(new DescribeOrganizationCommand({}));
      return o ? { id: o.Id!, masterAccountId: o.MasterAccountId!, featureSet: o.FeatureSet! } : undefined;
    } catch (err) {
      if ((err as { name?: string }).name === 'AWSOrganizationsNotInUseException') return undefined;
      throw err;
    }
  }

  /** The instance in this Region, or undefined (none, or it lives in another Region). */
  async instance(): Promise<IdcInstanceView | undefined> {
    const { Instances = [] } = await this.ssoAdmin.send(new ListInstancesCommand({}));
    const i = Instances[0];
    return i ? { instanceArn: i.InstanceArn!, identityStoreId: i.IdentityStoreId!, ownerAccountId: i.OwnerAccountId } : undefined;
  }

  /** The user with this user name, or undefined. */
  async user(identityStoreId: string, userName: string): Promise<IdcUserView | undefined> {
    const userId = await this.notFoundAsUndefined(() =>
      this.identityStore
        .send(
          new GetUserIdCommand({
            IdentityStoreId: identityStoreId,
            AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: userName } },
          }),
        )
        .then((r) => r.UserId),
    );
    if (!userId) return undefined;
    const u = await this.identityStore.send(new DescribeUserCommand({ IdentityStoreId: identityStoreId, UserId: userId }));
    return {
      userId,
      userName: u.UserName!,
      email: u.Emails?.find((e) => e.Primary)?.Value ?? u.Emails?.[0]?.Value,
      displayName: u.DisplayName,
    };
  }

  /** The id of the group with this display name, or undefined. */
  async groupId(identityStoreId: string, displayName: string): Promise<string | undefined> {
    return this.notFoundAsUndefined(() =>
      this.identityStore
        .send(
          new GetGroupIdCommand({
            IdentityStoreId: identityStoreId,
            AlternateIdentifier: { UniqueAttribute: { AttributePath: 'displayName', AttributeValue: displayName } },
          }),
        )
        .then((r) => r.GroupId),
    );
  }

  /** Ids of the groups a user belongs to. */
  async groupsOf(identityStoreId: string, userId: string): Promise<string[]> {
    const ids: string[] = [];
    let next: string | undefined;
    do {
      const page = await this.identityStore.send(
        new ListGroupMembershipsForMemberCommand({ IdentityStoreId: identityStoreId, MemberId: { UserId: userId }, NextToken: next }),
      );
      for (const m of page.GroupMemberships ?? []) if (m.GroupId) ids.push(m.GroupId);
      next = page.NextToken;
    } while (next);
    return ids;
  }

  /** The permission set with this name, with its managed policies, or undefined. */
  async permissionSet(instanceArn: string, name: string): Promise<PermissionSetView | undefined> {
    let next: string | undefined;
    do {
      const page = await this.ssoAdmin.send(new ListPermissionSetsCommand({ InstanceArn: instanceArn, NextToken: next }));
      for (const arn of page.PermissionSets ?? []) {
        const { PermissionSet: ps } = await this.ssoAdmin.send(
          new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }),
        );
        if (ps?.Name !== name) continue;
        const { AttachedManagedPolicies = [] } = await this.ssoAdmin.send(
          new ListManagedPoliciesInPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }),
        );
        return { arn, name, sessionDuration: ps.SessionDuration, managedPolicies: AttachedManagedPolicies.map((p) => p.Name!) };
      }
      next = page.NextToken;
    } while (next);
    return undefined;
  }

  /** Provisioned assignments of a permission set on an account. */
  async assignments(
    instanceArn: string,
    accountId: string,
    permissionSetArn: string,
  ): Promise<Array<{ principalType: string; principalId: string }>> {
    const out: Array<{ principalType: string; principalId: string }> = [];
    let next: string | undefined;
    do {
      const page = await this.ssoAdmin.send(
        new ListAccountAssignmentsCommand({
          InstanceArn: instanceArn,
          AccountId: accountId,
          PermissionSetArn: permissionSetArn,
          NextToken: next,
        }),
      );
      for (const a of page.AccountAssignments ?? []) out.push({ principalType: a.PrincipalType!, principalId: a.PrincipalId! });
      next = page.NextToken;
    } while (next);
    return out;
  }

  private async notFoundAsUndefined<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (err) {
      if ((err as { name?: string }).name === 'ResourceNotFoundException') return undefined;
      throw err;
    }
  }
}
