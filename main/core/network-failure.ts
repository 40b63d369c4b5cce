// Which errors are the way to the server failing (SERVER_UNREACHABLE: the
// license then runs on its lease) rather than a defect in the app
// (INTERNAL_ERROR). fetch (undici) reports every network error as
// `TypeError('fetch failed')` (WHATWG Fetch "network error"), its cause a
// system or undici error (ECONNREFUSED, ENOTFOUND, ECONNRESET, a TLS
// certificate code, "bad port"…); a timeout or an abort is a DOMException
// named TimeoutError or AbortError. Any other TypeError is our own.

const abortNames: ReadonlySet<string> = new Set(['AbortError', 'TimeoutError']);

const field = (value: unknown, name: 'code' | 'name' | 'cause'): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;

const isAbort = (value: unknown) => abortNames.has(String(field(value, 'name')));
const hasCode = (value: unknown) => {
  const code = field(value, 'code');
  return typeof code === 'string' && code.length > 0;
};

export function isNetworkFailure(err: unknown): boolean {
  if (isAbort(err)) return true;
  if (!(err instanceof TypeError)) return false;
  const cause = err.cause;
  // undici's own errors may nest the system error once more.
  return err.message === 'fetch failed' || isAbort(cause) || hasCode(cause) || hasCode(field(cause, 'cause'));
}
