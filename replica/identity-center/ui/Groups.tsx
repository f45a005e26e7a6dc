import { useCallback, useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import { messageOf } from '../../console/api.ts';
import { columns, dropped, label } from '../../console/drift.ts';
import { queueFlash } from '../../console/flash.ts';
import { formatDate } from '../../console/format.ts';
import { useLoad } from '../../console/use-load.ts';
import { IdcFailure, idcApi } from './api.ts';
import type { GroupView, UserView } from './contract.ts';
import { goToIdc, idcHref } from './routes.ts';

/** The flash after "Create group" (the console's wording is not known: the replica's). */
export const groupCreatedFlash = (name: string): string => `The group "${name}" was successfully created.`;

interface GroupDraft {
  displayName: string;
  description: string;
}
interface DraftErrors {
  displayName?: string;
  description?: string;
}

function checkDraft(draft: GroupDraft): DraftErrors {
  if (!draft.displayName.trim()) return { displayName: 'Enter a group name.' };
  if (draft.displayName.length > 128) return { displayName: 'The group name must have 128 characters or fewer.' };
  return {};
}

/** "Group name" and "Description - optional". */
function GroupFields({ draft, errors, onChange }: { draft: GroupDraft; errors: DraftErrors; onChange: (d: GroupDraft) => void }) {
  return (
    <SpaceBetween size="l">
      {!dropped('Group name') && (
        <FormField label={label('Group name')} constraintText="Maximum 128 characters." errorText={errors.displayName}>
          <Input value={draft.displayName} onChange={({ detail }) => onChange({ ...draft, displayName: detail.value })} />
        </FormField>
      )}
      {!dropped('Description - optional') && (
        <FormField
          label={
            label('Description - optional') === 'Description - optional' ? (
              <span>
                Description <i>- optional</i>
              </span>
            ) : (
              label('Description - optional')
            )
          }
          errorText={errors.description}
        >
          <Textarea value={draft.description} onChange={({ detail }) => onChange({ ...draft, description: detail.value })} />
        </FormField>
      )}
    </SpaceBetween>
  );
}

/** Creates the group; a refusal naming a field becomes that field's error, others a general one. */
function useCreateGroup(userIds: string[]) {
  const [draft, setDraft] = useState<GroupDraft>({ displayName: '', description: '' });
  const [errors, setErrors] = useState<DraftErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async (): Promise<GroupView | null> => {
    const invalid = checkDraft(draft);
    setErrors(invalid);
    setError(null);
    if (Object.keys(invalid).length) return null;
    setBusy(true);
    try {
      return await idcApi.createGroup({ ...draft, userIds });
    } catch (err) {
      if (err instanceof IdcFailure && (err.field === 'displayName' || err.field === 'description'))
        setErrors({ [err.field]: err.message });
      else setError(messageOf(err));
      return null;
    } finally {
      setBusy(false);
    }
  };
  return {
    draft,
    setDraft: (d: GroupDraft) => {
      setDraft(d);
      setErrors({});
    },
    errors,
    error,
    busy,
    create,
  };
}

/** "Create group" from the Add user wizard's groups step. */
export function CreateGroupModal({ onClose, onCreated }: { onClose: () => void; onCreated: (group: GroupView) => void }) {
  const form = useCreateGroup([]);
  const submit = async (): Promise<void> => {
    const group = await form.create();
    if (group) onCreated(group);
  };
  return (
    <Modal
      visible
      onDismiss={onClose}
      header="Create group"
      closeAriaLabel="Close modal"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" loading={form.busy} onClick={() => void submit()}>
              Create group
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        {form.error && (
          <Alert type="error" statusIconAriaLabel="Error">
            {form.error}
          </Alert>
        )}
        <GroupFields draft={form.draft} errors={form.errors} onChange={form.setDraft} />
      </SpaceBetween>
    </Modal>
  );
}

/** The users table with checkboxes (adding members to a group, choosing principals). */
export function UserPicker({
  users,
  loading,
  selected,
  onChange,
  header,
}: {
  users: UserView[];
  loading: boolean;
  selected: UserView[];
  onChange: (users: UserView[]) => void;
  header: string;
}) {
  return (
    <Table
      items={users}
      loading={loading}
      loadingText="Loading users"
      trackBy="userId"
      selectionType="multi"
      selectedItems={selected}
      onSelectionChange={({ detail }) => onChange(detail.selectedItems)}
      ariaLabels={{
        tableLabel: header,
        selectionGroupLabel: 'Users selection',
        itemSelectionLabel: (_s, u) => u.userName,
        allItemsSelectionLabel: () => 'Select all users',
      }}
      header={
        <Header variant="h2" counter={`(${users.length})`}>
          {label(header)}
        </Header>
      }
      columnDefinitions={columns<UserView>([
        { id: 'userName', header: 'Username', cell: (u) => u.userName },
        { id: 'displayName', header: 'Display name', cell: (u) => u.displayName },
        { id: 'email', header: 'Email address', cell: (u) => u.email },
      ])}
      empty={
        <Box textAlign="center" color="inherit">
          No users
        </Box>
      }
    />
  );
}

/** `#/groups/create`: "Create group" with optional members. */
export function CreateGroupPage() {
  const { data, loading } = useLoad(useCallback(() => idcApi.listUsers(), []));
  const [members, setMembers] = useState<UserView[]>([]);
  const form = useCreateGroup(members.map((u) => u.userId));
  const submit = async (): Promise<void> => {
    const group = await form.create();
    if (!group) return;
    queueFlash({ type: 'success', content: groupCreatedFlash(group.displayName) });
    goToIdc('groups');
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Form
        header={<Header variant="h1">{label('Create group')}</Header>}
        errorText={form.error}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button formAction="none" variant="link" href={idcHref('groups')}>
              {label('Cancel')}
            </Button>
            <Button variant="primary" loading={form.busy}>
              {label('Create group')}
            </Button>
          </SpaceBetween>
        }
      >
        <SpaceBetween size="l">
          <Container header={<Header variant="h2">{label('Group details')}</Header>}>
            <GroupFields draft={form.draft} errors={form.errors} onChange={form.setDraft} />
          </Container>
          {!dropped('Add users to group - optional') && (
            <UserPicker
              users={data ?? []}
              loading={loading}
              selected={members}
              onChange={setMembers}
              header="Add users to group - optional"
            />
          )}
        </SpaceBetween>
      </Form>
    </form>
  );
}

/** "Groups": the directory's groups and "Create group". */
export function Groups() {
  const { data, loading } = useLoad(useCallback(() => idcApi.listGroups(), []));
  const groups = data ?? [];
  return (
    <Table
      variant="full-page"
      items={groups}
      loading={loading}
      loadingText="Loading groups"
      trackBy="groupId"
      ariaLabels={{ tableLabel: 'Groups' }}
      header={
        <Header
          variant="h1"
          counter={`(${groups.length})`}
          actions={
            <Button variant="primary" href={idcHref('groups/create')}>
              {label('Create group')}
            </Button>
          }
        >
          {label('Groups')}
        </Header>
      }
      columnDefinitions={columns<GroupView>([
        { id: 'name', header: 'Group name', cell: (g) => g.displayName },
        { id: 'description', header: 'Description', cell: (g) => g.description ?? '-' },
        { id: 'members', header: 'Members', cell: (g) => String(g.memberCount) },
        { id: 'created', header: 'Created', cell: (g) => formatDate(g.createdAt) },
      ])}
      empty={
        <Box textAlign="center" color="inherit">
          <Box variant="strong" color="inherit">
            No groups
          </Box>
        </Box>
      }
    />
  );
}
