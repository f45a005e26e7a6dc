import {
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteSigningCertificateCommand,
  DeleteVirtualMFADeviceCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListOrganizationsFeaturesCommand,
  ListSigningCertificatesCommand,
} from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRootCommand, STSClient } from '@aws-sdk/client-sts';

/**
 * The AWS calls of centralized root access, from the management account's credentials
 * (aws-apis.md "Centralized root access"): Organizations `DescribeOrganization` / `ListAccounts`,
 * IAM `ListOrganizationsFeatures` / `EnableOrganizationsRoot…`, STS `AssumeRoot` on the Regional
 * endpoint, and the root-scoped IAM calls of a root session. Every call is recorded (service,
 * action, account, request id, outcome; never a credential) for the evidence.
 */

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Where the management account's calls go: the replica's base URL and keys, or AWS with the default credential chain. */
export interface AwsAccess {
  region: string;
  endpoint?: string;
  /** Per-service endpoints on aws (a private endpoint, another partition); `endpoint` wins when set. */
  endpoints?: { iam?: string; sts?: string; organizations?: string };
  credentials?: AwsCredentials;
}

export const ORG_FEATURES = ['RootCredentialsManagement', 'RootSessions'] as const;
export type OrgFeature = (typeof ORG_FEATURES)[number];

export const TASK_POLICIES = [
  'IAMAuditRootUserCredentials',
  'IAMDeleteRootUserCredentials',
  'IAMCreateRootUserPassword',
  'S3UnlockBucketPolicy',
  'SQSUnlockQueuePolicy',
] as const;
export type TaskPolicy = (typeof TASK_POLICIES)[number];
export const taskPolicyArn = (policy: TaskPolicy): string => `arn:aws:iam::aws:policy/root-task/${policy}`;
/** AssumeRoot sessions last at most 900 s; each task of a runbook takes its own, well inside that. */
export const ROOT_SESSION_SECONDS = 900;

/** One AWS call as the evidence records it. */
export interface ApiCall {
  service: 'sts' | 'iam' | 'organizations';
  action: string;
  /** The member account a root-session call acts on, or AssumeRoot's target. */
  account?: string;
  taskPolicy?: TaskPolicy;
  requestId?: string;
  httpStatus?: number;
  /** The error's name when the call failed (e.g. AccessDenied), never its credentials. */
  error?: string;
  at: string;
  ms: number;
}

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/** An AWS error with the call it came from. */
export class AwsCallError extends Error {
  override name = 'AwsCallError';
  constructor(
    readonly call: ApiCall,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Records the calls of one run (shared by the clients it makes). */
export class CallLog {
  readonly calls: ApiCall[] = [];

  async run<T extends { $metadata?: { requestId?: string; httpStatusCode?: number } }>(
    what: Omit<ApiCall, 'at' | 'ms' | 'requestId' | 'httpStatus' | 'error'>,
    send: () => Promise<T>,
  ): Promise<T> {
    const started = Date.now();
    const at = new Date(started).toISOString();
    try {
      const out = await send();
      this.calls.push({
        ...what,
        requestId: out.$metadata?.requestId,
        httpStatus: out.$metadata?.httpStatusCode,
        at,
        ms: Date.now() - started,
      });
      return out;
    } catch (err) {
      const e = err as SdkError;
      const call: ApiCall = {
        ...what,
        requestId: e.$metadata?.requestId,
        httpStatus: e.$metadata?.httpStatusCode,
        error: e.name ?? 'Error',
        at,
        ms: Date.now() - started,
      };
      this.calls.push(call);
      throw new AwsCallError(
        call,
        e.name ?? 'Error',
        `${what.service}:${what.action}${what.account ? ` on ${what.account}` : ''} failed: ${e.name ?? 'Error'}: ${e.message ?? String(err)}`,
      );
    }
  }
}

const clientConfig = (access: AwsAccess, service: 'iam' | 'sts' | 'organizations', credentials = access.credentials) => ({
  region: access.region,
  ...((access.endpoint ?? access.endpoints?.[service]) ? { endpoint: access.endpoint ?? access.endpoints?.[service] } : {}),
  ...(credentials ? { credentials } : {}),
  maxAttempts: 3,
});

/** The root credentials of a member as the audit task policy reads them. */
export interface RootCredentials {
  password: boolean;
  accessKeys: Array<{ id: string; status: string }>;
  mfaDevices: string[];
  signingCertificates: Array<{ id: string; status: string }>;
}

export const hasRootCredentials = (c: RootCredentials): boolean =>
  c.password || c.accessKeys.length > 0 || c.mfaDevices.length > 0 || c.signingCertificates.length > 0;

/** A root session of one member account, limited to one task policy. */
export class RootSession {
  constructor(
    readonly accountId: string,
    readonly taskPolicy: TaskPolicy,
    private readonly iam: IAMClient,
    private readonly log: CallLog,
  ) {}

  private send<T extends { $metadata?: { requestId?: string } }>(action: string, fn: () => Promise<T>): Promise<T> {
    return this.log.run({ service: 'iam', action, account: this.accountId, taskPolicy: this.taskPolicy }, fn);
  }

  /** GetLoginProfile, ListAccessKeys, ListMFADevices, ListSigningCertificates, all with no UserName (the root user). */
  async audit(): Promise<RootCredentials> {
    let password = true;
    try {
      await this.send('GetLoginProfile', () => this.iam.send(new GetLoginProfileCommand({})));
    } catch (err) {
      if (!(err instanceof AwsCallError) || err.code !== 'NoSuchEntityException') throw err;
      password = false;
    }
    const keys = (await this.send('ListAccessKeys', () => this.iam.send(new ListAccessKeysCommand({})))).AccessKeyMetadata ?? [];
    const mfa = (await this.send('ListMFADevices', () => this.iam.send(new ListMFADevicesCommand({})))).MFADevices ?? [];
    const certs =
      (await this.send('ListSigningCertificates', () => this.iam.send(new ListSigningCertificatesCommand({})))).Certificates ?? [];
    return {
      password,
      accessKeys: keys.map((k) => ({ id: k.AccessKeyId!, status: k.Status ?? 'Active' })),
      mfaDevices: mfa.map((d) => d.SerialNumber!),
      signingCertificates: certs.map((c) => ({ id: c.CertificateId!, status: c.Status ?? 'Active' })),
    };
  }

  deleteLoginProfile() {
    return this.send('DeleteLoginProfile', () => this.iam.send(new DeleteLoginProfileCommand({})));
  }
  deleteAccessKey(id: string) {
    return this.send('DeleteAccessKey', () => this.iam.send(new DeleteAccessKeyCommand({ AccessKeyId: id })));
  }
  deleteSigningCertificate(id: string) {
    return this.send('DeleteSigningCertificate', () => this.iam.send(new DeleteSigningCertificateCommand({ CertificateId: id })));
  }
  deactivateMfaDevice(serial: string) {
    return this.send('DeactivateMFADevice', () => this.iam.send(new DeactivateMFADeviceCommand({ SerialNumber: serial })));
  }
  deleteVirtualMfaDevice(serial: string) {
    return this.send('DeleteVirtualMFADevice', () => this.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })));
  }

  close(): void {
    this.iam.destroy();
  }
}

