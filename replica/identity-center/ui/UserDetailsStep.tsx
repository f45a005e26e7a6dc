import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { dropped, extraRequiredField, label } from '../../console/drift.ts';
import type { AddUserRequest, PasswordMode } from './contract.ts';
import { USERNAME_MAX, type UserErrors, type UserField } from './user-rules.ts';

/** Password options (console-facts §3.4, §7: current wording, "(Recommended)" appended). */
export const PASSWORD_OPTIONS: Array<{ value: PasswordMode; label: string }> = [
  { value: 'email', label: 'Send an email to this user with password setup instructions. (Recommended)' },
  { value: 'otp', label: 'Generate a one-time password that you can share with this user.' },
];

interface Props {
  user: AddUserRequest;
  errors: UserErrors;
  /** Display name still follows first + last name (until the admin edits it). */
  autoDisplayName: boolean;
  onChange: (user: AddUserRequest, edited: UserField, autoDisplayName: boolean) => void;
  /** The drift's new required field (console/drift.ts), its value and its error. */
  extra: { value: string; error?: string; onChange: (value: string) => void };
}

/** Step 1, "Specify user details". */
export function UserDetailsStep({ user, errors, autoDisplayName, onChange, extra }: Props) {
  const set = (field: UserField, value: string): void => {
    const next = { ...user, [field]: value };
    let auto = autoDisplayName;
    if (field === 'displayName') auto = false;
    if (auto && (field === 'givenName' || field === 'familyName')) next.displayName = `${next.givenName} ${next.familyName}`.trim();
    onChange(next, field, auto);
  };
  // A field the drift drops is left out; the others read as the drift renames them.
  const text = (field: UserField, name: string, more: { description?: string; constraintText?: string; type?: 'email' } = {}) =>
    dropped(name) ? null : (
      <FormField label={label(name)} description={more.description} constraintText={more.constraintText} errorText={errors[field]}>
        <Input value={user[field]} type={more.type} onChange={({ detail }) => set(field, detail.value)} />
      </FormField>
    );
  const extraField = extraRequiredField();
  return (
    <Container header={<Header variant="h2">{label('Primary information')}</Header>}>
      <SpaceBetween size="l">
        {text('userName', 'Username', {
          description: "This username is used to sign in to the AWS access portal. The username can't be changed later.",
          constraintText: `Maximum ${USERNAME_MAX} characters.`,
        })}
        {!dropped('Password') && (
          <FormField label={label('Password')} description="Choose how to send the password to the user.">
            <RadioGroup
              value={user.passwordMode}
              onChange={({ detail }) => onChange({ ...user, passwordMode: detail.value as PasswordMode }, 'userName', autoDisplayName)}
              items={PASSWORD_OPTIONS.filter((o) => !dropped(o.label)).map((o) => ({ ...o, label: label(o.label) }))}
            />
          </FormField>
        )}
        {text('email', 'Email address', { type: 'email' })}
        {text('confirmEmail', 'Confirm email address', { type: 'email' })}
        {text('givenName', 'First name')}
        {text('familyName', 'Last name')}
        {text('displayName', 'Display name', { description: 'Typically the first and last name of the user.' })}
        {extraField && (
          <FormField label={extraField} errorText={extra.error}>
            <Input value={extra.value} onChange={({ detail }) => extra.onChange(detail.value)} />
          </FormField>
        )}
      </SpaceBetween>
    </Container>
  );
}
