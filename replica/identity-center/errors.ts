import { AwsError } from '../core/errors.ts';

/**
 * Errors of the JSON 1.1 services (identitystore, sso-admin, organizations), with the extra
 * members AWS sends next to `Message` (`Reason`, `ResourceType`, …).
 */
export class JsonServiceError extends AwsError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(status, code, message);
    this.name = 'JsonServiceError';
  }
}

export const notFound = (message: string, resourceType?: string, resourceId?: string): JsonServiceError =>
  new JsonServiceError(400, 'ResourceNotFoundException', message, {
    ...(resourceType ? { ResourceType: resourceType } : {}),
    ...(resourceId ? { ResourceId: resourceId } : {}),
  });

export const conflict = (message: string): JsonServiceError =>
  new JsonServiceError(400, 'ConflictException', message, { Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION' });

export const validation = (message: string): JsonServiceError => new JsonServiceError(400, 'ValidationException', message);

export const orgNotInUse = (): JsonServiceError =>
  new JsonServiceError(400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
