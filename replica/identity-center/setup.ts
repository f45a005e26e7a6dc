import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import type { Account } from '../iam/model.ts';
import type { IdentityCenterOptions } from './contract.ts';
import { addMembership, addUser, createGroup, userByName, type PasswordMode } from './directory.ts';
import type { IdcInstance } from './model.ts';
import { assign, createOrganization, createPermissionSet, enableInstance } from './organization.ts';

/** Identity Center's part of the side door: account options, the outbox, a reset of the IC state. */

/** AWS Region names as the replica accepts them (us-east-1, eu-central-2, us-gov-west-1…). */
export const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** Side-door schema of `AccountOptions.identityCenter`. */
const name = z.string().min(1).max(128);
export const identityCenterOptionsSchema = z.strictObject({
  enableFlow: z.enum(['dialog', 'settings-page']).optional(),
  organization: z.boolean().optional(),
  enabledIn: z.string().regex(REGION, 'must be a Region name such as us-east-1').optional(),
  users: z
    .array(
      z.strictObject({
        userName: name,
        email: z.string().min(3).max(256),
        givenName: name,
        familyName: name,
        displayName: z.string().max(256).optional(),
        password: z.enum(['one-time', 'invited', 'none']),
        groups: z.array(name).max(20).optional(),
      }),
    )
    .max(50)
    .optional(),
  groups: z
    .array(z.strictObject({ displayName: name, description: z.string().max(1024).optional() }))
    .max(50)
    .optional(),
  permissionSets: z
    .array(z.strictObject({ name, policy: z.string().optional(), sessionDuration: z.string().optional() }))
    .max(20)
    .optional(),
  assignments: z
    .array(
      z.strictObject({
        principal: z.strictObject({ type: z.enum(['USER', 'GROUP']), name }),
        permissionSet: name,
      }),
    )
    .max(50)
    .optional(),
});

const PASSWORD_MODE: Record<'one-time' | 'invited' | 'none', PasswordMode> = { 'one-time': 'otp', invited: 'email', none: 'none' };

/**
 * Puts a new account where its options say: an organization, an instance in `enabledIn`, and the
 * directory, permission sets and (provisioned) assignments the identity-center runbook would leave.
 * `baseUrl` goes into invitation links.
 */
export function applyIdentityCenterOptions(
  account: Account,
  options: IdentityCenterOptions | undefined,
  nowIso: string,
  baseUrl = '',
): void {
  if (!options) return;
  if (options.enabledIn !== undefined && !REGION.test(options.enabledIn)) {
    throw new InputError('identityCenter.enabledIn', 'identityCenter.enabledIn: must be a Region name such as us-east-1');
  }
  if (options.organization === false && options.enabledIn) {
    throw new InputError('identityCenter.organization', 'identityCenter.organization: an organization instance needs an organization');
  }
  if (options.organization || options.enabledIn) createOrganization(account, nowIso);
  if (options.enabledIn) {
    const { instance } = enableInstance(account, options.enabledIn, nowIso);
    seedDirectory(account, instance, options, nowIso, baseUrl);
  } else {
    const extra = (['users', 'groups', 'permissionSets', 'assignments'] as const).find((k) => options[k]?.length);
    if (extra)
      throw new InputError(`identityCenter.${extra}`, `identityCenter.${extra}: needs identityCenter.enabledIn (an instance to hold them)`);
  }
}

/** Runs `make`, turning the replica's own validation error into a side-door InputError naming the field. */
function seeded<T>(field: string, make: () => T): T {
  try {
    return make();
  } catch (err) {
    throw new InputError(field, `${field}: ${(err as Error).message}`);
  }
}

function seedDirectory(account: Account, instance: IdcInstance, options: IdentityCenterOptions, nowIso: string, baseUrl: string): void {
  const ic = account.identityCenter;
  const groupId = (field: string, displayName: string): string => {
    const group = ic.groups.find((g) => g.displayName.toLowerCase() === displayName.toLowerCase());
    if (!group) throw new InputError(field, `${field}: no group "${displayName}" in identityCenter.groups`);
    return group.groupId;
  };
  (options.groups ?? []).forEach((g, i) => seeded(`identityCenter.groups.${i}`, () => createGroup(account, instance, g, nowIso)));
  (options.users ?? []).forEach((u, i) => {
    const field = `identityCenter.users.${i}`;
    const { user } = seeded(field, () => addUser(account, instance, { ...u, passwordMode: PASSWORD_MODE[u.password] }, baseUrl, nowIso));
    (u.groups ?? []).forEach((g, j) => {
      const id = groupId(`${field}.groups.${j}`, g);
      seeded(`${field}.groups.${j}`, () => addMembership(account, instance, id, user.userId, nowIso));
    });
  });
  (options.permissionSets ?? []).forEach((p, i) =>
    seeded(`identityCenter.permissionSets.${i}`, () =>
      createPermissionSet(
        account,
        instance,
        { name: p.name, policy: p.policy ?? 'AdministratorAccess', sessionDuration: p.sessionDuration },
        nowIso,
      ),
    ),
  );
  (options.assignments ?? []).forEach((a, i) => {
    const field = `identityCenter.assignments.${i}`;
    const principalId =
      a.principal.type === 'GROUP' ? groupId(`${field}.principal`, a.principal.name) : userByName(account, a.principal.name)?.userId;
    if (!principalId)
      throw new InputError(`${field}.principal`, `${field}.principal: no user "${a.principal.name}" in identityCenter.users`);
    const set = ic.permissionSets.find((p) => p.name.toLowerCase() === a.permissionSet.toLowerCase());
    if (!set)
      throw new InputError(
        `${field}.permissionSet`,
        `${field}.permissionSet: no permission set "${a.permissionSet}" in identityCenter.permissionSets`,
      );
    // Seeded as the identity-center runbook leaves it: provisioned, so the portal lists it at once.
    seeded(field, () => assign(account, account.id, a.principal.type, principalId, set.arn, nowIso)).status = 'SUCCEEDED';
  });
}
