import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { CreatedVirtualMfa } from '../../contract.ts';
import { label } from '../../console/drift.ts';
import type { CodeFields } from './mfa-rules.ts';

/**
 * "Show QR code" / "Show secret key": as on the console, one of the two is revealed at a time.
 * The seed lives only in React state: never logged, never stored.
 */
export function SecretReveal({ device }: { device: CreatedVirtualMfa }) {
  const [shown, setShown] = useState<'qr' | 'secret' | null>(null);
  const toggle = (what: 'qr' | 'secret'): void => setShown((current) => (current === what ? null : what));
  return (
    <SpaceBetween size="s">
      <SpaceBetween direction="horizontal" size="xs">
        <Button onClick={() => toggle('qr')}>{label(shown === 'qr' ? 'Hide QR code' : 'Show QR code')}</Button>
        <Button onClick={() => toggle('secret')}>{label(shown === 'secret' ? 'Hide secret key' : 'Show secret key')}</Button>
      </SpaceBetween>
      {shown === 'qr' && <img alt="QR code" width={200} height={200} src={`data:image/png;base64,${device.qrCodePNG}`} />}
      {/* The seed is the only text of its element, so it can be read without parsing. */}
      {shown === 'secret' && <Box variant="code">{device.base32StringSeed}</Box>}
    </SpaceBetween>
  );
}

/** "MFA code 1" and "MFA code 2", kept short as on the console (six digits each). */
export function CodeInputs({ codes, onChange, disabled }: { codes: CodeFields; onChange: (next: CodeFields) => void; disabled?: boolean }) {
  return (
    <div style={{ maxWidth: 320 }}>
      <SpaceBetween size="s">
        <FormField label={label('MFA code 1')} errorText={codes.error1}>
          <Input
            value={codes.code1}
            inputMode="numeric"
            autoComplete="one-time-code"
            disabled={disabled}
            onChange={({ detail }) => onChange({ ...codes, code1: detail.value, error1: null })}
          />
        </FormField>
        <FormField label={label('MFA code 2')} description="Wait 30 seconds, and enter a second code entry." errorText={codes.error2}>
          <Input
            value={codes.code2}
            inputMode="numeric"
            autoComplete="off"
            disabled={disabled}
            onChange={({ detail }) => onChange({ ...codes, code2: detail.value, error2: null })}
          />
        </FormField>
      </SpaceBetween>
    </div>
  );
}
