/** Identity Center console routes: `/singlesignon/home?region=<r>#/<page>`, also `#!/…` and `#/instances/<id>/…`. */

export type IdcPage =
  | 'dashboard'
  | 'enable'
  | 'users'
  | 'addUser'
  | 'groups'
  | 'createGroup'
  | 'permissionSets'
  | 'createPermissionSet'
  | 'accounts'
  | 'account'
  | 'assign'
  | 'notReplicated';

export interface IdcRoute {
  page: IdcPage;
  accountId?: string;
  where: string;
}

/** The page's Region: `?region=`, else us-east-1 (the replica has no Region picker). */
export function currentRegion(): string {
  return new URLSearchParams(location.search).get('region') || 'us-east-1';
}

export function parseIdcRoute(hash: string): IdcRoute {
  const path = hash
    .replace(/^#!?\/?/, '')
    .replace(/^instances\/[^/]+\/?/, '')
    .replace(/\/+$/, '');
  const simple: Record<string, IdcPage> = {
    '': 'dashboard',
    dashboard: 'dashboard',
    enable: 'enable',
    users: 'users',
    'users/add': 'addUser',
    'users/create': 'addUser',
    groups: 'groups',
    'groups/create': 'createGroup',
    permissionSets: 'permissionSets',
    'permission-sets': 'permissionSets',
    'permissionSets/create': 'createPermissionSet',
    'permission-sets/create': 'createPermissionSet',
    accounts: 'accounts',
    awsAccounts: 'accounts',
    organization: 'accounts',
    'organization/accounts': 'accounts',
  };
  if (Object.hasOwn(simple, path)) return { page: simple[path]!, where: path };
  const account = /^(?:accounts|organization\/accounts)\/(\d{12})(\/assign)?$/.exec(path);
  if (account) return { page: account[2] ? 'assign' : 'account', accountId: account[1], where: path };
  return { page: 'notReplicated', where: path };
}

/** A stable key per Identity Center page (flashes and page state reset when it changes). */
export const idcRouteKey = (route: IdcRoute): string => `identityCenter:${route.page}:${route.accountId ?? ''}`;

/** Href of an Identity Center page in the same document (keeps `?region=`). */
export const idcHref = (path: string): string => `#/${path}`;

export function goToIdc(path: string): void {
  location.hash = idcHref(path);
}

/** Wizard pages get the console's wizard layout. */
export const isIdcWizard = (route: IdcRoute): boolean => ['addUser', 'createPermissionSet', 'assign'].includes(route.page);
