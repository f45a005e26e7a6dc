import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { AccessKeyView } from '../../contract.ts';
import { consoleApi, messageOf } from '../../console/api.ts';
import { dropped, extraFieldError, extraRequiredField, label } from '../../console/drift.ts';
import { showFlash } from '../../console/flash.ts';

/** Activates or deactivates a key, flashing the outcome; true when it worked. */
export async function setAccessKeyStatus(id: string, status: AccessKeyView['status']): Promise<boolean> {
  try {
    if (status === 'Active') await consoleApi.activateAccessKey(id);
    else await consoleApi.deactivateAccessKey(id);
    showFlash({ type: 'success', content: status === 'Active' ? 'Access key activated.' : 'Access key deactivated.' });
    return true;
  } catch (error) {
    showFlash({ type: 'error', content: messageOf(error) });
    return false;
  }
}

interface Props {
  accessKey: AccessKeyView;
  /** Called whenever the key changed on the server (deactivated or deleted). */
  onChanged: () => void;
  onClose: () => void;
}

/** The confirmation field's label; a drift may rename it or leave the field out (then nothing needs typing). */
const CONFIRM_LABEL = 'To confirm deletion, enter the access key ID in the text input field.';

/** "Delete <key id>": deactivate first, type the key ID, then delete (both console generations; as the drift changes it). */
export function DeleteAccessKeyModal({ accessKey, onChanged, onClose }: Props) {
  const [status, setStatus] = useState(accessKey.status);
  const [typed, setTyped] = useState('');
  const [extra, setExtra] = useState<{ value: string; error: string | null }>({ value: '', error: null });
  const extraField = extraRequiredField();
  const confirmed = dropped(CONFIRM_LABEL) || typed.trim() === accessKey.id;
  const [busy, setBusy] = useState<'deactivate' | 'delete' | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Errors stay inside the dialog: a flash would be hidden behind it.
  const run = async (what: 'deactivate' | 'delete', call: () => Promise<unknown>): Promise<boolean> => {
    setBusy(what);
    setError(null);
    try {
      await call();
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    } finally {
      setBusy(null);
    }
  };

  const deactivate = async (): Promise<void> => {
    if (!(await run('deactivate', () => consoleApi.deactivateAccessKey(accessKey.id)))) return;
    setStatus('Inactive');
    showFlash({ type: 'success', content: 'Access key deactivated.' });
    onChanged();
  };
  const remove = async (): Promise<void> => {
    const extraInvalid = extraFieldError(extra.value);
    setExtra({ ...extra, error: extraInvalid });
    if (extraInvalid) return;
    if (!(await run('delete', () => consoleApi.deleteAccessKey(accessKey.id)))) return;
    showFlash({ type: 'success', content: 'Access key deleted.' });
    onChanged();
    onClose();
  };

  return (
    <Modal
      visible
      onDismiss={onClose}
      closeAriaLabel="Close modal"
      header={`Delete ${accessKey.id}`}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              {label('Cancel')}
            </Button>
            <Button
              variant="primary"
              loading={busy === 'delete'}
              disabled={status !== 'Inactive' || !confirmed || busy !== null}
              onClick={() => void remove()}
            >
              {label('Delete')}
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
        {status === 'Active' && (
          <Alert
            type="warning"
            statusIconAriaLabel="Warning"
            action={
              <Button loading={busy === 'deactivate'} disabled={busy !== null} onClick={() => void deactivate()}>
                {label('Deactivate')}
              </Button>
            }
          >
            {label('You must first deactivate the access key before you can delete it.')}
          </Alert>
        )}
        {extraField && (
          <FormField label={extraField} errorText={extra.error}>
            <Input value={extra.value} onChange={({ detail }) => setExtra({ value: detail.value, error: null })} />
          </FormField>
        )}
        {!dropped(CONFIRM_LABEL) && (
          <FormField label={label(CONFIRM_LABEL)}>
            <Input value={typed} onChange={({ detail }) => setTyped(detail.value)} placeholder={accessKey.id} />
          </FormField>
        )}
      </SpaceBetween>
    </Modal>
  );
}
