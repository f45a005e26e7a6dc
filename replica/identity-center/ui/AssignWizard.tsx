import { useCallback, useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Table from '@cloudscape-design/components/table';
import Tabs from '@cloudscape-design/components/tabs';
import TextFilter from '@cloudscape-design/components/text-filter';
import Wizard from '@cloudscape-design/components/wizard';
import { messageOf } from '../../console/api.ts';
import { columns, label, pairs, wizardStrings } from '../../console/drift.ts';
import { queueFlash } from '../../console/flash.ts';
import { useLoad } from '../../console/use-load.ts';
import { idcApi } from './api.ts';
import type { GroupView, PermissionSetView, UserView } from './contract.ts';
import { UserPicker } from './Groups.tsx';
import { goToIdc } from './routes.ts';

/** The flash after "Submit" (the console's wording is not known: the replica's). */
export const assignmentsSubmittedFlash = (accountName: string): string =>
  `Assignments to "${accountName}" were submitted. Provisioning can take a few minutes; the status is shown below.`;

const matches = (filter: string, ...texts: string[]): boolean =>
  !filter || texts.some((t) => t.toLowerCase().includes(filter.toLowerCase()));

/** `#/accounts/<id>/assign`: users and groups (tabs), permission sets, review, Submit (console-facts §3.8). */
export function AssignWizard({ accountId }: { accountId: string }) {
  const load = useCallback(
    () => Promise.all([idcApi.listUsers(), idcApi.listGroups(), idcApi.listPermissionSets(), idcApi.listAccounts()]),
    [],
  );
  const { data, loading } = useLoad(load);
  const [users, groups, sets, accounts] = data ?? [[], [], [], []];
  const name = accounts.find((a) => a.accountId === accountId)?.name ?? accountId;
  const [step, setStep] = useState(0);
  const [filter, setFilter] = useState('');
  const [pickedUsers, setPickedUsers] = useState<UserView[]>([]);
  const [pickedGroups, setPickedGroups] = useState<GroupView[]>([]);
  const [pickedSets, setPickedSets] = useState<PermissionSetView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const next = (requested: number): void => {
    setError(null);
    if (step === 0 && pickedUsers.length + pickedGroups.length === 0) return setError('Select at least one user or group.');
    if (step === 1 && pickedSets.length === 0) return setError('Select at least one permission set.');
    setStep(requested);
  };
  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await idcApi.assign(accountId, {
        principals: [
          ...pickedUsers.map((u) => ({ type: 'USER' as const, id: u.userId })),
          ...pickedGroups.map((g) => ({ type: 'GROUP' as const, id: g.groupId })),
        ],
        permissionSetArns: pickedSets.map((p) => p.arn),
      });
      queueFlash({ type: 'success', content: assignmentsSubmittedFlash(name) });
      goToIdc(`accounts/${accountId}`);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <Wizard
      i18nStrings={wizardStrings('Submit')}
      activeStepIndex={step}
      isLoadingNextStep={busy}
      onNavigate={({ detail }) =>
        detail.reason === 'next' ? next(detail.requestedStepIndex) : (setError(null), setStep(detail.requestedStepIndex))
      }
      onCancel={() => goToIdc('accounts')}
      onSubmit={() => void submit()}
      steps={[
        {
          title: label('Select users and groups'),
          description: `Assign users and groups to "${name}"`,
          errorText: step === 0 ? (error ?? undefined) : undefined,
          content: (
            <Container>
              <TextFilter
                filteringText={filter}
                filteringPlaceholder="Find users and groups"
                filteringAriaLabel="Find users and groups"
                onChange={({ detail }) => setFilter(detail.filteringText)}
              />
              <Tabs
                tabs={[
                  {
                    id: 'users',
                    label: label('Users'),
                    content: (
                      <UserPicker
                        users={users.filter((u) => matches(filter, u.userName, u.displayName, u.email))}
                        loading={loading}
                        selected={pickedUsers}
                        onChange={setPickedUsers}
                        header="Users"
                      />
                    ),
                  },
                  {
                    id: 'groups',
                    label: label('Groups'),
                    content: (
                      <Table
                        items={groups.filter((g) => matches(filter, g.displayName))}
                        loading={loading}
                        loadingText="Loading groups"
                        trackBy="groupId"
                        selectionType="multi"
                        selectedItems={pickedGroups}
                        onSelectionChange={({ detail }) => setPickedGroups(detail.selectedItems)}
                        ariaLabels={{
                          tableLabel: 'Groups',
                          selectionGroupLabel: 'Groups selection',
                          itemSelectionLabel: (_s, g) => g.displayName,
                          allItemsSelectionLabel: () => 'Select all groups',
                        }}
                        header={
                          <Header variant="h2" counter={`(${groups.length})`}>
                            Groups
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
                ]}
              />
            </Container>
          ),
        },
        {
          title: label('Select permission sets'),
          description: `Assign permission sets to "${name}"`,
          errorText: step === 1 ? (error ?? undefined) : undefined,
          content: (
            <Table
              items={sets}
              loading={loading}
              loadingText="Loading permission sets"
              trackBy="arn"
              selectionType="multi"
              selectedItems={pickedSets}
              onSelectionChange={({ detail }) => setPickedSets(detail.selectedItems)}
              ariaLabels={{
                tableLabel: 'Permission sets',
                selectionGroupLabel: 'Permission sets selection',
                itemSelectionLabel: (_s, p) => p.name,
                allItemsSelectionLabel: () => 'Select all permission sets',
              }}
              header={
                <Header variant="h2" counter={`(${sets.length})`}>
                  Permission sets
                </Header>
              }
              columnDefinitions={columns<PermissionSetView>([
                { id: 'name', header: 'Name', cell: (p) => p.name },
                { id: 'description', header: 'Description', cell: (p) => p.description ?? '-' },
              ])}
              empty={
                <Box textAlign="center" color="inherit">
                  No permission sets
                </Box>
              }
            />
          ),
        },
        {
          title: label('Review and submit'),
          description: `Review and submit assignments to "${name}"`,
          errorText: step === 2 ? (error ?? undefined) : undefined,
          content: (
            <Container header={<Header variant="h2">Assignments</Header>}>
              <KeyValuePairs
                columns={1}
                items={pairs([
                  { label: 'Users', value: pickedUsers.map((u) => u.userName).join(', ') || '-' },
                  { label: 'Groups', value: pickedGroups.map((g) => g.displayName).join(', ') || '-' },
                  { label: 'Permission sets', value: pickedSets.map((p) => p.name).join(', ') },
                ])}
              />
            </Container>
          ),
        },
      ]}
    />
  );
}
