/**
 * The side door's part of Identity Center: account options and the outbox. Types only.
 * (The console app's Identity Center endpoints are in `console/idc/contract.ts`.)
 */

/** `AccountOptions.identityCenter`: where the account starts. Default: no organization, no instance. */
export interface IdentityCenterOptions {
  /** Create the organization (FeatureSet ALL, this account its management account) without enabling Identity Center. */
  organization?: boolean;
  /** Start with the organization instance already enabled in this Region (creates the organization too). */
  enabledIn?: string;
}

/** One mail in `GET /__replica/accounts/:id/outbox` (oldest first). `link` carries the invitation token. */
export interface OutboxEmailView {
  id: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  link: string;
  userName: string;
  sentAt: string;
}
