// RFC 8252 §7.3 / §8.3: the redirect to the app is to the loopback IP literal,
// and a proxy must never see it. Chromium bypasses these hosts implicitly
// (net/proxy_resolution/proxy_bypass_rules.cc, "implicit bypass rules"); the
// Node side does the same whatever HTTPS_PROXY, NO_PROXY or a PAC file says.
import { isIP } from 'node:net';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^::ffff:127\./.test(host);
  return false;
}
