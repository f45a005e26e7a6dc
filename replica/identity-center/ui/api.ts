import { ApiFailure, signInUrl } from '../../console/api.ts';
import {
  IDC_API,
  type AddUserRequest,
  type AddUserResult,
  type AssignmentView,
  type AssignRequest,
  type CreateGroupRequest,
  type CreatePermissionSetRequest,
  type EnableRequest,
  type EnableResult,
  type GroupView,
  type IdcStateView,
  type OrgAccountView,
  type PermissionSetView,
  type UserView,
} from './contract.ts';
import { currentRegion } from './routes.ts';

/** A refusal of the Identity Center console API; `field` names the form field at fault, when one is. */
export class IdcFailure extends ApiFailure {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly field: string | null,
  ) {
    super(status, code, message);
    this.name = 'IdcFailure';
  }
}

function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="xsrf-token"]')?.content ?? '';
}

async function call<T>(route: keyof typeof IDC_API, params: Record<string, string> = {}, body?: unknown): Promise<T> {
  const [method = 'GET', template = '/'] = IDC_API[route].split(' ');
  const path = `${template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''))}?region=${encodeURIComponent(currentRegion())}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken();
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });
  if (res.status === 401) {
    location.assign(signInUrl());
    return new Promise<never>(() => {}); // the page is leaving: never settle
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    throw new Error(`${method} ${path} answered something that is not JSON (HTTP ${res.status}).`);
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
    throw new IdcFailure(
      res.status,
      err?.code ?? 'HttpError',
      err?.message ?? `${method} ${path} answered HTTP ${res.status}.`,
      err?.field ?? null,
    );
  }
  return data as T;
}

/** The Identity Center console's private endpoints, for the page's Region. */
export const idcApi = {
  state: () => call<IdcStateView>('state'),
  enable: (request: EnableRequest = {}) => call<EnableResult>('enable', {}, request),
  listUsers: () => call<UserView[]>('listUsers'),
  addUser: (request: AddUserRequest) => call<AddUserResult>('addUser', {}, request),
  listGroups: () => call<GroupView[]>('listGroups'),
  createGroup: (request: CreateGroupRequest) => call<GroupView>('createGroup', {}, request),
  listPermissionSets: () => call<PermissionSetView[]>('listPermissionSets'),
  createPermissionSet: (request: CreatePermissionSetRequest) => call<PermissionSetView>('createPermissionSet', {}, request),
  listAccounts: () => call<OrgAccountView[]>('listAccounts'),
  listAssignments: (accountId: string) => call<AssignmentView[]>('listAssignments', { accountId }),
  assign: (accountId: string, request: AssignRequest) => call<AssignmentView[]>('assign', { accountId }, request),
};
