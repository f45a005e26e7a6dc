import type { ConsoleDrift, ConsoleGeneration, Faults } from '../contract.ts';
import type { IdentityCenterState } from '../identity-center/model.ts';
import type { IdcEnableFlow } from '../identity-center/contract.ts';
import type { MarkupVariation } from '../markup/catalog.ts';

/** A root virtual MFA device; `enableDate` is null while it is created but not enabled (wizard abandoned). */
export interface VirtualMfaDevice {
  name: string;
  serialNumber: string; // arn:aws:iam::<id>:mfa/<name>
  seed: string; // Base32, 64 characters (40 random bytes)
  createDate: string;
  enableDate: string | null;
  /** Last TOTP step accepted from this device; codes of that step or earlier are refused. */
  lastUsedStep: number | null;
}

/** A root access key. The secret is kept only so the side door can show it; the console never lists it. */
export interface RootAccessKey {
  id: string; // AKIA + 16 characters
  secret: string;
  status: 'Active' | 'Inactive';
  createDate: string;
  lastUsedDate: string | null;
  lastUsedService: string | null;
  lastUsedRegion: string | null;
}

export interface AccountSettings {
  generation: ConsoleGeneration;
  forcedMfaPrompt: boolean;
  forcedMfaDaysLeft: number;
  /** How the Identity Center console enables an instance (`AccountOptions.identityCenter.enableFlow`). */
  idcEnableFlow: IdcEnableFlow;
}

/** One replica account: the root user and what hangs off it. */
export interface Account {
  id: string;
  alias: string | null;
  rootEmail: string;
  /** Secret: never logged. */
  rootPassword: string;
  createdAt: string;
  options: AccountSettings;
  mfaDevices: VirtualMfaDevice[];
  accessKeys: RootAccessKey[];
  faults: Faults;
  /** Changes to this account's console pages (side door `…/drift`); on top of the replica-wide drift. */
  drift: ConsoleDrift;
  /** How this account's pages are written (replica/markup); unset: the replica-wide markup. */
  markup?: MarkupVariation;
  /** Seconds added to the real clock for this account (the side door moves it forward). */
  clockOffsetSeconds: number;
  /** An administrator's keys for the IAM Query API (not root keys), and that user's id. */
  apiCredentials: { accessKeyId: string; secretAccessKey: string; userId: string };
  /** Organizations, Identity Center and the access portal (replica/identity-center/model.ts; `resetIdentityCenter` empties it). */
  identityCenter: IdentityCenterState;
}
