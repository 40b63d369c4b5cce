// The console API over fetch: the session cookie rides along (same origin),
// every call names the workspace this tab shows (Latchkey-Workspace), every
// POST/PUT/DELETE carries the CSRF token from GET /api/console/csrf, and
// an error answer becomes a ConsoleApiError with the server's code and field.
import { currentWorkspace } from './workspace.ts';
export class ConsoleApiError extends Error {
  override name = 'ConsoleApiError';
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, field?: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; field?: unknown; details?: unknown; traceId?: unknown };
}

/** Reads the console API's `{"error": {code, message, field?}}` body; anything else is described plainly. */
export function errorFromResponse(status: number, body: unknown): ConsoleApiError {
  const e = (body as ErrorBody | null)?.error;
  if (!e || typeof e.code !== 'string') {
    return new ConsoleApiError(status, 'http_error', `the service answered ${status}`);
  }
  const trace = typeof e.traceId === 'string' ? ` (trace ${e.traceId})` : '';
  return new ConsoleApiError(
    status,
    e.code,
    `${typeof e.message === 'string' ? e.message : e.code}${trace}`,
    typeof e.field === 'string' ? e.field : undefined,
    e.details,
  );
}

let csrfToken: Promise<string> | undefined;

async function fetchCsrf(): Promise<string> {
  const res = await fetch('/api/console/csrf', { credentials: 'same-origin' });
  const body = (await res.json()) as { csrfToken?: string };
  if (!body.csrfToken) throw new ConsoleApiError(res.status, 'csrf_unavailable', 'no CSRF token');
  return body.csrfToken;
}

/** The workspace a call reads: the one named (a query's key), else the one this tab shows. */
interface CallOptions {
  workspace?: string | null;
}

async function send(
  method: string,
  path: string,
  body: unknown,
  retried: boolean,
  options: CallOptions = {},
): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const workspace = options.workspace === undefined ? currentWorkspace() : options.workspace;
  if (workspace) headers['latchkey-workspace'] = workspace;
  if (method !== 'GET') {
    csrfToken ??= fetchCsrf();
    headers['x-csrf-token'] = await csrfToken;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ConsoleApiError(0, 'unreachable', 'the service cannot be reached: check your connection');
  }
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (res.ok) return parsed;
  const error = errorFromResponse(res.status, parsed);
  // The CSRF secret cookie can change (a new browser session): fetch a fresh token once.
  if (error.code === 'csrf_invalid' && !retried) {
    csrfToken = undefined;
    return send(method, path, body, true, options);
  }
  throw error;
}

export const api = {
  get: <T>(path: string, options?: CallOptions) => send('GET', path, undefined, false, options) as Promise<T>,
  post: <T>(path: string, body?: unknown) => send('POST', path, body, false) as Promise<T>,
  put: <T>(path: string, body?: unknown) => send('PUT', path, body, false) as Promise<T>,
  delete: <T>(path: string) => send('DELETE', path, undefined, false) as Promise<T>,
};
