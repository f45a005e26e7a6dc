import type { IdcUser } from '../model.ts';

/**
 * The contract between the replica server and the Identity Center pages of the console app: the
 * private JSON endpoints (same origin, session cookie, `X-CSRF-Token` on POST, `?region=<r>` on
 * every call, the Region of the page) and their shapes. Types and route constants only.
 * Errors are `{ "error": { "code", "message", "field"? } }`, `field` naming the form field at fault.
 * It lives under console/ so that editing it rebuilds the console bundle.
 */

export const IDC_API = {
  state: 'GET /singlesignon/api/state',
  enable: 'POST /singlesignon/api/enable', // body EnableRequest ({} from the dialog)
  listUsers: 'GET /singlesignon/api/users',
  addUser: 'POST /singlesignon/api/users', // body AddUserRequest
  listGroups: 'GET /singlesignon/api/groups',
  createGroup: 'POST /singlesignon/api/groups', // body CreateGroupRequest
  listPermissionSets: 'GET /singlesignon/api/permission-sets',
  createPermissionSet: 'POST /singlesignon/api/permission-sets', // body CreatePermissionSetRequest
  listAccounts: 'GET /singlesignon/api/accounts',
  listAssignments: 'GET /singlesignon/api/accounts/:accountId/assignments',
  assign: 'POST /singlesignon/api/accounts/:accountId/assignments', // body AssignRequest
} as const;

export interface InstanceView {
  instanceId: string; // ssoins-…
  arn: string;
  identityStoreId: string;
  region: string;
  createdDate: string;
  organizationId: string;
}

/** GET state: what the dashboard shows for the page's Region. */
export interface IdcStateView {
  region: string;
  accountId: string;
  organization: { id: string; masterAccountId: string } | null;
  /** The instance when it lives in this Region. */
  instance: InstanceView | null;
  /** The Region of the instance when it lives in another one. */
  otherRegion: string | null;
  /** `<baseUrl>/start/<d-…>` when the instance is in this Region. */
  portalUrl: string | null;
  /** How "Enable" goes for this account: the dialog's Continue enables, or opens the settings page whose Save enables. */
  enableFlow: 'dialog' | 'settings-page';
}

/** What the settings page sends with "Save" (the dialog sends neither). */
export interface EnableRequest {
  tags?: Array<{ key: string; value: string }>;
  /** An account id to register as delegated administrator; empty for none. */
  delegatedAdministrator?: string;
}

export interface EnableResult {
  instance: InstanceView;
  organizationCreated: boolean;
}

/** A user as the console lists it: the directory's fields without its secrets, and the groups it is in. */
export type UserView = Pick<IdcUser, 'userId' | 'userName' | 'email' | 'givenName' | 'familyName' | 'displayName' | 'createdAt'> & {
  groupIds: string[];
};

export type PasswordMode = 'email' | 'otp';

export interface AddUserRequest {
  userName: string;
  passwordMode: PasswordMode;
  email: string;
  confirmEmail: string;
  givenName: string;
  familyName: string;
  displayName: string;
  groupIds: string[];
}

/** `oneTimePassword` only with passwordMode 'otp' (a secret: shown once, never stored by the app). */
export interface AddUserResult {
  user: UserView;
  oneTimePassword: string | null;
  portalUrl: string;
}

export interface GroupView {
  groupId: string;
  displayName: string;
  description: string | null;
  createdAt: string;
  memberCount: number;
}

export interface CreateGroupRequest {
  displayName: string;
  description: string;
  userIds: string[];
}

export interface PermissionSetView {
  arn: string;
  name: string;
  description: string | null;
  sessionDuration: string;
  managedPolicies: string[];
  createdAt: string;
}

export interface CreatePermissionSetRequest {
  policy: string; // a predefined policy name: AdministratorAccess…
  name: string;
  description: string;
  sessionDuration: string; // PT1H…PT12H
  relayState: string;
}

export interface OrgAccountView {
  accountId: string;
  name: string;
  email: string;
  management: boolean;
}

export type ProvisioningStatus = 'IN_PROGRESS' | 'SUCCEEDED';

export interface AssignmentView {
  requestId: string;
  principalType: 'USER' | 'GROUP';
  principalId: string;
  principalName: string;
  permissionSetArn: string;
  permissionSetName: string;
  status: ProvisioningStatus;
}

export interface AssignRequest {
  principals: Array<{ type: 'USER' | 'GROUP'; id: string }>;
  permissionSetArns: string[];
}
