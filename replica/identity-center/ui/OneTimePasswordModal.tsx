import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { AddUserResult } from './contract.ts';

function Copyable({ label, value }: { label: string; value: string }) {
  return (
    <SpaceBetween direction="horizontal" size="xs" alignItems="center">
      {/* The value is the only text of its element, so it can be read without parsing. */}
      <Box variant="code">{value}</Box>
      <CopyToClipboard
        variant="button"
        copyButtonText="Copy"
        copyButtonAriaLabel={`Copy ${label}`}
        textToCopy={value}
        copySuccessText={`${label} copied`}
        copyErrorText="Failed to copy"
      />
    </SpaceBetween>
  );
}

/**
 * After "Add user" with a one-time password: what the admin passes on (console-facts §3.4; the
 * dialog's layout and labels are not known: the replica's). The password lives only in React state.
 */
export function OneTimePasswordModal({ result, onClose }: { result: AddUserResult; onClose: () => void }) {
  return (
    <Modal
      visible
      onDismiss={onClose}
      header="One-time password"
      closeAriaLabel="Close modal"
      footer={
        <Box float="right">
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">
          Share the following sign-in information with the user. The one-time password is shown only now; the user must set a new password
          at first sign-in.
        </Box>
        <KeyValuePairs
          items={[
            { label: 'AWS access portal URL', value: <Copyable label="AWS access portal URL" value={result.portalUrl} /> },
            { label: 'Username', value: <Copyable label="Username" value={result.user.userName} /> },
            { label: 'One-time password', value: <Copyable label="One-time password" value={result.oneTimePassword ?? ''} /> },
          ]}
        />
      </SpaceBetween>
    </Modal>
  );
}
