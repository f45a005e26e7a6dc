import { useCallback, useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import RadioGroup from '@cloudscape-design/components/radio-group';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import Tiles from '@cloudscape-design/components/tiles';
import Wizard from '@cloudscape-design/components/wizard';
import { messageOf } from '../../console/api.ts';
import { columns, dropped, label, pairs, wizardStrings } from '../../console/drift.ts';
import { queueFlash } from '../../console/flash.ts';
import { formatDate } from '../../console/format.ts';
import { useLoad } from '../../console/use-load.ts';
import { IdcFailure, idcApi } from './api.ts';
import type { CreatePermissionSetRequest, PermissionSetView } from './contract.ts';
import { goToIdc, idcHref } from './routes.ts';

/** The predefined policies the replica offers (the server checks the same list). */
const POLICIES = ['AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess', 'ViewOnlyAccess', 'SecurityAudit', 'Billing'];
/** Session durations as the console offers them; 1 hour is the default (console-facts §3.7). */
export const DURATIONS = [
  { value: 'PT1H', label: '1 hour' },
  { value: 'PT2H', label: '2 hours' },
  { value: 'PT4H', label: '4 hours' },
  { value: 'PT8H', label: '8 hours' },
  { value: 'PT12H', label: '12 hours' },
];
const durationLabel = (iso: string): string => DURATIONS.find((d) => d.value === iso)?.label ?? iso;
const NAME = /^[\w+=,.@-]{1,32}$/;

/** The flash after "Create" (the console's wording is not known: the replica's). */
export const permissionSetCreatedFlash = (name: string): string => `Successfully created permission set ${name}.`;

/** `#/permissionSets/create`: type (predefined + policy), details (name, session duration), review, Create. */
export function CreatePermissionSetWizard() {
  const [step, setStep] = useState(0);
  const [type, setType] = useState('predefined');
  const [form, setForm] = useState<CreatePermissionSetRequest>({
    policy: 'AdministratorAccess',
    name: 'AdministratorAccess',
    description: '',
    sessionDuration: 'PT1H',
    relayState: '',
  });
  const [nameTouched, setNameTouched] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const next = (requested: number): void => {
    setError(null);
    if (step === 0 && type !== 'predefined') return setError('Not replicated: only predefined permission sets are replicated.');
    if (step === 1) {
      const invalid = NAME.test(form.name)
        ? null
        : 'The permission set name must have 1 to 32 characters: letters, digits and + = , . @ _ -';
      setNameError(invalid);
      if (invalid) return;
    }
    setStep(requested);
  };
  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const created = await idcApi.createPermissionSet(form);
      queueFlash({ type: 'success', content: permissionSetCreatedFlash(created.name) });
      goToIdc('permissionSets');
    } catch (err) {
      setError(messageOf(err));
      if (err instanceof IdcFailure && err.field === 'name') setNameError(err.message);
      setBusy(false);
    }
  };
  return (
    <Wizard
      i18nStrings={wizardStrings('Create')}
      activeStepIndex={step}
      isLoadingNextStep={busy}
      onNavigate={({ detail }) =>
        detail.reason === 'next' ? next(detail.requestedStepIndex) : (setError(null), setStep(detail.requestedStepIndex))
      }
      onCancel={() => goToIdc('permissionSets')}
      onSubmit={() => void submit()}
      steps={[
        {
          title: label('Select permission set type'),
          errorText: error ?? undefined,
          content: (
            <SpaceBetween size="l">
              {!dropped('Permission set type') && (
                <Container header={<Header variant="h2">{label('Permission set type')}</Header>}>
                  <Tiles
                    value={type}
                    onChange={({ detail }) => setType(detail.value)}
                    ariaLabel={label('Permission set type')}
                    items={[
                      {
                        value: 'predefined',
                        label: label('Predefined permission set'),
                        description: 'Use an AWS managed policy for a common job function.',
                      },
                      { value: 'custom', label: label('Custom permission set'), description: 'Not replicated.' },
                    ]}
                  />
                </Container>
              )}
              {type === 'predefined' && !dropped('Policy for predefined permission set') && (
                <Container header={<Header variant="h2">{label('Policy for predefined permission set')}</Header>}>
                  <RadioGroup
                    value={form.policy}
                    ariaLabel={label('Policy for predefined permission set')}
                    onChange={({ detail }) => setForm({ ...form, policy: detail.value, name: nameTouched ? form.name : detail.value })}
                    items={POLICIES.filter((p) => !dropped(p)).map((p) => ({ value: p, label: label(p) }))}
                  />
                </Container>
              )}
            </SpaceBetween>
          ),
        },
        {
          title: label('Specify permission set details'),
          errorText: step === 1 ? (error ?? undefined) : undefined,
          content: (
            <Container header={<Header variant="h2">Permission set details</Header>}>
              <SpaceBetween size="l">
                <FormField
                  label={label('Permission set name')}
                  constraintText="Maximum 32 characters: letters, digits and + = , . @ _ -"
                  errorText={nameError}
                >
                  <Input
                    value={form.name}
                    onChange={({ detail }) => {
                      setForm({ ...form, name: detail.value });
                      setNameTouched(true);
                      setNameError(null);
                    }}
                  />
                </FormField>
                <FormField
                  label={
                    <span>
                      Description <i>- optional</i>
                    </span>
                  }
                >
                  <Input value={form.description} onChange={({ detail }) => setForm({ ...form, description: detail.value })} />
                </FormField>
                <FormField label={label('Session duration')}>
                  <Select
                    selectedOption={DURATIONS.find((d) => d.value === form.sessionDuration)!}
                    options={DURATIONS}
                    onChange={({ detail }) => setForm({ ...form, sessionDuration: detail.selectedOption.value ?? 'PT1H' })}
                  />
                </FormField>
                <FormField
                  label={
                    <span>
                      Relay state <i>- optional</i>
                    </span>
                  }
                >
                  <Input value={form.relayState} onChange={({ detail }) => setForm({ ...form, relayState: detail.value })} />
                </FormField>
              </SpaceBetween>
            </Container>
          ),
        },
        {
          title: label('Review and create'),
          errorText: step === 2 ? (error ?? undefined) : undefined,
          content: (
            <Container header={<Header variant="h2">Permission set details</Header>}>
              <KeyValuePairs
                columns={2}
                items={pairs([
                  { label: 'Permission set type', value: 'Predefined permission set' },
                  { label: 'Policy', value: form.policy },
                  { label: 'Permission set name', value: form.name },
                  { label: 'Session duration', value: durationLabel(form.sessionDuration) },
                  { label: 'Description', value: form.description || '-' },
                  { label: 'Relay state', value: form.relayState || '-' },
                ])}
              />
            </Container>
          ),
        },
      ]}
    />
  );
}

