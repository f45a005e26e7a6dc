import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import type { AccessKeyView } from '../../contract.ts';
import { consoleApi } from '../../console/api.ts';
import { DeleteAccessKeyModal, setAccessKeyStatus } from './DeleteAccessKeyModal.tsx';
import { columns, label } from '../../console/drift.ts';
import { formatDate } from '../../console/format.ts';
import { useLoad } from '../../console/use-load.ts';

/** The G1 access-keys table: per-row "Make Inactive" / "Make Active" and "Delete" (as the drift changes them). */
export function LegacyAccessKeys() {
  const { data, loading, reload } = useLoad(consoleApi.listAccessKeys);
  const [deleting, setDeleting] = useState<AccessKeyView | null>(null);

  const toggle = async (key: AccessKeyView): Promise<void> => {
    if (await setAccessKeyStatus(key.id, key.status === 'Active' ? 'Inactive' : 'Active')) reload();
  };

  return (
    <>
      <Table
        variant="embedded"
        items={data ?? []}
        loading={loading}
        loadingText="Loading access keys"
        trackBy="id"
        ariaLabels={{ tableLabel: label('Access keys') }}
        columnDefinitions={columns<AccessKeyView>([
          { id: 'created', header: 'Created', cell: (k) => formatDate(k.createDate) },
          { id: 'id', header: 'Access Key ID', cell: (k) => k.id },
          { id: 'lastUsed', header: 'Last Used', cell: (k) => (k.lastUsedDate ? formatDate(k.lastUsedDate) : 'N/A') },
          { id: 'region', header: 'Last Used Region', cell: (k) => k.lastUsedRegion ?? 'N/A' },
          { id: 'service', header: 'Last Used Service', cell: (k) => k.lastUsedService ?? 'N/A' },
          { id: 'status', header: 'Status', cell: (k) => label(k.status) },
          {
            id: 'actions',
            header: 'Actions',
            cell: (k) => (
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="inline-link" onClick={() => void toggle(k)}>
                  {label(k.status === 'Active' ? 'Make Inactive' : 'Make Active')}
                </Button>
                <Button variant="inline-link" onClick={() => setDeleting(k)}>
                  {label('Delete')}
                </Button>
              </SpaceBetween>
            ),
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