export interface OrgAccount {
  id: string;
  name?: string;
  email?: string;
  status?: string;
}

/** The management account's view: its organization, accounts and features, and root sessions of its members. */
export class ManagementApi {
  private readonly iam: IAMClient;
  private readonly orgs: OrganizationsClient;
  private readonly sts: STSClient;

  constructor(
    readonly access: AwsAccess,
    readonly log = new CallLog(),
  ) {
    if (access.region === 'aws-global')
      throw new Error('AssumeRoot needs a Regional STS endpoint: set AWS_REGION to a Region, not aws-global');
    this.iam = new IAMClient(clientConfig(access, 'iam'));
    this.orgs = new OrganizationsClient(clientConfig(access, 'organizations'));
    // Regional by default in SDK v3 (sts.<region>.amazonaws.com): AssumeRoot is not served by the global endpoint.
    this.sts = new STSClient(clientConfig(access, 'sts'));
  }

  /** The organization of the credentials' account, or null when it is in none. */
  async organization(): Promise<{ id: string; managementAccountId: string } | null> {
    try {
      const out = await this.log.run({ service: 'organizations', action: 'DescribeOrganization' }, () =>
        this.orgs.send(new DescribeOrganizationCommand({})),
      );
      return { id: out.Organization!.Id!, managementAccountId: out.Organization!.MasterAccountId! };
    } catch (err) {
      if (err instanceof AwsCallError && err.code === 'AWSOrganizationsNotInUseException') return null;
      throw err;
    }
  }

  async accounts(): Promise<OrgAccount[]> {
    const out: OrgAccount[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.log.run({ service: 'organizations', action: 'ListAccounts' }, () =>
        this.orgs.send(new ListAccountsCommand({ NextToken })),
      );
      for (const a of page.Accounts ?? []) out.push({ id: a.Id!, name: a.Name, email: a.Email, status: a.Status });
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  async features(): Promise<Set<OrgFeature>> {
    const out = await this.log.run({ service: 'iam', action: 'ListOrganizationsFeatures' }, () =>
      this.iam.send(new ListOrganizationsFeaturesCommand({})),
    );
    return new Set((out.EnabledFeatures ?? []).filter((f): f is OrgFeature => (ORG_FEATURES as readonly string[]).includes(f)));
  }

  /** The two calls that turn centralized root access on (trusted access for IAM must be on in Organizations). */
  async enableCentralRootAccess(): Promise<Set<OrgFeature>> {
    await this.log.run({ service: 'iam', action: 'EnableOrganizationsRootCredentialsManagement' }, () =>
      this.iam.send(new EnableOrganizationsRootCredentialsManagementCommand({})),
    );
    const out = await this.log.run({ service: 'iam', action: 'EnableOrganizationsRootSessions' }, () =>
      this.iam.send(new EnableOrganizationsRootSessionsCommand({})),
    );
    return new Set((out.EnabledFeatures ?? []) as OrgFeature[]);
  }

  /** AssumeRoot into a member with one task policy; the session's keys never leave this object. */
  async rootSession(accountId: string, taskPolicy: TaskPolicy, durationSeconds = ROOT_SESSION_SECONDS): Promise<RootSession> {
    const out = await this.log.run({ service: 'sts', action: 'AssumeRoot', account: accountId, taskPolicy }, () =>
      this.sts.send(
        new AssumeRootCommand({
          TargetPrincipal: accountId,
          TaskPolicyArn: { arn: taskPolicyArn(taskPolicy) },
          DurationSeconds: durationSeconds,
        }),
      ),
    );
    const c = out.Credentials!;
    const credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    return new RootSession(accountId, taskPolicy, new IAMClient(clientConfig(this.access, 'iam', credentials)), this.log);
  }

  /** A view of the same account and clients whose calls go to another log (one per runbook run). */
  withLog(log: CallLog): ManagementApi {
    const view = Object.create(this) as ManagementApi;
    Object.defineProperty(view, 'log', { value: log });
    return view;
  }

  close(): void {
    this.iam.destroy();
    this.orgs.destroy();
    this.sts.destroy();
  }
}
