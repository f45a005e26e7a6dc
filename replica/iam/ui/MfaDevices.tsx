import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import type { MfaDeviceView } from '../../contract.ts';
import { consoleApi } from '../../console/api.ts';
import { label } from '../../console/drift.ts';
import { notReplicated } from '../../console/flash.ts';
import { ASSIGN_MFA_HASH, goToHash } from '../../console/routes.ts';
import { formatDate } from '../../console/format.ts';
import { useLoad } from '../../console/use-load.ts';

/** Root may hold up to 8 MFA devices of any mix (console-facts.md §2.7). */
const MAX_MFA_DEVICES = 8;

const DEVICE_TYPE_LABEL: Record<MfaDeviceView['type'], string> = {
  Virtual: 'Virtual',
  FIDO: 'Passkey or security key',
  Hardware: 'Hardware TOTP token',
};

/** The "Multi-factor authentication (MFA)" container: the devices table and "Assign MFA device". */
export function MfaDevices() {
  const { data, loading } = useLoad(consoleApi.listMfa);
  const devices = data ?? [];
  const [selected, setSelected] = useState<MfaDeviceView[]>([]);
  const nothingSelected = selected.length === 0;

  return (
    <Table
      variant="container"
      items={devices}
      loading={loading}
      loadingText="Loading MFA devices"
      trackBy="serialNumber"
      selectionType="single"
      selectedItems={selected}
      onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
      ariaLabels={{
        tableLabel: label('MFA devices'),
        selectionGroupLabel: 'MFA device selection',
        itemSelectionLabel: (_selection, device) => device.deviceName,
        allItemsSelectionLabel: () => 'Select all MFA devices',
      }}
      header={
        <Header
          variant="h2"
          counter={`(${devices.length})`}
          description={`Use MFA to increase the security of your AWS environment. Signing in with MFA requires an authentication code from an MFA device. Each user can have a maximum of ${MAX_MFA_DEVICES} MFA devices assigned.`}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button disabled={nothingSelected} onClick={notReplicated}>
                {label('Remove')}
              </Button>
              <Button disabled={nothingSelected} onClick={notReplicated}>
                {label('Resync')}
              </Button>
              <Button disabled={loading || devices.length >= MAX_MFA_DEVICES} onClick={() => goToHash(ASSIGN_MFA_HASH)}>
                {label('Assign MFA device')}
              </Button>
            </SpaceBetween>
          }
        >
          {label('Multi-factor authentication (MFA)')}
        </Header>
      }
      columnDefinitions={[
        { id: 'type', header: 'Device type', cell: (d) => DEVICE_TYPE_LABEL[d.type] ?? d.type },
        { id: 'identifier', header: 'Identifier', cell: (d) => d.serialNumber },
        { id: 'certifications', header: 'Certifications', cell: () => 'Not applicable' },
        { id: 'created', header: 'Created on', cell: (d) => formatDate(d.enableDate) },
      ]}
      empty={
        <Box textAlign="center" color="inherit">
          <Box variant="strong" color="inherit">
            No MFA devices
          </Box>
          <Box variant="p" color="inherit">
            Assign an MFA device to improve the security of your AWS environment
          </Box>
        </Box>
      }
    />
  );
}
