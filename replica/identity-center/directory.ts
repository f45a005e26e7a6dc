import type { Account } from '../iam/model.ts';
import { oneTimePassword } from '../portal/password.ts';
import { conflict, notFound, validation } from './errors.ts';
import {
  newDirectoryObjectId,
  newRequestId,
  newToken,
  type IdcGroup,
  type IdcInstance,
  type IdcMembership,
  type IdcUser,
} from './model.ts';

/**
 * The Identity Center directory (identitystore): users, groups, memberships, and the invitation
 * mail "Send an email to this user" puts in the account's outbox.
 */

/** Reserved for AWS (identitystore CreateUser/CreateGroup docs). */
const RESERVED = new Set(['administrator', 'awsadministrators']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const USERNAME_MAX_API = 128;
export const USERNAME_MAX_CONSOLE = 100;
const INVITATION_DAYS = 7;
export const INVITATION_FROM = 'no-reply@login.awsapps.com';
export const INVITATION_SUBJECT = 'Invitation to join IAM Identity Center';

export type PasswordMode = 'email' | 'otp' | 'none';

export interface NewUser {
  userName: string;
  email: string;
  givenName: string;
  familyName: string;
  displayName?: string;
  /** email: invitation in the outbox; otp: a one-time password for the admin; none: no password (API CreateUser). */
  passwordMode: PasswordMode;
}

/** The access portal URL of an instance on this replica (AWS: https://d-xxxxxxxxxx.awsapps.com/start). */
export const portalUrl = (baseUrl: string, instance: IdcInstance): string => `${baseUrl}/start/${instance.identityStoreId}`;

function findByName(users: IdcUser[], userName: string): IdcUser | undefined {
  const wanted = userName.toLowerCase();
  return users.find((u) => u.userName.toLowerCase() === wanted);
}

export function userByName(account: Account, userName: string): IdcUser | undefined {
  return findByName(account.identityCenter.users, userName);
}

export function requireUser(account: Account, userId: unknown): IdcUser {
  const user = account.identityCenter.users.find((u) => u.userId === userId);
  if (!user) throw notFound('USER not found.', 'USER', String(userId));
  return user;
}

export function requireGroup(account: Account, groupId: unknown): IdcGroup {
  const group = account.identityCenter.groups.find((g) => g.groupId === groupId);
  if (!group) throw notFound('GROUP not found.', 'GROUP', String(groupId));
  return group;
}

/** Checks the user fields as the console does (username 1–100, names required, emails well formed). */
function checkUser(account: Account, input: NewUser, maxUserName: number): void {
  const name = input.userName;
  if (!name || name.length > maxUserName) throw validation(`The username must have 1 to ${maxUserName} characters.`);
  if (/\s/.test(name.trim()) || name !== name.trim()) throw validation('The username cannot contain spaces.');
  if (RESERVED.has(name.toLowerCase())) throw validation(`The username ${name} is reserved.`);
  if (!EMAIL.test(input.email)) throw validation('The email address is not valid.');
  if (!input.givenName || !input.familyName) throw validation('First name and last name are required.');
  const users = account.identityCenter.users;
  if (findByName(users, name)) throw conflict('Duplicate UserName');
  if (users.some((u) => u.email.toLowerCase() === input.email.toLowerCase())) throw conflict('Duplicate Email');
}

/** What adding a user hands back: the one-time password only with `passwordMode: 'otp'`. */
export interface AddedUser {
  user: IdcUser;
  oneTimePassword: string | null;
}

/** Adds a user; `maxUserName` is 100 from the console, 128 from the API. */
export function addUser(
  account: Account,
  instance: IdcInstance,
  input: NewUser,
  baseUrl: string,
  nowIso: string,
  maxUserName = USERNAME_MAX_CONSOLE,
): AddedUser {
  checkUser(account, input, maxUserName);
  const user: IdcUser = {
    userId: newDirectoryObjectId(instance.identityStoreId),
    userName: input.userName,
    email: input.email,
    givenName: input.givenName,
    familyName: input.familyName,
    displayName: input.displayName?.trim() || `${input.givenName} ${input.familyName}`,
    createdAt: nowIso,
    password: { kind: 'none' },
    previousPasswords: [],
    mfaDevices: [],
  };
  account.identityCenter.users.push(user);
  if (input.passwordMode === 'email') invite(account, instance, user, baseUrl, nowIso);
  if (input.passwordMode === 'otp') {
    const secret = oneTimePassword();
    user.password = { kind: 'one-time', secret };
    return { user, oneTimePassword: secret };
  }
  return { user, oneTimePassword: null };
}

/** Puts an invitation (valid 7 days) in the outbox and marks the user's password as pending. */
export function invite(account: Account, instance: IdcInstance, user: IdcUser, baseUrl: string, nowIso: string): void {
  const token = newToken();
  const expiresAt = new Date(Date.parse(nowIso) + INVITATION_DAYS * 86_400_000).toISOString();
  user.password = { kind: 'invited', token, expiresAt };
  const portal = portalUrl(baseUrl, instance);
  const link = `${portal}/accept?token=${token}`;
  account.identityCenter.outbox.push({
    id: newRequestId(),
    to: user.email,
    from: INVITATION_FROM,
    subject: INVITATION_SUBJECT,
    userName: user.userName,
    link,
    sentAt: nowIso,
    text: [
      `Hello ${user.displayName},`,
      '',
      'Your AWS organization uses IAM Identity Center to give you access to AWS accounts and applications.',
      'Accept invitation:',
      link,
      '',
      `Your AWS access portal URL: ${portal}`,
      `Your username: ${user.userName}`,
      '',
      `This invitation will expire in ${INVITATION_DAYS} days.`,
    ].join('\n'),
  });
}

export interface NewGroup {
  displayName: string;
  description?: string | null;
}

/** Creates a group; names are 1–128 characters and unique (case-insensitive). */
export function createGroup(account: Account, instance: IdcInstance, input: NewGroup, nowIso: string): IdcGroup {
  const name = input.displayName;
  if (!name || name.length > 128) throw validation('The group name must have 1 to 128 characters.');
  if (RESERVED.has(name.toLowerCase())) throw validation(`The group name ${name} is reserved.`);
  if ((input.description ?? '').length > 1024) throw validation('The description must have 1024 characters or fewer.');
  const groups = account.identityCenter.groups;
  if (groups.some((g) => g.displayName.toLowerCase() === name.toLowerCase())) throw conflict('Duplicate GroupDisplayName');
  const group: IdcGroup = {
    groupId: newDirectoryObjectId(instance.identityStoreId),
    displayName: name,
    description: input.description || null,
    createdAt: nowIso,
  };
  groups.push(group);
  return group;
}

/** Adds a user to a group; adding twice is a ConflictException. */
export function addMembership(account: Account, instance: IdcInstance, groupId: string, userId: string, nowIso: string): IdcMembership {
  requireGroup(account, groupId);
  requireUser(account, userId);
  const memberships = account.identityCenter.memberships;
  if (memberships.some((m) => m.groupId === groupId && m.userId === userId)) throw conflict('Member is already in the group.');
  const membership: IdcMembership = { membershipId: newDirectoryObjectId(instance.identityStoreId), groupId, userId, createdAt: nowIso };
  memberships.push(membership);
  return membership;
}
