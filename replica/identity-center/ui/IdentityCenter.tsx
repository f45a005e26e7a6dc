import { useCallback } from 'react';
import Alert from '@cloudscape-design/components/alert';
import type { BreadcrumbGroupProps } from '@cloudscape-design/components/breadcrumb-group';
import Link from '@cloudscape-design/components/link';
import SideNavigation from '@cloudscape-design/components/side-navigation';
import Spinner from '@cloudscape-design/components/spinner';
import { NotReplicated } from '../../console/ConsoleHome.tsx';
import { useLoad } from '../../console/use-load.ts';
import { AccountDetail, Accounts } from './Accounts.tsx';
import { AddUserWizard } from './AddUserWizard.tsx';
import { idcApi } from './api.ts';
import { AssignWizard } from './AssignWizard.tsx';
import type { IdcStateView } from './contract.ts';
import { Dashboard, OtherRegionAlert } from './Dashboard.tsx';
import { EnableSettingsPage } from './EnableSettings.tsx';
import { CreateGroupPage, Groups } from './Groups.tsx';
import { CreatePermissionSetWizard, PermissionSets } from './PermissionSets.tsx';
import { Users } from './Users.tsx';
import { idcHref, type IdcRoute } from './routes.ts';

const HOME = { text: 'IAM Identity Center', href: idcHref('dashboard') };
const CRUMBS: Partial<Record<IdcRoute['page'], BreadcrumbGroupProps.Item[]>> = {
  enable: [{ text: 'Enable IAM Identity Center', href: idcHref('enable') }],
  users: [{ text: 'Users', href: idcHref('users') }],
  addUser: [
    { text: 'Users', href: idcHref('users') },
    { text: 'Add user', href: idcHref('users/add') },
  ],
  groups: [{ text: 'Groups', href: idcHref('groups') }],
  createGroup: [
    { text: 'Groups', href: idcHref('groups') },
    { text: 'Create group', href: idcHref('groups/create') },
  ],
  permissionSets: [{ text: 'Permission sets', href: idcHref('permissionSets') }],
  createPermissionSet: [
    { text: 'Permission sets', href: idcHref('permissionSets') },
    { text: 'Create permission set', href: idcHref('permissionSets/create') },
  ],
  accounts: [{ text: 'AWS accounts', href: idcHref('accounts') }],
  account: [{ text: 'AWS accounts', href: idcHref('accounts') }],
  assign: [
    { text: 'AWS accounts', href: idcHref('accounts') },
    { text: 'Assign users and groups', href: '#' },
  ],
};

/** Breadcrumbs of an Identity Center page. */
export function idcBreadcrumbs(route: IdcRoute): BreadcrumbGroupProps.Item[] {
  return [HOME, ...(CRUMBS[route.page] ?? [])];
}

/** The Identity Center navigation pane. */
export function IdcNavigation({ route }: { route: IdcRoute }) {
  const active = idcHref(
    route.page === 'addUser'
      ? 'users'
      : route.page === 'createGroup'
        ? 'groups'
        : route.page === 'createPermissionSet'
          ? 'permissionSets'
          : ['account', 'assign'].includes(route.page)
            ? 'accounts'
            : route.page,
  );
  return (
    <SideNavigation
      header={HOME}
      activeHref={active}
      items={[
        { type: 'link', text: 'Dashboard', href: idcHref('dashboard') },
        { type: 'link', text: 'Users', href: idcHref('users') },
        { type: 'link', text: 'Groups', href: idcHref('groups') },
        { type: 'link', text: 'Settings', href: idcHref('settings') },
        {
          type: 'section',
          text: 'Multi-account permissions',
          items: [
            { type: 'link', text: 'AWS accounts', href: idcHref('accounts') },
            { type: 'link', text: 'Permission sets', href: idcHref('permissionSets') },
          ],
        },
      ]}
    />
  );
}

function Page({ route, state, reload }: { route: IdcRoute; state: IdcStateView; reload: () => void }) {
  if (route.page === 'dashboard') return <Dashboard state={state} onChanged={reload} />;
  if (route.page === 'enable') return <EnableSettingsPage state={state} />;
  if (route.page === 'notReplicated') return <NotReplicated where={`${location.pathname}${location.search}#/${route.where}`} />;
  if (state.otherRegion) return <OtherRegionAlert state={state} />;
  if (!state.instance) {
    return (
      <Alert type="warning" statusIconAriaLabel="Warning" header="IAM Identity Center is not enabled">
        Enable IAM Identity Center on the <Link href={idcHref('dashboard')}>Dashboard</Link> first.
      </Alert>
    );
  }
  switch (route.page) {
    case 'users':
      return <Users />;
    case 'addUser':
      return <AddUserWizard />;
    case 'groups':
      return <Groups />;
    case 'createGroup':
      return <CreateGroupPage />;
    case 'permissionSets':
      return <PermissionSets />;
    case 'createPermissionSet':
      return <CreatePermissionSetWizard />;
    case 'accounts':
      return <Accounts />;
    case 'account':
      return <AccountDetail accountId={route.accountId!} />;
    case 'assign':
      return <AssignWizard accountId={route.accountId!} />;
  }
}

/** `/singlesignon/home?region=<r>#/…`: the IAM Identity Center console for the page's Region. */
export function IdentityCenter({ route }: { route: IdcRoute }) {
  const { data, loading, reload } = useLoad(useCallback(() => idcApi.state(), []));
  if (!data) return loading ? <Spinner size="large" /> : null;
  return <Page route={route} state={data} reload={reload} />;
}
