import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import ContentLayout from '@cloudscape-design/components/content-layout';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import { consoleApi } from '../../console/api.ts';
import { label } from '../../console/drift.ts';
import { notReplicated } from '../../console/flash.ts';
import { LegacyAccessKeys } from './LegacyAccessKeys.tsx';
import { LegacyMfaModal } from './LegacyMfaModal.tsx';
import { useLoad } from '../../console/use-load.ts';

/** The G1 "Multi-Factor Authentication (MFA)" section: "Activate MFA", or the assigned device and "Manage MFA". */
function LegacyMfaSection() {
  const { data: devices, loading, reload } = useLoad(consoleApi.listMfa);
  const [activating, setActivating] = useState(false);
  if (loading && !devices) return <Spinner />;

  return (
    <SpaceBetween size="m">
      {devices && devices.length > 0 ? (
        <>
          {devices.map((device) => (
            <ColumnLayout key={device.serialNumber} columns={2} variant="text-grid">
              <div>
                <Box variant="awsui-key-label">Device type</Box>
                <div>Virtual MFA device</div>
              </div>
              <div>
                <Box variant="awsui-key-label">Serial number</Box>
                <div>{device.serialNumber}</div>
              </div>
            </ColumnLayout>
          ))}
          <Box>
            <Button onClick={notReplicated}>{label('Manage MFA')}</Button>
          </Box>
        </>
      ) : (
        <>
          <Box variant="p">Use MFA to increase the security of your AWS environment.</Box>
          <Box>
            <Button variant="primary" onClick={() => setActivating(true)}>
              {label('Activate MFA')}
            </Button>
          </Box>
        </>
      )}
      {activating && (
        <LegacyMfaModal
          onClose={(assigned) => {
            setActivating(false);
            if (assigned) reload();
          }}
        />
      )}
    </SpaceBetween>
  );
}

/** `/iam/home#/security_credentials`, legacy generation (G1): collapsed sections and the "Activate MFA" dialog. */
export function LegacySecurityCredentials() {
  return (
    <ContentLayout header={<Header variant="h1">{label('Your Security Credentials')}</Header>}>
      <SpaceBetween size="l">
        <Alert type="info" statusIconAriaLabel="Info">
          Use this page to manage the credentials for your AWS account.
        </Alert>
        <ExpandableSection headerText={label('Multi-Factor Authentication (MFA)')}>
          <LegacyMfaSection />
        </ExpandableSection>
        <ExpandableSection headerText={label('Access keys (access key ID and secret access key)')}>
          <LegacyAccessKeys />
        </ExpandableSection>
      </SpaceBetween>
    </ContentLayout>
  );
}
