import {
  CONSOLE_API,
  type AccessKeyView,
  type ApiError,
  type ConsoleContext,
  type CreatedVirtualMfa,
  type MfaDeviceView,
} from '../contract.ts';

/** A console API call the server refused, with its AWS error code and console wording. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** The text to show for any failure: the server's `message` when it sent one. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Where a signed-out browser goes: sign-in, then back to this page. */
export function signInUrl(): string {
  return `/signin?redirect_uri=${encodeURIComponent(location.pathname + location.hash)}`;
}

function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="xsrf-token"]')?.content ?? '';
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { unparsable: text.slice(0, 200) }; // a proxy error page, say: reported by the caller below
  }
}

async function call<T>(route: keyof typeof CONSOLE_API, params: Record<string, string> = {}, body?: unknown): Promise<T> {
  const [method = 'GET', template = '/'] = CONSOLE_API[route].split(' ');
  const path = template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken();
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401) {
    location.assign(signInUrl());
    // The page is leaving: never settle, so no error flashes up on the way out.
    return new Promise<never>(() => {});
  }
  const data = parseJson(await res.text());
  if (!res.ok) {
    const err = (data as Partial<ApiError> | undefined)?.error;
    throw new ApiFailure(res.status, err?.code ?? 'HttpError', err?.message ?? `${method} ${path} answered HTTP ${res.status}.`);
  }
  if (data && typeof data === 'object' && 'unparsable' in data) throw new Error(`${method} ${path} answered something that is not JSON.`);
  return data as T;
}

/** contract.ts names the list items but not the envelope: accept a bare array or an object holding one array. */
function listOf<T>(route: string, body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  const inner = body && typeof body === 'object' ? Object.values(body).find(Array.isArray) : undefined;
  if (inner) return inner as T[];
  throw new Error(`${route} answered no list.`);
}

/** The console's private endpoints, typed per contract.ts. */
export const consoleApi = {
  context: () => call<ConsoleContext>('context'),
  listMfa: async () => listOf<MfaDeviceView>(CONSOLE_API.listMfa, await call('listMfa')),
  createVirtualMfa: (virtualMFADeviceName: string) => call<CreatedVirtualMfa>('createVirtualMfa', {}, { virtualMFADeviceName, path: '/' }),
  enableMfaDevice: (serialNumber: string, authenticationCode1: string, authenticationCode2: string) =>
    call<unknown>('enableMfaDevice', {}, { serialNumber, authenticationCode1, authenticationCode2, userName: '' }),
  listAccessKeys: async () => listOf<AccessKeyView>(CONSOLE_API.listAccessKeys, await call('listAccessKeys')),
  deactivateAccessKey: (id: string) => call<unknown>('deactivateAccessKey', {}, { id }),
  activateAccessKey: (id: string) => call<unknown>('activateAccessKey', {}, { id }),
  deleteAccessKey: (id: string) => call<unknown>('deleteAccessKey', { id }),
};
