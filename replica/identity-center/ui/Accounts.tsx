import { useCallback, useEffect, useState } from 'react';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { columns, label } from '../../console/drift.ts';
import { useLoad } from '../../console/use-load.ts';
import { idcApi } from './api.ts';
import type { AssignmentView, OrgAccountView } from './contract.ts';
import { goToIdc, idcHref } from './routes.ts';

/** How a provisioning status reads (the console's wording is not known: the replica's). */
export function ProvisioningStatus({ status }: { status: AssignmentView['status'] }) {
  return status === 'SUCCEEDED' ? (
    <StatusIndicator type="success">Provisioned</StatusIndicator>
  ) : (
    <StatusIndicator type="in-progress">In progress</StatusIndicator>
  );
}

/** "AWS accounts": the organization's accounts; select one, then "Assign users or groups". */
export function Accounts() {
  const { data, loading } = useLoad(useCallback(() => idcApi.listAccounts(), []));
  const accounts = data ?? [];
  const [selected, setSelected] = useState<OrgAccountView[]>([]);
  return (
    <Table
      variant="full-page"
      items={accounts}
      loading={loading}
      loadingText="Loading AWS accounts"
      trackBy="accountId"
      selectionType="multi"
      selectedItems={selected}
      onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
      ariaLabels={{
        tableLabel: 'AWS accounts',
        selectionGroupLabel: 'AWS accounts selection',
        itemSelectionLabel: (_s, a) => a.name,
        allItemsSelectionLabel: () => 'Select all AWS accounts',
      }}
      header={
        <Header
          variant="h1"
          counter={`(${accounts.length})`}
          description="Organizational structure: Root and the accounts of your organization."
          actions={
            <Button variant="primary" disabled={selected.length === 0} onClick={() => goToIdc(`accounts/${selected[0]!.accountId}/assign`)}>
              {label('Assign users or groups')}
            </Button>
          }
        >
          {label('AWS accounts')}
        </Header>
      }
      columnDefinitions={columns<OrgAccountView>([
        { id: 'name', header: 'Name', cell: (a) => <Link href={idcHref(`accounts/${a.accountId}`)}>{a.name}</Link> },
        { id: 'id', header: 'Account ID', cell: (a) => a.accountId },
        { id: 'email', header: 'Email', cell: (a) => a.email },
        { id: 'type', header: 'Type', cell: (a) => (a.management ? <Badge>management account</Badge> : '-') },
      ])}
      empty={
        <Box textAlign="center" color="inherit">
          No AWS accounts
        </Box>
      }
    />
  );
}

/** `#/accounts/<id>`: the account's users and groups, with permission sets and provisioning status (polled while in progress). */
export function AccountDetail({ accountId }: { accountId: string }) {
  const load = useCallback(() => Promise.all([idcApi.listAccounts(), idcApi.listAssignments(accountId)]), [accountId]);
  const { data, loading, reload } = useLoad(load);
  const account = data?.[0].find((a) => a.accountId === accountId);
  const assignments = data?.[1] ?? [];
  const pending = assignments.some((a) => a.status === 'IN_PROGRESS');
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(reload, 1000);
    return () => clearTimeout(timer);
  }, [pending, data, reload]);
  return (
    <ContentLayout
      header={
        <Header variant="h1" description={`Account ID ${accountId}`}>
          {account?.name ?? accountId}
        </Header>
      }
    >
      <Table
        items={assignments}
        loading={loading && !data}
        loadingText="Loading assignments"
        trackBy="requestId"
        ariaLabels={{ tableLabel: 'Assigned users and groups' }}
        header={
          <Header
            variant="h2"
            counter={`(${assignments.length})`}
            actions={<Button href={idcHref(`accounts/${accountId}/assign`)}>{label('Assign users or groups')}</Button>}
          >
            {label('Assigned users and groups')}
          </Header>
        }
        columnDefinitions={columns<AssignmentView>([
          { id: 'name', header: 'Name', cell: (a) => a.principalName },
          { id: 'type', header: 'Type', cell: (a) => (a.principalType === 'USER' ? 'User' : 'Group') },
          { id: 'permissionSet', header: 'Permission set', cell: (a) => a.permissionSetName },
          { id: 'status', header: 'Provisioning status', cell: (a) => <ProvisioningStatus status={a.status} /> },
        ])}
        empty={
          <Box textAlign="center" color="inherit">
            No users or groups are assigned to this account.
          </Box>
        }
      />
    </ContentLayout>
  );
}
