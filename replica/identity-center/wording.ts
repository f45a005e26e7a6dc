import type { AwsError } from '../core/http.ts';
import { JsonServiceError } from './errors.ts';

/**
 * How the Identity Center console words the service's refusals, and which form field each one
 * belongs to. The console's real wording of these errors is not known (console-facts §3.5, §8):
 * these sentences are the replica's own.
 */

const str = (body: Record<string, unknown>, key: string): string => String(body[key] ?? '');

export function consoleMessage(err: AwsError, body: Record<string, unknown>): { message: string; field?: string } {
  const extraField = err instanceof JsonServiceError ? err.extra.field : undefined;
  if (extraField) return { message: err.message, field: extraField };
  const m = err.message;
  if (err.code === 'ConflictException') {
    if (m === 'Duplicate UserName')
      return { field: 'userName', message: `The username "${str(body, 'userName')}" already exists. Enter a different username.` };
    if (m === 'Duplicate Email')
      return {
        field: 'email',
        message: `The email address "${str(body, 'email')}" is already used by another user. Enter a different email address.`,
      };
    if (m === 'Duplicate GroupDisplayName')
      return {
        field: 'displayName',
        message: `A group with the name "${str(body, 'displayName')}" already exists. Enter a different group name.`,
      };
    if (m.startsWith('A permission set with the name')) return { field: 'name', message: m };
    return { message: m };
  }
  if (err.code === 'ValidationException') {
    if (/username/i.test(m)) return { field: 'userName', message: m };
    if (/email/i.test(m)) return { field: 'email', message: m };
    if (/first name|last name/i.test(m)) return { field: 'givenName', message: m };
    if (/group name|description/i.test(m)) return { field: /description/i.test(m) ? 'description' : 'displayName', message: m };
    if (/permission set name/i.test(m)) return { field: 'name', message: m };
    if (/session duration/i.test(m)) return { field: 'sessionDuration', message: m };
  }
  return { message: m };
}
