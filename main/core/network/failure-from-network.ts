// Which part of the way to the service failed, from what undici reports
// (fetch's TypeError('fetch failed') and its cause chain): the proxy itself
// (no connection: PROXY_UNREACHABLE), the proxy's answer to CONNECT (407:
// PROXY_AUTH_REQUIRED; any other status: PROXY_REFUSED), or a certificate the
// trusted CAs do not cover (CERTIFICATE_NOT_TRUSTED). Anything else stays for
// the caller (SERVER_UNREACHABLE or a defect).
import { LatchkeyError } from '../../../common/latchkey-error.ts';

/** OpenSSL's verify results for a chain that does not end at a trusted root (X509_V_ERR_*). */
const untrustedChain: ReadonlySet<string> = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

/** A socket that never reached the proxy: refused, no route, a name that does not resolve, a timeout. */
const noConnection: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  // undici: the proxy closed or failed the connection before the tunnel stood.
  'UND_ERR_PRX_CONN',
  'UND_ERR_PRX_TLS',
]);

interface Found {
  codes: string[];
  messages: string[];
}

function chainOf(err: unknown, found: Found = { codes: [], messages: [] }, depth = 0): Found {
  if (depth > 6 || typeof err !== 'object' || err === null) return found;
  const { code, message, cause, errors } = err as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') found.codes.push(code);
  if (typeof message === 'string') found.messages.push(message);
  chainOf(cause, found, depth + 1);
  // An AggregateError (happy eyeballs: each address refused).
  if (Array.isArray(errors)) for (const e of errors.slice(0, 4)) chainOf(e, found, depth + 1);
  return found;
}

export interface FailedRoute {
  url: string;
  /** The proxy URL (redacted), or null when the request went direct. */
  proxy: string | null;
}

export function failureFromNetwork(err: unknown, route: FailedRoute): LatchkeyError | null {
  const { codes, messages } = chainOf(err);
  const evidence = { serverUrl: new URL(route.url).origin, ...(route.proxy && { proxy: route.proxy }) };
  const untrusted = codes.find((c) => untrustedChain.has(c));
  if (untrusted)
    return new LatchkeyError(
      'CERTIFICATE_NOT_TRUSTED',
      `the certificate of ${evidence.serverUrl} is not trusted (${untrusted})`,
      { ...evidence, verifyError: untrusted },
      { cause: err },
    );
  if (!route.proxy) return null;
  // undici: "Proxy response (407) !== 200 when HTTP Tunneling" (RFC 9110 §9.3.6: CONNECT answered).
  const status = messages
    .map((m) => /Proxy response \((\d{3})\)|Proxy Authentication Required \((\d{3})\)/.exec(m))
    .find(Boolean);
  const code = status ? Number(status[1] ?? status[2]) : null;
  if (code === 407)
    return new LatchkeyError(
      'PROXY_AUTH_REQUIRED',
      `the proxy ${route.proxy} asks for authentication (407)`,
      { ...evidence, status: 407 },
      { cause: err },
    );
  if (code !== null)
    return new LatchkeyError(
      'PROXY_REFUSED',
      `the proxy ${route.proxy} refused the tunnel to ${evidence.serverUrl} (${code})`,
      { ...evidence, status: code },
      { cause: err },
    );
  const unreachable = codes.find((c) => noConnection.has(c));
  if (unreachable)
    return new LatchkeyError(
      'PROXY_UNREACHABLE',
      `the proxy ${route.proxy} could not be reached (${unreachable})`,
      { ...evidence, socketError: unreachable },
      { cause: err },
    );
  return null;
}
