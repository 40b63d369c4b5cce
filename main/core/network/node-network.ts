// The CLI's way to the service (Node, no Electron): the proxy from a PAC file
// (the managed PAC URL, else LATCHKEY_PAC_URL) or from HTTPS_PROXY / HTTP_PROXY
// / NO_PROXY, Basic credentials taken from the proxy URL (never shown or
// logged), loopback always direct (loopback.ts), and TLS trusting the OS's CA
// store (system-ca.ts). Requests go through undici's own fetch with its
// dispatcher (the package's, not the copy bundled in Node's global fetch).
// A failure on the way comes back as its catalog code (failure-from-network.ts).
import { Agent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { isLoopbackHost } from './loopback.ts';
import { failureFromNetwork } from './failure-from-network.ts';
import { firstProxyOf, loadPacFile, pacUnreadable, type FindProxy } from './pac-file.ts';
import { probeIssuer } from './peer-issuer.ts';
import { envProxyFor, proxiesFromEnv, redactProxy, withCredentials } from './proxy-env.ts';
import type { NetworkRoute, ServiceNetwork } from './service-fetch.ts';
import { trustedCas } from './system-ca.ts';

export interface NodeNetworkOptions {
  env?: NodeJS.ProcessEnv;
  /** A managed PAC URL (the organisation's policy): wins over LATCHKEY_PAC_URL and the proxy variables. */
  proxy?: { pacUrl?: string };
}

interface Choice {
  /** The proxy URL with its credentials, or null for direct. */
  proxy: string | null;
  via: string;
}

export function createNodeNetwork(options: NodeNetworkOptions = {}): ServiceNetwork {
  const env = options.env ?? process.env;
  const pacUrl = options.proxy?.pacUrl || env.LATCHKEY_PAC_URL || undefined;
  const pacVia = options.proxy?.pacUrl ? 'the managed PAC file' : 'LATCHKEY_PAC_URL';
  const envProxies = proxiesFromEnv(env);
  const cas = trustedCas();
  const tls = { ca: cas.certificates };
  const direct = new Agent({ connect: tls });
  const viaProxy = new Map<string, Dispatcher>();
  let pac: Promise<FindProxy> | undefined;

  const dispatcherFor = (proxy: string | null): Dispatcher => {
    if (!proxy) return direct;
    let agent = viaProxy.get(proxy);
    if (!agent) {
      // CONNECT for http targets too, so every request meets the proxy the same way.
      agent = new ProxyAgent({ uri: proxy, requestTls: tls, proxyTls: tls, proxyTunnel: true });
      viaProxy.set(proxy, agent);
    }
    return agent;
  };

  const choose = async (url: URL): Promise<Choice> => {
    // RFC 8252 §8.3: loopback never goes through a proxy (the sign-in's callback, a local service).
    if (isLoopbackHost(url.hostname)) return { proxy: null, via: 'loopback (never proxied)' };
    if (pacUrl) {
      pac ??= loadPacFile(
        pacUrl,
        (u) =>
          undiciFetch(u, {
            dispatcher: direct,
            signal: AbortSignal.timeout(10_000),
          }) as unknown as Promise<Response>,
      );
      const findProxy = await pac;
      const answer = await findProxy(url.href);
      const first = firstProxyOf(answer);
      if (!first)
        throw pacUnreadable(
          pacUrl,
          `returned nothing usable for ${url.origin}: ${JSON.stringify(answer.slice(0, 100))}`,
        );
      return {
        proxy: first === 'DIRECT' ? null : withCredentials(first, envProxies),
        via: `${pacVia} ${pacUrl}`,
      };
    }
    const proxy = envProxyFor(url, envProxies);
    if (proxy) return { proxy, via: url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY' };
    const named = envProxies.https ?? envProxies.http;
    return { proxy: null, via: named ? 'NO_PROXY' : 'no proxy configured' };
  };

  return {
    async fetch(input, init) {
      const url = new URL(input);
      const choice = await choose(url);
      try {
        return (await undiciFetch(url, {
          ...(init as Parameters<typeof undiciFetch>[1]),
          dispatcher: dispatcherFor(choice.proxy),
        })) as unknown as Response;
      } catch (err) {
        const shown = choice.proxy ? redactProxy(choice.proxy) : null;
        const failure = failureFromNetwork(err, { url: url.href, proxy: shown });
        if (failure?.code === 'CERTIFICATE_NOT_TRUSTED') {
          const issuer = await probeIssuer(url.href, choice.proxy);
          if (issuer)
            throw new LatchkeyError(
              failure.code,
              `${failure.message}: issued by "${issuer}", which this computer does not trust`,
              { ...failure.evidence, issuer },
              { cause: err },
            );
        }
        throw failure ?? err;
      }
    },
    async routeFor(input): Promise<NetworkRoute> {
      const choice = await choose(new URL(input));
      return {
        proxy: choice.proxy ? redactProxy(choice.proxy) : 'DIRECT',
        via: choice.via,
        caSource: cas.source,
      };
    },
  };
}
