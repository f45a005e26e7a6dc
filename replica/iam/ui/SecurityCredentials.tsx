import Box from '@cloudscape-design/components/box';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ConsoleContext } from '../../contract.ts';
import { AccessKeys } from './AccessKeys.tsx';
import { label } from '../../console/drift.ts';
import { MfaDevices } from './MfaDevices.tsx';

/** `/iam/home#/security_credentials`, current generation (G2): MFA devices and access keys of the root user. */
export function SecurityCredentials({ context }: { context: ConsoleContext }) {
  return (
    <ContentLayout
      header={
        <SpaceBetween size="xs">
          <Header variant="h1">{label('My security credentials')}</Header>
          <Box variant="p">Root user · Account ID {context.accountId}</Box>
        </SpaceBetween>
      }
    >
      <SpaceBetween size="l">
        <MfaDevices />
        <AccessKeys />
      </SpaceBetween>
    </ContentLayout>
  );
}