/** "Permission sets" and "Create permission set". */
export function PermissionSets() {
  const { data, loading } = useLoad(useCallback(() => idcApi.listPermissionSets(), []));
  const sets = data ?? [];
  return (
    <Table
      variant="full-page"
      items={sets}
      loading={loading}
      loadingText="Loading permission sets"
      trackBy="arn"
      ariaLabels={{ tableLabel: 'Permission sets' }}
      header={
        <Header
          variant="h1"
          counter={`(${sets.length})`}
          actions={
            <Button variant="primary" href={idcHref('permissionSets/create')}>
              {label('Create permission set')}
            </Button>
          }
        >
          {label('Permission sets')}
        </Header>
      }
      columnDefinitions={columns<PermissionSetView>([
        { id: 'name', header: 'Name', cell: (p) => p.name },
        { id: 'description', header: 'Description', cell: (p) => p.description ?? '-' },
        { id: 'duration', header: 'Session duration', cell: (p) => durationLabel(p.sessionDuration) },
        { id: 'policies', header: 'AWS managed policies', cell: (p) => p.managedPolicies.map((a) => a.split('/').at(-1)).join(', ') },
        { id: 'created', header: 'Created', cell: (p) => formatDate(p.createdAt) },
      ])}
      empty={
        <Box textAlign="center" color="inherit">
          <Box variant="strong" color="inherit">
            No permission sets
          </Box>
        </Box>
      }
    />
  );
}
