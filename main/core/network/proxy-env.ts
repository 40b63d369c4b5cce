// HTTPS_PROXY / HTTP_PROXY / NO_PROXY as curl and most tools read them
// (lower case first, as curl does; NO_PROXY entries match the host and its
// subdomains, "*" matches all, an entry may name a port).

export interface EnvProxies {
  https?: string;
  http?: string;
  noProxy: string[];
}

const pick = (env: NodeJS.ProcessEnv, name: string) => env[name.toLowerCase()] || env[name] || undefined;

export function proxiesFromEnv(env: NodeJS.ProcessEnv): EnvProxies {
  const noProxy = (pick(env, 'NO_PROXY') ?? '')
    .split(/[\s,]+/)
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  const https = pick(env, 'HTTPS_PROXY');
  const http = pick(env, 'HTTP_PROXY');
  return { ...(https && { https }), ...(http && { http }), noProxy };
}

export function envProxyFor(url: URL, proxies: EnvProxies): string | null {
  const proxy = url.protocol === 'https:' ? (proxies.https ?? proxies.http) : proxies.http;
  if (!proxy) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const entry of proxies.noProxy) {
    if (entry === '*') return null;
    const [name = '', entryPort] = entry.replace(/^\*?\./, '.').split(/:(?=\d+$)/);
    if (entryPort && entryPort !== port) continue;
    const bare = name.replace(/^\./, '');
    if (host === bare || host.endsWith(`.${bare}`)) return null;
  }
  return proxy;
}

/** The proxy URL as it may be shown and logged: its user name kept, its password never. */
export function redactProxy(proxy: string): string {
  if (!URL.canParse(proxy)) return '(an unparseable proxy URL)';
  const url = new URL(proxy);
  if (url.password) url.password = '***';
  return url.href.replace(/\/$/, '');
}

/**
 * A PAC file names a proxy without credentials: Basic credentials come from HTTPS_PROXY or
 * HTTP_PROXY when it names the same proxy (host and port) with a user name.
 */
export function withCredentials(proxy: string, proxies: EnvProxies): string {
  const chosen = new URL(proxy);
  for (const named of [proxies.https, proxies.http]) {
    if (!named || !URL.canParse(named)) continue;
    const url = new URL(named);
    if (url.username && url.host === chosen.host) {
      chosen.username = url.username;
      chosen.password = url.password;
      return chosen.href.replace(/\/$/, '');
    }
  }
  return proxy;
}
