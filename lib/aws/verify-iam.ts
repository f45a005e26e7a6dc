import { GetAccountSummaryCommand, IAMClient, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';

/**
 * Why a client's credential chain yields nothing, as one line (the first line of the provider's
 * error, never its stack); undefined when it resolves credentials.
 */
export async function credentialsMissing(client: { config: { credentials: () => Promise<unknown> } }): Promise<string | undefined> {
  try {
    await client.config.credentials();
    return undefined;
  } catch (err) {
    return (err as Error).message?.split('\n')[0] || (err as Error).name || 'no credentials';
  }
}

/** What the aws target prints, once, when there are no API credentials: the runbooks then read the console. */
export const NO_API_CREDENTIALS = (reason: string): string =>
  `No AWS API credentials (${reason}): the checks and verification read the console instead.`;

const ROOT_ARN = /^arn:aws[\w-]*:iam::(\d{12}):root$/;

/** What the IAM API says about the root user's MFA. */
export interface RootMfaState {
  /** GetAccountSummary AccountMFAEnabled = 1. */
  accountMfaEnabled: boolean;
  /** Virtual MFA devices whose user is the root ARN. */
  rootVirtualDevices: Array<{ serialNumber: string; userArn: string; enableDate?: string }>;
  checkedAt: string;
}

/** Reads results back through the IAM API (the SDK, so the same code works on AWS and on the replica). */
export class IamVerifier {
  constructor(private readonly client: IAMClient) {}

  /** Builds a verifier for an endpoint (the replica) or for AWS with the default credential chain. */
  static create(opts: { region: string; endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string } }): IamVerifier {
    return new IamVerifier(new IAMClient({ region: opts.region, endpoint: opts.endpoint, credentials: opts.credentials, maxAttempts: 2 }));
  }

  /** Why the SDK finds no credentials for this client, in one line; undefined when it has some. */
  credentialsMissing(): Promise<string | undefined> {
    return credentialsMissing(this.client);
  }

  /** AccountMFAEnabled and the root's virtual devices. */
  async rootMfa(): Promise<RootMfaState> {
    const summary = await this.client.send(new GetAccountSummaryCommand({}));
    const devices = [];
    let marker: string | undefined;
    do {
      const page = await this.client.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned', Marker: marker }));
      for (const d of page.VirtualMFADevices ?? []) {
        const userArn = d.User?.Arn ?? '';
        if (ROOT_ARN.test(userArn)) devices.push({ serialNumber: d.SerialNumber!, userArn, enableDate: d.EnableDate?.toISOString() });
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return {
      accountMfaEnabled: summary.SummaryMap?.AccountMFAEnabled === 1,
      rootVirtualDevices: devices,
      checkedAt: new Date().toISOString(),
    };
  }

  /** GetAccountSummary AccountAccessKeysPresent = 1: the root user has at least one access key (active or inactive). */
  async rootAccessKeysPresent(): Promise<boolean> {
    const summary = await this.client.send(new GetAccountSummaryCommand({}));
    const present = summary.SummaryMap?.AccountAccessKeysPresent;
    if (present === undefined) throw new Error('IAM GetAccountSummary answered no AccountAccessKeysPresent');
    return present === 1;
  }
}
