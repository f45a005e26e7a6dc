import { useCallback } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Table from '@cloudscape-design/components/table';
import { columns, label } from '../../console/drift.ts';
import { formatDate } from '../../console/format.ts';
import { useLoad } from '../../console/use-load.ts';
import { idcApi } from './api.ts';
import type { UserView } from './contract.ts';
import { idcHref } from './routes.ts';

/** "Users": the directory's users and "Add user". */
export function Users() {
  const { data, loading } = useLoad(useCallback(() => idcApi.listUsers(), []));
  const users = data ?? [];
  return (
    <Table
      variant="full-page"
      items={users}
      loading={loading}
      loadingText="Loading users"
      trackBy="userId"
      ariaLabels={{ tableLabel: 'Users' }}
      header={
        <Header
          variant="h1"
          counter={`(${users.length})`}
          actions={
            <Button variant="primary" href={idcHref('users/add')}>
              {label('Add user')}
            </Button>
          }
        >
          {label('Users')}
        </Header>
      }
      columnDefinitions={columns<UserView>([
        { id: 'userName', header: 'Username', cell: (u) => u.userName },
        { id: 'displayName', header: 'Display name', cell: (u) => u.displayName },
        { id: 'email', header: 'Email address', cell: (u) => u.email },
        { id: 'status', header: 'Status', cell: () => 'Enabled' },
        { id: 'created', header: 'Created', cell: (u) => formatDate(u.createdAt) },
      ])}
      empty={
        <Box textAlign="center" color="inherit">
          <Box variant="strong" color="inherit">
            No users
          </Box>
        </Box>
      }
    />
  );
}
