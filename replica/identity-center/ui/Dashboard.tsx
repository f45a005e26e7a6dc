import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Link from '@cloudscape-design/components/link';
import Modal from '@cloudscape-design/components/modal';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { messageOf } from '../../console/api.ts';
import { dropped, label, pairs } from '../../console/drift.ts';
import { showFlash } from '../../console/flash.ts';
import { formatDate } from '../../console/format.ts';
import { idcApi } from './api.ts';
import type { IdcStateView } from './contract.ts';
import { goToIdc } from './routes.ts';

/** console-facts §3.2: the flash after "Continue" names the instance's 16 hex digits. */
export const enabledFlash = (instanceId: string): string =>
  `You have successfully created the organization instance of IAM Identity Center ${instanceId.replace(/^ssoins-/, '')}.`;

/** The instance lives in another Region. The console's wording is not known (console-facts §3.3): this is the replica's. */
export function OtherRegionAlert({ state }: { state: IdcStateView }) {
  const other = state.otherRegion!;
  return (
    <Alert
      type="error"
      statusIconAriaLabel="Error"
      header="IAM Identity Center is enabled in another Region"
      action={<Button href={`/singlesignon/home?region=${other}#/dashboard`}>{`Switch to ${other}`}</Button>}
    >
      {`Your organization already has an instance of IAM Identity Center in ${other}. An organization can have only one instance, in one Region. To manage it, switch to ${other}.`}
    </Alert>
  );
}

function EnableModal({ state, onClose, onEnabled }: { state: IdcStateView; onClose: () => void; onEnabled: () => void }) {
  const [kind, setKind] = useState('organization');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const enable = async (): Promise<void> => {
    // The current flow (console-facts §3.2): "Continue" opens the settings page; its "Save" enables.
    if (state.enableFlow === 'settings-page') return goToIdc('enable');
    setBusy(true);
    setError(null);
    try {
      const { instance } = await idcApi.enable();
      showFlash({ type: 'success', content: enabledFlash(instance.instanceId) });
      onEnabled();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <Modal
      visible
      onDismiss={onClose}
      header={label('Enable IAM Identity Center')}
      closeAriaLabel="Close modal"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              {label('Cancel')}
            </Button>
            <Button variant="primary" loading={busy} disabled={kind !== 'organization'} onClick={() => void enable()}>
              {label('Continue')}
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        {error && (
          <Alert type="error" statusIconAriaLabel="Error">
            {error}
          </Alert>
        )}
        <RadioGroup
          value={kind}
          onChange={({ detail }) => setKind(detail.value)}
          ariaLabel="Instance type"
          items={[
            {
              value: 'organization',
              label: label('Enable with AWS Organizations'),
              description: state.organization
                ? `Recommended. Manage access to all AWS accounts of organization ${state.organization.id}.`
                : 'Recommended. An organization is created in AWS Organizations, with this account as its management account.',
            },
            { value: 'account', label: label('Enable only in this AWS account'), description: 'Not replicated.', disabled: true },
          ].filter((o) => !dropped(o.label))}
        />
      </SpaceBetween>
    </Modal>
  );
}

/** Dashboard: "Enable" when there is no instance, the Region error, or the Settings summary. */
export function Dashboard({ state, onChanged }: { state: IdcStateView; onChanged: () => void }) {
  const [modal, setModal] = useState(false);
  if (state.otherRegion) {
    return (
      <ContentLayout header={<Header variant="h1">IAM Identity Center</Header>}>
        <OtherRegionAlert state={state} />
      </ContentLayout>
    );
  }
  const instance = state.instance;
  if (!instance) {
    return (
      <ContentLayout
        header={
          <Header variant="h1" description="Manage workforce access to multiple AWS accounts and applications.">
            IAM Identity Center
          </Header>
        }
      >
        <Container header={<Header variant="h2">{label('Enable IAM Identity Center')}</Header>}>
          <SpaceBetween size="m">
            <Box variant="p">
              IAM Identity Center is not enabled in {state.region}. Enabling it creates an instance of IAM Identity Center in this Region.
            </Box>
            <Button variant="primary" onClick={() => setModal(true)}>
              {label('Enable')}
            </Button>
          </SpaceBetween>
        </Container>
        {modal && (
          <EnableModal
            state={state}
            onClose={() => setModal(false)}
            onEnabled={() => {
              setModal(false);
              onChanged();
            }}
          />
        )}
      </ContentLayout>
    );
  }
  const portal = state.portalUrl!;
  return (
    <ContentLayout header={<Header variant="h1">Dashboard</Header>}>
      <Container header={<Header variant="h2">{label('Settings summary')}</Header>}>
        <KeyValuePairs
          columns={2}
          items={pairs([
            { label: 'Region', value: state.region },
            { label: 'Organization ID', value: instance.organizationId },
            { label: 'Instance ID', value: instance.instanceId },
            { label: 'Instance ARN', value: instance.arn },
            { label: 'Identity source', value: 'Identity Center directory' },
            { label: 'Date created', value: formatDate(instance.createdDate) },
            {
              label: 'AWS access portal URL',
              value: (
                <SpaceBetween direction="horizontal" size="xs">
                  <Link href={portal} external>
                    {portal}
                  </Link>
                  <CopyToClipboard
                    variant="icon"
                    textToCopy={portal}
                    copyButtonAriaLabel="Copy AWS access portal URL"
                    copySuccessText="AWS access portal URL copied"
                    copyErrorText="Failed to copy"
                  />
                </SpaceBetween>
              ),
            },
          ])}
        />
      </Container>
    </ContentLayout>
  );
}
