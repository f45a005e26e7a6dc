import type { ManagementApi, OrgFeature, RootCredentials } from './aws.ts';
import { auditRoot } from './root-credentials.ts';

/**
 * Account classification, before any browser (issue 13 item 1): for each account, management /
 * member / standalone; centralized root access on or off; which root credentials a member has
 * (audit task policy); and so the path it takes (item 3):
 * - member under centralized root access → `root-credentials` (API only);
 * - management, standalone, a member that keeps its root password (`keepRootPassword`), a member
 *   of an organization without centralized root access, an account we cannot classify → the
 *   console runbooks (`root-mfa`, `root-access-keys`) as listed.
 */

export type AccountKind = 'management' | 'member' | 'standalone' | 'unknown';
export type AccountPath = 'root-credentials' | 'console';

/** What is classified: a fleet manifest entry, or an account ListAccounts found. */
export interface AccountToClassify {
  key: string;
  accountId?: string;
  alias?: string;
  rootEmail?: string;
  keepRootPassword?: boolean;
  /** The console runbooks it would run (the manifest's list). */
  runbooks: string[];
}

export interface Classification {
  key: string;
  accountId?: string;
  alias?: string;
  kind: AccountKind;
  organizationId?: string;
  /** The organization's features (empty when off; absent when not in an organization we can read). */
  features?: OrgFeature[];
  /** Root credentials read with the audit task policy (members under centralized root access only). */
  rootCredentials?: RootCredentials;
  keepRootPassword: boolean;
  path: AccountPath;
  /** The runbooks this account runs. */
  runbooks: string[];
  /** Why, in one sentence. */
  reason: string;
}

/** What the operator is told when a member has no centralized root access. */
export const ENABLE_HINT =
  'centralized root access is off: from the management account, run `aws iam enable-organizations-root-credentials-management` ' +
  'and `aws iam enable-organizations-root-sessions` (trusted access for IAM on in Organizations), or rerun with --enable-central-root-access';

export interface ClassifyOptions {
  /** Turn centralized root access on first when a listed member needs it (`--enable-central-root-access`). */
  enableCentralRootAccess?: boolean;
  /** AssumeRoot audits at once (default 8). */
  concurrency?: number;
}

export interface ClassifyResult {
  organizationId?: string;
  managementAccountId?: string;
  features: OrgFeature[];
  /** The features were turned on by this run. */
  enabledNow: boolean;
  accounts: Classification[];
}

