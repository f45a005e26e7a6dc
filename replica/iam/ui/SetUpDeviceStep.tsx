import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { CreatedVirtualMfa } from '../../contract.ts';
import { label } from '../../console/drift.ts';
import type { CodeFields } from './mfa-rules.ts';
import { CodeInputs, SecretReveal } from './SecretReveal.tsx';
import { DEVICE_KINDS, type DeviceKind } from './SelectDeviceStep.tsx';

interface Props {
  /** Null when none was chosen (markup variation radio-none). */
  kind: DeviceKind | null;
  device: CreatedVirtualMfa | null;
  codes: CodeFields;
  error: string | null;
  busy: boolean;
  onCodes: (codes: CodeFields) => void;
}

/** Step 2, "Set up device": reveal the secret, type two consecutive codes. */
export function SetUpDeviceStep({ kind, device, codes, error, busy, onCodes }: Props) {
  if (kind !== 'authenticator' || !device) {
    const kindLabel = label(DEVICE_KINDS.find((k) => k.value === kind)?.label ?? kind ?? 'MFA device');
    return (
      <Container header={<Header variant="h2">{kindLabel}</Header>}>
        <Alert type="info" statusIconAriaLabel="Info">
          Not replicated: only Authenticator app is replicated.
        </Alert>
      </Container>
    );
  }
  return (
    <SpaceBetween size="l">
      {error && (
        <Alert type="error" statusIconAriaLabel="Error">
          {error}
        </Alert>
      )}
      <Container header={<Header variant="h2">{label('Authenticator app')}</Header>}>
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          <li>
            <Box variant="p">
              Install a compatible application such as Google Authenticator, Duo Mobile, or Authy app on your mobile device or computer.
            </Box>
          </li>
          <li>
            <SpaceBetween size="s">
              <Box variant="p">
                Open your authenticator app, choose Show QR code on this page, then use the app to scan the code. Alternatively, you can
                type the secret key.
              </Box>
              <SecretReveal device={device} />
            </SpaceBetween>
          </li>
          <li>
            <SpaceBetween size="s">
              <Box variant="p">Type two consecutive MFA codes below</Box>
              <CodeInputs codes={codes} onChange={onCodes} disabled={busy} />
            </SpaceBetween>
          </li>
        </ol>
      </Container>
    </SpaceBetween>
  );
}
