import { useCallback, useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import Wizard from '@cloudscape-design/components/wizard';
import { messageOf } from '../../console/api.ts';
import { columns, dropped, extraFieldError, label, wizardStrings } from '../../console/drift.ts';
import { initialChoice } from '../../console/markup.ts';
import { queueFlash, showFlash } from '../../console/flash.ts';
import { useLoad } from '../../console/use-load.ts';
import { IdcFailure, idcApi } from './api.ts';
import type { AddUserRequest, AddUserResult, GroupView } from './contract.ts';
import { CreateGroupModal, groupCreatedFlash } from './Groups.tsx';
import { OneTimePasswordModal } from './OneTimePasswordModal.tsx';
import { goToIdc } from './routes.ts';
import { UserDetailsStep, PASSWORD_OPTIONS } from './UserDetailsStep.tsx';
import { EMPTY_USER, userErrors, type UserErrors, type UserField } from './user-rules.ts';

/** console-facts §3.4: `The user "<username>" was successfully added.` and a note (the note's wording is the replica's). */
export function userAddedFlash(userName: string, invited: boolean): string {
  const note = invited
    ? ' The user will receive an email with a link to set up a password; the link is valid for up to 7 days.'
    : ' Share the one-time password with the user; a new password is required at first sign-in.';
  return `The user "${userName}" was successfully added.${note} To give the user access, assign the user to AWS accounts or applications.`;
}

const FIELDS: UserField[] = ['userName', 'email', 'confirmEmail', 'givenName', 'familyName', 'displayName'];
/** Each field's label on "Specify user details" (what a drift names to drop it). */
const FIELD_LABELS: Record<UserField, string> = {
  userName: 'Username',
  email: 'Email address',
  confirmEmail: 'Confirm email address',
  givenName: 'First name',
  familyName: 'Last name',
  displayName: 'Display name',
};

/** `#/users/add`: Add user — details, optional groups (with "Create group"), review. */
export function AddUserWizard() {
  const [step, setStep] = useState(0);
  // Markup variation radio-other / radio-none (console/markup.ts): another password option, or none, pre-selected.
  const [user, setUser] = useState<AddUserRequest>(() => ({
    ...EMPTY_USER,
    passwordMode: initialChoice('passwordMode', ['email', 'otp'], EMPTY_USER.passwordMode) as AddUserRequest['passwordMode'],
  }));
  const [autoDisplay, setAutoDisplay] = useState(true);
  const [errors, setErrors] = useState<UserErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [creating, setCreating] = useState(false);
  const [result, setResult] = useState<AddUserResult | null>(null);
  const [extra, setExtra] = useState('');
  const [extraError, setExtraError] = useState<string | undefined>(undefined);
  const groups = useLoad(useCallback(() => idcApi.listGroups(), []));
  const allGroups = groups.data ?? [];
  const chosen = allGroups.filter((g) => user.groupIds.includes(g.groupId));

  const next = (requested: number): void => {
    if (step === 0) {
      // A field the drift drops is neither shown nor checked; the drift's new field is required.
      const found = Object.fromEntries(
        Object.entries(userErrors(request())).filter(([field]) => !dropped(FIELD_LABELS[field as UserField])),
      ) as UserErrors;
      const extraRefused = extraFieldError(extra) ?? undefined;
      setErrors(found);
      setExtraError(extraRefused);
      if (Object.keys(found).length || extraRefused) return;
    }
    setSubmitError(null);
    setStep(requested);
  };

  const submit = async (): Promise<void> => {
    setBusy(true);
    setSubmitError(null);
    try {
      const added = await idcApi.addUser(request());
      if (added.oneTimePassword) return setResult(added);
      queueFlash({ type: 'success', content: userAddedFlash(added.user.userName, true) });
      goToIdc('users');
    } catch (err) {
      setSubmitError(messageOf(err));
      if (err instanceof IdcFailure && FIELDS.includes(err.field as UserField)) setErrors({ [err.field as UserField]: err.message });
    } finally {
      setBusy(false);
    }
  };

  /** The request as the form stands: without a "Confirm email address" field (drift) the email stands for itself. */
  function request(): AddUserRequest {
    return dropped(FIELD_LABELS.confirmEmail) ? { ...user, confirmEmail: user.email } : user;
  }

  const onGroupCreated = (group: GroupView): void => {
    setCreating(false);
    showFlash({ type: 'success', content: groupCreatedFlash(group.displayName) });
    setUser((u) => ({ ...u, groupIds: [...u.groupIds, group.groupId] }));
    groups.reload();
  };

  const details = [
    { label: 'Username', value: user.userName },
    { label: 'Password', value: PASSWORD_OPTIONS.find((o) => o.value === user.passwordMode)?.label ?? '-' },
    { label: 'Email address', value: user.email },
    { label: 'First name', value: user.givenName },
    { label: 'Last name', value: user.familyName },
    { label: 'Display name', value: user.displayName },
  ];
  return (
    <>
      <Wizard
        i18nStrings={wizardStrings('Add user')}
        activeStepIndex={step}
        isLoadingNextStep={busy}
        onNavigate={({ detail }) =>
          detail.reason === 'next' ? next(detail.requestedStepIndex) : (setSubmitError(null), setStep(detail.requestedStepIndex))
        }
        onCancel={() => goToIdc('users')}
        onSubmit={() => void submit()}
        steps={[
          {
            title: label('Specify user details'),
            content: (
              <UserDetailsStep
                user={user}
                errors={errors}
                autoDisplayName={autoDisplay}
                onChange={(u, field, auto) => {
                  setUser(u);
                  setAutoDisplay(auto);
                  setErrors((e) => ({ ...e, [field]: undefined }));
                }}
                extra={{
                  value: extra,
                  error: extraError,
                  onChange: (v) => {
                    setExtra(v);
                    setExtraError(undefined);
                  },
                }}
              />
            ),
          },
          {
            title: label('Add user to groups'),
            isOptional: true,
            content: (
              <Table
                items={allGroups}
                loading={groups.loading}
                loadingText="Loading groups"
                trackBy="groupId"
                selectionType="multi"
                selectedItems={chosen}
                onSelectionChange={({ detail }) => setUser({ ...user, groupIds: detail.selectedItems.map((g) => g.groupId) })}
                ariaLabels={{
                  tableLabel: 'Groups',
                  selectionGroupLabel: 'Groups selection',
                  itemSelectionLabel: (_s, g) => g.displayName,
                  allItemsSelectionLabel: () => 'Select all groups',
                }}
                header={
                  <Header
                    variant="h2"
                    counter={`(${allGroups.length})`}
                    actions={<Button onClick={() => setCreating(true)}>{label('Create group')}</Button>}
                  >
                    {label('Groups')}
                  </Header>
                }
                columnDefinitions={columns<GroupView>([
                  { id: 'name', header: 'Group name', cell: (g) => g.displayName },
                  { id: 'description', header: 'Description', cell: (g) => g.description ?? '-' },
                ])}
                empty={
                  <Box textAlign="center" color="inherit">
                    No groups
                  </Box>
                }
              />
            ),
          },
          {
            title: label('Review and add user'),
            errorText: submitError ?? undefined,
            content: (
              <SpaceBetween size="l">
                <Container
                  header={
                    <Header variant="h2" actions={<Button onClick={() => setStep(0)}>Edit</Button>}>
                      Step 1: Specify user details
                    </Header>
                  }
                >
                  <KeyValuePairs columns={2} items={details} />
                </Container>
                <Container
                  header={
                    <Header variant="h2" actions={<Button onClick={() => setStep(1)}>Edit</Button>}>
                      Step 2: Add user to groups
                    </Header>
                  }
                >
                  {chosen.length ? (
                    <Box>{chosen.map((g) => g.displayName).join(', ')}</Box>
                  ) : (
                    <Box color="text-status-inactive">No groups</Box>
                  )}
                </Container>
              </SpaceBetween>
            ),
          },
        ]}
      />
      {creating && <CreateGroupModal onClose={() => setCreating(false)} onCreated={onGroupCreated} />}
      {result && (
        <OneTimePasswordModal
          result={result}
          onClose={() => {
            queueFlash({ type: 'success', content: userAddedFlash(result.user.userName, false) });
            goToIdc('users');
          }}
        />
      )}
    </>
  );
}
