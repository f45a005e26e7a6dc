import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { CreatedVirtualMfa } from '../../contract.ts';
import { consoleApi, messageOf } from '../../console/api.ts';
import { dropped, extraFieldError, extraRequiredField, label } from '../../console/drift.ts';
import { initialChoice } from '../../console/markup.ts';
import { checkCodes, EMPTY_CODES, type CodeFields } from './mfa-rules.ts';
import { CodeInputs, SecretReveal } from './SecretReveal.tsx';

/** G1 had one device per user, always created under this name (console-facts.md §2.5). */
const LEGACY_DEVICE_NAME = 'root-account-mfa-device';

type Kind = 'virtual' | 'u2f' | 'hardware';

/** The G1 "Manage MFA device" dialog: choose the kind, set up the virtual device, "Assign MFA", "Close". */
export function LegacyMfaModal({ onClose }: { onClose: (assigned: boolean) => void }) {
  const [stage, setStage] = useState<'choose' | 'setup' | 'done'>('choose');
  // Markup variation radio-other / radio-none (console/markup.ts).
  const [kind, setKind] = useState<Kind | null>(() => initialChoice<Kind>('legacyKind', ['virtual', 'u2f', 'hardware'], 'virtual'));
  const [device, setDevice] = useState<CreatedVirtualMfa | null>(null);
  const [codes, setCodes] = useState<CodeFields>(EMPTY_CODES);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [extra, setExtra] = useState<{ value: string; error: string | null }>({ value: '', error: null });
  const extraField = extraRequiredField();

  const proceed = async (): Promise<void> => {
    setError(null);
    setInfo(null);
    const extraInvalid = extraFieldError(extra.value);
    setExtra({ ...extra, error: extraInvalid });
    if (extraInvalid) return;
    if (kind !== 'virtual') return setInfo('Not replicated');
    // "Previous" then "Continue" reuses the device: creating it again would be refused.
    if (device) return setStage('setup');
    setBusy(true);
    try {
      setDevice(await consoleApi.createVirtualMfa(LEGACY_DEVICE_NAME));
      setStage('setup');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const assign = async (): Promise<void> => {
    if (!device) return;
    const checked = checkCodes(codes);
    setCodes(checked);
    setError(null);
    if (checked.error1 || checked.error2) return;
    setBusy(true);
    try {
      await consoleApi.enableMfaDevice(device.serialNumber, codes.code1.trim(), codes.code2.trim());
      setDevice(null); // the seed is no longer needed: drop it
      setStage('done');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const cancel = (): void => onClose(stage === 'done');
  const buttons =
    stage === 'choose' ? (
      <>
        <Button variant="link" onClick={cancel}>
          {label('Cancel')}
        </Button>
        <Button variant="primary" loading={busy} onClick={() => void proceed()}>
          {label('Continue')}
        </Button>
      </>
    ) : stage === 'setup' ? (
      <>
        <Button variant="link" onClick={cancel}>
          {label('Cancel')}
        </Button>
        <Button
          disabled={busy}
          onClick={() => {
            setError(null);
            setStage('choose');
          }}
        >
          {label('Previous')}
        </Button>
        <Button variant="primary" loading={busy} onClick={() => void assign()}>
          {label('Assign MFA')}
        </Button>
      </>
    ) : (
      <Button variant="primary" onClick={() => onClose(true)}>
        {label('Close')}
      </Button>
    );

  return (
    <Modal
      visible
      onDismiss={cancel}
      closeAriaLabel="Close modal"
      header={label(stage === 'choose' ? 'Manage MFA device' : 'Set up virtual MFA device')}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            {buttons}
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
        {info && (
          <Alert type="info" statusIconAriaLabel="Info">
            {info}
          </Alert>
        )}
        {stage === 'choose' && extraField && (
          <FormField label={extraField} errorText={extra.error}>
            <Input value={extra.value} onChange={({ detail }) => setExtra({ value: detail.value, error: null })} />
          </FormField>
        )}
        {stage === 'choose' && !dropped('Choose the type of MFA device to assign:') && (
          <FormField label={label('Choose the type of MFA device to assign:')}>
            <RadioGroup
              value={kind}
              onChange={({ detail }) => {
                setKind(detail.value as Kind);
                setInfo(null);
              }}
              items={[
                { value: 'virtual', label: label('Virtual MFA device') },
                { value: 'u2f', label: label('U2F security key') },
                { value: 'hardware', label: label('Other hardware MFA device') },
              ]}
            />
          </FormField>
        )}
        {stage === 'setup' && device && (
          <SpaceBetween size="m">
            <Box variant="p">1. Install a compatible app on your mobile device or computer.</Box>
            <Box variant="p">
              2. Use your virtual MFA app and your device's camera to scan the QR code. Alternatively, you can type the secret key.
            </Box>
            <SecretReveal device={device} />
            <Box variant="p">3. Type two consecutive MFA codes below.</Box>
            <CodeInputs codes={codes} onChange={setCodes} disabled={busy} />
          </SpaceBetween>
        )}
        {stage === 'done' && (
          <Box variant="p">You have successfully assigned virtual MFA. This virtual MFA will be required during sign-in.</Box>
        )}
      </SpaceBetween>
    </Modal>
  );
}
