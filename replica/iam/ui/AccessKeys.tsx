import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import type { AccessKeyView } from '../../contract.ts';
import { consoleApi } from '../../console/api.ts';
import { DeleteAccessKeyModal, setAccessKeyStatus } from './DeleteAccessKeyModal.tsx';
import { columns, label } from '../../console/drift.ts';
import { notReplicated } from '../../console/flash.ts';
import { formatDate } from '../../console/format.ts';
import { useLoad } from '../../console/use-load.ts';

/** The "Access keys" container: table, "Actions" (Activate, Deactivate, Delete) and "Create access key" (as the drift changes them). */
export function AccessKeys() {
  const { data, loading, reload } = useLoad(consoleApi.listAccessKeys);
  const keys = data ?? [];
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<AccessKeyView | null>(null);
  const selected = keys.find((k) => k.id === selectedId);

  const onAction = async (action: string): Promise<void> => {
    if (!selected) return;
    if (action === 'delete') setDeleting(selected);
    else if (await setAccessKeyStatus(selected.id, action === 'activate' ? 'Active' : 'Inactive')) reload();
  };

  return (
    <>
      <Table
        variant="container"
        items={keys}
        loading={loading}
        loadingText="Loading access keys"
        trackBy="id"
        selectionType="single"
        selectedItems={selected ? [selected] : []}
        onSelectionChange={({ detail }) => setSelectedId(detail.selectedItems[0]?.id ?? null)}
        ariaLabels={{
          tableLabel: label('Access keys'),
          selectionGroupLabel: 'Access key selection',
          itemSelectionLabel: (_selection, key) => key.id,
          allItemsSelectionLabel: () => 'Select all access keys',
        }}
        header={
          <Header
            variant="h2"
            counter={`(${keys.length})`}
            description="Use access keys to send programmatic calls to AWS from the AWS CLI, AWS Tools for PowerShell, AWS SDKs, or direct AWS API calls. You can have a maximum of two access keys (active or inactive) at a time."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <ButtonDropdown
                  items={[
                    { id: 'activate', text: label('Activate'), disabled: selected?.status !== 'Inactive' },
                    { id: 'deactivate', text: label('Deactivate'), disabled: selected?.status !== 'Active' },
                    { id: 'delete', text: label('Delete'), disabled: !selected },
                  ]}
                  onItemClick={({ detail }) => void onAction(detail.id)}
                >
                  {label('Actions')}
                </ButtonDropdown>
                <Button onClick={notReplicated}>{label('Create access key')}</Button>
              </SpaceBetween>
            }
          >
            {label('Access keys')}
          </Header>
        }
        columnDefinitions={columns<AccessKeyView>([
          { id: 'id', header: 'Access key ID', cell: (k) => k.id },
          { id: 'created', header: 'Created on', cell: (k) => formatDate(k.createDate) },
          { id: 'lastUsed', header: 'Access key last used', cell: (k) => (k.lastUsedDate ? formatDate(k.lastUsedDate) : 'Never') },
          { id: 'region', header: 'Region last used', cell: (k) => k.lastUsedRegion ?? '-' },
          { id: 'service', header: 'Service last used', cell: (k) => k.lastUsedService ?? '-' },
          {
            id: 'status',
            header: 'Status',
            cell: (k) => <StatusIndicator type={k.status === 'Active' ? 'success' : 'stopped'}>{label(k.status)}</StatusIndicator>,
          },
        ])}
        empty={
          <Box textAlign="center" color="inherit">
            <Box variant="strong" color="inherit">
              {label('No access keys')}
            </Box>
          </Box>
        }
      />
      {deleting && <DeleteAccessKeyModal accessKey={deleting} onChanged={reload} onClose={() => setDeleting(null)} />}
    </>
  );
}
