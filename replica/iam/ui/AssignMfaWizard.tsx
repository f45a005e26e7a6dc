import { useState } from 'react';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Wizard, { type WizardProps } from '@cloudscape-design/components/wizard';
import type { CreatedVirtualMfa } from '../../contract.ts';
import { ApiFailure, consoleApi, messageOf } from '../../console/api.ts';
import { queueFlash } from '../../console/flash.ts';
import { dropped, extraFieldError, label, wizardStepsReversed } from '../../console/drift.ts';
import { checkCodes, deviceNameError, EMPTY_CODES, type CodeFields } from './mfa-rules.ts';
import { goToHash, SECURITY_CREDENTIALS_HASH } from '../../console/routes.ts';
import { DEVICE_KINDS, SelectDeviceStep, type DeviceKind } from './SelectDeviceStep.tsx';
import { initialChoice } from '../../console/markup.ts';
import { SetUpDeviceStep } from './SetUpDeviceStep.tsx';

/** The wizard's words, as the drift (console/drift.ts) renames them. */
const i18n = (): WizardProps.I18nStrings => ({
  stepNumberLabel: (n) => `Step ${n}`,
  collapsedStepsLabel: (n, total) => `Step ${n} of ${total}`,
  navigationAriaLabel: 'Steps',
  cancelButton: label('Cancel'),
  previousButton: label('Previous'),
  nextButton: label('Next'),
  submitButton: label('Add MFA'),
  optional: 'optional',
});

/** Without the "Device name" field (a drift), the console names the device itself, as G1 did. */
const UNNAMED_DEVICE = 'root-account-mfa-device';

/** The success flash shown on Security credentials after "Add MFA". */
const MFA_ASSIGNED_FLASH = {
  type: 'success',
  header: 'MFA device assigned',
  content: 'You can register up to 8 MFA devices of any combination of the currently supported MFA types with your AWS account root user.',
} as const;

const backToList = (): void => goToHash(SECURITY_CREDENTIALS_HASH);

/** `#/security_credentials/mfa/assign`: the G2 "Assign MFA device" wizard. */
export function AssignMfaWizard() {
  // Drift "reorderWizardSteps": the steps are listed the other way round and the wizard opens on "Set up device".
  const order = wizardStepsReversed() ? [1, 0] : [0, 1];
  const [step, setStep] = useState(order[0]!);
  const [typedName, setName] = useState('');
  const name = dropped('Device name') ? UNNAMED_DEVICE : typedName;
  const [extra, setExtra] = useState<{ value: string; error: string | null }>({ value: '', error: null });
  const [nameError, setNameError] = useState<string | null>(null);
  // Markup variation radio-other / radio-none (console/markup.ts): another kind, or none, pre-selected.
  const [kind, setKind] = useState<DeviceKind | null>(() =>
    initialChoice(
      'deviceKind',
      DEVICE_KINDS.map((k) => k.value),
      'passkey',
    ),
  );
  const [stepError, setStepError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; device: CreatedVirtualMfa } | null>(null);
  const [codes, setCodes] = useState<CodeFields>(EMPTY_CODES);
  const [busy, setBusy] = useState(false);

  const next = async (): Promise<void> => {
    const invalid = deviceNameError(name);
    const extraInvalid = extraFieldError(extra.value);
    setNameError(invalid);
    setExtra({ ...extra, error: extraInvalid });
    setStepError(null);
    if (invalid || extraInvalid) return;
    // Coming back with the same name reuses the device made a moment ago: creating it again would be refused.
    if (kind !== 'authenticator' || created?.name === name) return setStep(1);
    setBusy(true);
    try {
      setCreated({ name, device: await consoleApi.createVirtualMfa(name) });
      setCodes(EMPTY_CODES);
      setStep(1);
    } catch (error) {
      if (error instanceof ApiFailure && error.code === 'EntityAlreadyExists') setNameError(error.message);
      else setStepError(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (): Promise<void> => {
    if (!created || kind !== 'authenticator') return;
    const checked = checkCodes(codes);
    setCodes(checked);
    setStepError(null);
    if (checked.error1 || checked.error2) return;
    setBusy(true);
    try {
      await consoleApi.enableMfaDevice(created.device.serialNumber, codes.code1.trim(), codes.code2.trim());
      queueFlash(MFA_ASSIGNED_FLASH);
      backToList();
    } catch (error) {
      setStepError(messageOf(error));
      setBusy(false);
    }
  };

  const onNavigate = ({ detail }: { detail: WizardProps.NavigateDetail }): void => {
    // Reordered steps lead nowhere useful: the console has changed, and only a check is expected to see it.
    if (order[0] !== 0) return setStep(order[detail.requestedStepIndex] ?? step);
    if (detail.reason === 'next') void next();
    else if (detail.requestedStepIndex < step) {
      setStepError(null);
      setStep(detail.requestedStepIndex);
    }
  };

  const canSubmit = kind === 'authenticator' && created !== null;
  return (
    <Wizard
      i18nStrings={i18n()}
      activeStepIndex={order.indexOf(step)}
      isLoadingNextStep={busy}
      onNavigate={onNavigate}
      onCancel={backToList}
      onSubmit={() => void submit()}
      // Only the authenticator app is replicated: for the other kinds "Add MFA" shows, disabled.
      customPrimaryActions={
        step === 1 && !canSubmit ? (
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={backToList}>
              {label('Cancel')}
            </Button>
            <Button onClick={() => setStep(0)}>{label('Previous')}</Button>
            <Button variant="primary" disabled>
              {label('Add MFA')}
            </Button>
          </SpaceBetween>
        ) : undefined
      }
      steps={order.map(
        (i) =>
          [
            {
              title: label('Select MFA device'),
              content: (
                <SelectDeviceStep
                  name={name}
                  nameError={nameError}
                  kind={kind}
                  error={step === 0 ? stepError : null}
                  onName={(value) => {
                    setName(value);
                    setNameError(null);
                  }}
                  onKind={setKind}
                  extra={{ ...extra, onChange: (value) => setExtra({ value, error: null }) }}
                />
              ),
            },
            {
              title: label('Set up device'),
              content: (
                <SetUpDeviceStep
                  kind={kind}
                  device={created?.device ?? null}
                  codes={codes}
                  error={step === 1 ? stepError : null}
                  busy={busy}
                  onCodes={setCodes}
                />
              ),
            },
          ][i]!,
      )}
    />
  );
}
