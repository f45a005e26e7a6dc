import type { Ctx } from '../context.ts';
import { JsonServiceError } from './errors.ts';
import type { Account } from '../iam/model.ts';

/** Shared pieces of the awsJson1_1 services (`replica/aws-api.ts` dispatches; the action tables use these). */

/** What an action gets: the caller's account, the Region it signed for, the request's members. */
export interface JsonCall {
  account: Account;
  region: string;
  input: Record<string, unknown>;
  ctx: Ctx;
  nowSeconds: number;
  nowIso: string;
}

export type JsonAction = (call: JsonCall) => Record<string, unknown>;

/** An ISO date as the JSON protocols send timestamps: epoch seconds. */
export const epoch = (iso: string): number => Date.parse(iso) / 1000;

/** NextToken/MaxResults paging over an array (tokens are the index of the next item). */
export function page<T>(items: T[], input: Record<string, unknown>, max = 100): { items: T[]; NextToken?: string } {
  const token = input.NextToken;
  const start = token === undefined || token === null ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0 || start > items.length)
    throw new JsonServiceError(400, 'ValidationException', 'The NextToken is not valid.');
  const limit = input.MaxResults === undefined ? max : Number(input.MaxResults);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new JsonServiceError(
      400,
      'ValidationException',
      `1 validation error detected: Value '${String(input.MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${max}`,
    );
  }
  const slice = items.slice(start, start + limit);
  const next = start + slice.length;
  return next < items.length ? { items: slice, NextToken: String(next) } : { items: slice };
}

/** A required string member, or a ValidationException naming it as AWS does. */
export function required(input: Record<string, unknown>, member: string): string {
  const value = input[member];
  if (typeof value !== 'string' || value === '') {
    const lower = member.charAt(0).toLowerCase() + member.slice(1);
    throw new JsonServiceError(
      400,
      'ValidationException',
      `1 validation error detected: Value null at '${lower}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}