/** Classifies accounts with the management account's API; with no API (`null`) every account is `unknown` → console. */
export async function classifyAccounts(
  api: ManagementApi | null,
  accounts: AccountToClassify[],
  options: ClassifyOptions = {},
): Promise<ClassifyResult> {
  const consoleAs = (a: AccountToClassify, kind: AccountKind, reason: string, extra: Partial<Classification> = {}): Classification => ({
    key: a.key,
    accountId: a.accountId,
    alias: a.alias,
    kind,
    keepRootPassword: Boolean(a.keepRootPassword),
    // Not classified: the manifest's own list, as before classification existed.
    ...(kind === 'unknown'
      ? { path: a.runbooks.includes('root-credentials') ? ('root-credentials' as const) : ('console' as const), runbooks: a.runbooks }
      : { path: 'console' as const, runbooks: consoleRunbooks(a) }),
    reason,
    ...extra,
  });
  if (!api) {
    return {
      features: [],
      enabledNow: false,
      accounts: accounts.map((a) =>
        consoleAs(a, 'unknown', 'no management-account credentials to classify with (ORG_MANAGEMENT_ACCOUNT_ID): the console path'),
      ),
    };
  }
  const org = await api.organization();
  if (!org) {
    return {
      features: [],
      enabledNow: false,
      accounts: accounts.map((a) => consoleAs(a, 'unknown', 'the management credentials belong to no organization: the console path')),
    };
  }
  const listed = await api.accounts();
  const byId = new Map(listed.map((a) => [a.id, a]));
  const byEmail = new Map(listed.filter((a) => a.email).map((a) => [a.email!.toLowerCase(), a]));
  const find = (a: AccountToClassify) =>
    (a.accountId ? byId.get(a.accountId) : undefined) ?? (a.rootEmail ? byEmail.get(a.rootEmail.toLowerCase()) : undefined);
  const isMember = (a: AccountToClassify) => {
    const f = find(a);
    return f !== undefined && f.id !== org.managementAccountId;
  };

  let features = await api.features();
  let enabledNow = false;
  const needsCentral = accounts.some((a) => isMember(a) && !a.keepRootPassword);
  if (options.enableCentralRootAccess && needsCentral && (!features.has('RootCredentialsManagement') || !features.has('RootSessions'))) {
    features = await api.enableCentralRootAccess();
    enabledNow = true;
  }
  const central = features.has('RootCredentialsManagement');
  const featureList = [...features].sort();

  const classify = async (a: AccountToClassify): Promise<Classification> => {
    const found = find(a);
    const base = { organizationId: org.id, accountId: a.accountId ?? found?.id };
    if (!found)
      return consoleAs(a, 'standalone', `not an account of ${org.id} (standalone, or another organization's): the console path`, {
        accountId: a.accountId,
      });
    if (found.id === org.managementAccountId)
      return consoleAs(a, 'management', 'management account: root credentials stay, root MFA in the console', {
        ...base,
        features: featureList,
      });
    if (!central) return consoleAs(a, 'member', `member, but ${ENABLE_HINT}`, { ...base, features: featureList });
    const rootCredentials = await auditRoot(api, found.id);
    if (a.keepRootPassword) {
      return consoleAs(a, 'member', 'member that keeps its root password on purpose (keepRootPassword): root MFA in the console', {
        ...base,
        features: featureList,
        rootCredentials,
      });
    }
    return {
      key: a.key,
      ...base,
      alias: a.alias,
      kind: 'member',
      features: featureList,
      rootCredentials,
      keepRootPassword: false,
      path: 'root-credentials',
      runbooks: ['root-credentials'],
      reason:
        'member under centralized root access: its root credentials are deleted by API (AssumeRoot), root MFA is then neither possible nor needed',
    };
  };
  const out = await mapLimit(accounts, options.concurrency ?? 8, classify);
  return { organizationId: org.id, managementAccountId: org.managementAccountId, features: featureList, enabledNow, accounts: out };
}

/** The console runbooks an account keeps: its list without root-credentials (default root-mfa). */
function consoleRunbooks(a: AccountToClassify): string[] {
  const list = a.runbooks.filter((r) => r !== 'root-credentials');
  return list.length ? list : ['root-mfa'];
}

/** Maps with at most `limit` promises at once, keeping the order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The classification as a terminal table. */
export function classificationTable(result: ClassifyResult): string {
  const rows = result.accounts.map((c) => {
    const rc = c.rootCredentials;
    const creds = rc
      ? `${rc.password ? 'password' : '-'} ${rc.accessKeys.length}k ${rc.mfaDevices.length}mfa ${rc.signingCertificates.length}cert`
      : 'not read';
    const central = c.features === undefined ? '?' : c.features.includes('RootCredentialsManagement') ? 'on' : 'off';
    return [
      c.accountId ? `${c.accountId}${c.alias ? ` (${c.alias})` : ''}` : c.key,
      c.kind,
      central,
      creds,
      c.path === 'root-credentials' ? 'root-credentials (API)' : `console: ${c.runbooks.join(', ')}`,
    ];
  });
  const header = ['account', 'class', 'central root access', 'root credentials', 'path'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const title = result.organizationId
    ? `Accounts of ${result.organizationId} (management ${result.managementAccountId}; features: ${result.features.join(', ') || 'none'}${result.enabledNow ? ', turned on by this run' : ''})`
    : 'Accounts (not classified by Organizations)';
  const off = result.accounts.filter((c) => c.kind === 'member' && c.path === 'console' && !c.keepRootPassword);
  const notes = off.length
    ? [`${off.length} member${off.length === 1 ? '' : 's'} take${off.length === 1 ? 's' : ''} the console path because ${ENABLE_HINT}.`]
    : [];
  return [title, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ...notes].join('\n');
}
