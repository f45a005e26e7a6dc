import type { AddUserRequest } from './contract.ts';

/** The Add user wizard's checks of step 1. The console's wording of these messages is not known: these are the replica's. */

export const USERNAME_MAX = 100;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type UserField = 'userName' | 'email' | 'confirmEmail' | 'givenName' | 'familyName' | 'displayName';
export type UserErrors = Partial<Record<UserField, string>>;

export function userErrors(u: AddUserRequest): UserErrors {
  const errors: UserErrors = {};
  if (!u.userName) errors.userName = 'Enter a username.';
  else if (u.userName.length > USERNAME_MAX) errors.userName = `The username must have ${USERNAME_MAX} characters or fewer.`;
  else if (/\s/.test(u.userName)) errors.userName = 'The username cannot contain spaces.';
  if (!EMAIL.test(u.email)) errors.email = 'Enter a valid email address.';
  if (u.confirmEmail !== u.email) errors.confirmEmail = 'Email addresses must match.';
  if (!u.givenName.trim()) errors.givenName = 'Enter a first name.';
  if (!u.familyName.trim()) errors.familyName = 'Enter a last name.';
  if (!u.displayName.trim()) errors.displayName = 'Enter a display name.';
  return errors;
}

export const EMPTY_USER: AddUserRequest = {
  userName: '',
  passwordMode: 'email',
  email: '',
  confirmEmail: '',
  givenName: '',
  familyName: '',
  displayName: '',
  groupIds: [],
};
