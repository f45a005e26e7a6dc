import type { OutboxEmail } from './model.ts';

/**
 * The side door's part of Identity Center: account options and the outbox. Types only.
 * (The console app's Identity Center endpoints are in `console/idc/contract.ts`.)
 */

/**
 * How "Enable" goes in the console (console-facts §3.2): `dialog` (default) — the dialog's
 * "Continue" creates the instance and the dashboard shows the flash; `settings-page` — "Continue"
 * opens a page with optional tags and optional delegated administration, and only its "Save"
 * creates the instance ("Cancel" leaves nothing).
 */
export type IdcEnableFlow = 'dialog' | 'settings-page';

/** `AccountOptions.identityCenter`: where the account starts. Default: no organization, no instance. */
export interface IdentityCenterOptions {
  /** How the console's enable flow goes (default `dialog`). A console choice: kept by the Identity Center reset. */
  enableFlow?: IdcEnableFlow;
  /** Create the organization (FeatureSet ALL, this account its management account) without enabling Identity Center. */
  organization?: boolean;
  /** Start with the organization instance already enabled in this Region (creates the organization too). */
  enabledIn?: string;
  /** Users of the identity store (needs `enabledIn`); their one-time passwords and invitations show in the side-door state and outbox. */
  users?: SeededUser[];
  /** Groups (needs `enabledIn`); users join them through `SeededUser.groups`. */
  groups?: Array<{ displayName: string; description?: string }>;
  /** Predefined permission sets (needs `enabledIn`). */
  permissionSets?: SeededPermissionSet[];
  /** Assignments of a user or group to this account, already provisioned (SUCCEEDED). */
  assignments?: SeededAssignment[];
}

/**
 * A user as the identity-center runbook leaves it: `password` says how the first password reaches
 * them: 'one-time' (a one-time password, readable in the side-door state), 'invited' (an invitation
 * mail in the outbox), 'none' (as identitystore CreateUser leaves a user).
 */
export interface SeededUser {
  userName: string;
  email: string;
  givenName: string;
  familyName: string;
  displayName?: string;
  password: 'one-time' | 'invited' | 'none';
  /** Display names of groups listed in `IdentityCenterOptions.groups`. */
  groups?: string[];
}

/** A predefined permission set: `policy` is a predefined policy name (default AdministratorAccess), `sessionDuration` ISO 8601 (default PT1H). */
export interface SeededPermissionSet {
  name: string;
  policy?: string;
  sessionDuration?: string;
}

/** Assigns a seeded user or group (by name) to this account with a seeded permission set (by name). */
export interface SeededAssignment {
  principal: { type: 'USER' | 'GROUP'; name: string };
  permissionSet: string;
}

/** One mail in `GET /__replica/accounts/:id/outbox` (oldest first): the stored mail as is; `link` carries the invitation token. */
export type OutboxEmailView = OutboxEmail;
