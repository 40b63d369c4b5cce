// The port through which the core reaches the service: a fetch the program
// gives it (the CLI: undici with the proxy, PAC and the OS's CAs, node-fetch.ts;
// Electron: net.fetch on the session, which follows Chromium's proxy and
// certificate store). The core never picks a network stack itself.

export type ServiceFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** How a URL is reached, for doctor and the diagnostic report (never a password). */
export interface NetworkRoute {
  /** "DIRECT", or the proxy URL without its credentials. */
  proxy: string;
  /** Where that choice came from: environment variables, a PAC file, the system session, loopback. */
  via: string;
  /** Where the trusted CAs come from. */
  caSource: string;
}

export interface ServiceNetwork {
  fetch: ServiceFetch;
  /** The route for this URL, as the fetch would take it. */
  routeFor(url: string): Promise<NetworkRoute>;
}

/** Node's own fetch: direct, its bundled CAs (tests and programs that pass nothing). */
export const plainNetwork: ServiceNetwork = {
  fetch: (url, init) => fetch(url, init),
  routeFor: async () => ({ proxy: 'DIRECT', via: 'no proxy configured', caSource: "Node's bundled CAs" }),
};
