// Electron's net.fetch fails with Chromium's net error names ("net::ERR_…",
// net/base/net_error_list.h). The same codes as the Node side, from those names.
import type { FailureCode } from '../../../common/failure-codes.ts';
import { LatchkeyError } from '../../../common/latchkey-error.ts';

const byNetError: Readonly<Record<string, FailureCode>> = Object.assign(Object.create(null) as object, {
  ERR_PROXY_CONNECTION_FAILED: 'PROXY_UNREACHABLE',
  ERR_PROXY_CERTIFICATE_INVALID: 'PROXY_UNREACHABLE',
  ERR_TUNNEL_CONNECTION_FAILED: 'PROXY_REFUSED',
  ERR_PROXY_AUTH_REQUESTED: 'PROXY_AUTH_REQUIRED',
  ERR_PROXY_AUTH_UNSUPPORTED: 'PROXY_AUTH_REQUIRED',
  ERR_PROXY_AUTH_REQUESTED_WITH_NO_CONNECTION: 'PROXY_AUTH_REQUIRED',
  ERR_PAC_SCRIPT_FAILED: 'PAC_UNREADABLE',
  ERR_PAC_NOT_IN_DHCP: 'PAC_UNREADABLE',
  ERR_MANDATORY_PROXY_CONFIGURATION_FAILED: 'PAC_UNREADABLE',
  ERR_CERT_AUTHORITY_INVALID: 'CERTIFICATE_NOT_TRUSTED',
} satisfies Record<string, FailureCode>);

/** The catalog code for a net.fetch failure, or null when Chromium named something else. */
export function failureFromChromium(err: unknown, url: string, proxy: string): LatchkeyError | null {
  const message = err instanceof Error ? err.message : String(err);
  const name = /net::(ERR_[A-Z0-9_]+)/.exec(message)?.[1];
  const code = name ? byNetError[name] : undefined;
  if (!code) return null;
  const shownProxy = proxy === 'DIRECT' ? null : proxy;
  return new LatchkeyError(
    code,
    `${new URL(url).origin}: ${name}${shownProxy ? ` (via ${shownProxy})` : ''}`,
    { serverUrl: new URL(url).origin, netError: name, ...(shownProxy && { proxy: shownProxy }) },
    { cause: err },
  );
}
