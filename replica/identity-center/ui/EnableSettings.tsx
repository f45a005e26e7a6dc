import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import AttributeEditor from '@cloudscape-design/components/attribute-editor';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { messageOf } from '../../console/api.ts';
import { label } from '../../console/drift.ts';
import { queueFlash } from '../../console/flash.ts';
import { IdcFailure, idcApi } from './api.ts';
import type { IdcStateView } from './contract.ts';
import { enabledFlash, OtherRegionAlert } from './Dashboard.tsx';
import { goToIdc, idcHref } from './routes.ts';

interface Tag {
  key: string;
  value: string;
}

/**
 * `#/enable`: the page after the enable dialog's "Continue" in the current flow (console-facts
 * §3.2: "Continue" → optional tags → optional delegated administration → "Save"). Nothing exists
 * until "Save"; "Cancel" goes back to the dashboard. The section texts are the replica's own.
 */
export function EnableSettingsPage({ state }: { state: IdcStateView }) {
  const [tags, setTags] = useState<Tag[]>([]);
  const [delegated, setDelegated] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (state.otherRegion) return <OtherRegionAlert state={state} />;
  if (state.instance) {
    return (
      <Alert type="info" statusIconAriaLabel="Info" header="IAM Identity Center is enabled">
        This organization already has its instance of IAM Identity Center. See the <Link href={idcHref('dashboard')}>Dashboard</Link>.
      </Alert>
    );
  }

  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      const { instance } = await idcApi.enable({ tags: tags.filter((t) => t.key || t.value), delegatedAdministrator: delegated });
      queueFlash({ type: 'success', content: enabledFlash(instance.instanceId) });
      goToIdc('dashboard');
    } catch (err) {
      if (err instanceof IdcFailure && err.field === 'delegatedAdministrator') setFieldError(err.message);
      else setError(messageOf(err));
      setBusy(false);
    }
  };
  const setTag = (index: number, change: Partial<Tag>): void => setTags(tags.map((t, i) => (i === index ? { ...t, ...change } : t)));

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Form
        header={
          <Header variant="h1" description={`Enables the organization instance of IAM Identity Center in ${state.region}.`}>
            {label('Enable IAM Identity Center')}
          </Header>
        }
        errorText={error}
        errorIconAriaLabel="Error"
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button formAction="none" variant="link" href={idcHref('dashboard')}>
              {label('Cancel')}
            </Button>
            <Button variant="primary" loading={busy}>
              {label('Save')}
            </Button>
          </SpaceBetween>
        }
      >
        <SpaceBetween size="l">
          <Container
            header={
              <Header variant="h2" description="Tags are key and value pairs attached to the instance.">
                {label('Tags - optional')}
              </Header>
            }
          >
            <AttributeEditor
              items={tags}
              addButtonText={label('Add new tag')}
              removeButtonText="Remove"
              empty="No tags associated with the instance."
              onAddButtonClick={() => setTags([...tags, { key: '', value: '' }])}
              onRemoveButtonClick={({ detail }) => setTags(tags.filter((_t, i) => i !== detail.itemIndex))}
              definition={[
                {
                  label: 'Key',
                  control: (t, i) => (
                    <Input value={t.key} ariaLabel={`Key ${i + 1}`} onChange={({ detail }) => setTag(i, { key: detail.value })} />
                  ),
                },
                {
                  label: 'Value - optional',
                  control: (t, i) => (
                    <Input value={t.value} ariaLabel={`Value ${i + 1}`} onChange={({ detail }) => setTag(i, { value: detail.value })} />
                  ),
                },
              ]}
            />
          </Container>
          <Container
            header={
              <Header variant="h2" description="A member account can administer IAM Identity Center for the organization.">
                {label('Delegated administration - optional')}
              </Header>
            }
          >
            <FormField
              label={label('Delegated administrator account ID')}
              constraintText="Leave empty to register none now."
              errorText={fieldError}
            >
              <Input
                value={delegated}
                inputMode="numeric"
                onChange={({ detail }) => {
                  setDelegated(detail.value);
                  setFieldError(null);
                }}
              />
            </FormField>
          </Container>
        </SpaceBetween>
      </Form>
    </form>
  );
}
