// A company's network on loopback, for tests and QA scenarios (issue 25 item 4):
// a real forwarding proxy (the `proxy` package of the proxy-agents project:
// CONNECT tunnels, Basic auth answered with 407), a PAC file served over HTTP,
// a private certificate authority, and an HTTPS front for the service whose
// certificate that CA issued — trusted only where a test puts the CA in a
// temporary system store (SSL_CERT_FILE).
//
// The proxy resolves the company's internal names itself (split-horizon DNS):
// `names` maps such a host to a loopback port, so a client that ignores the
// proxy cannot reach it at all.
import { createServer as createHttpServer, request, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createProxy } from 'proxy';
import selfsigned from 'selfsigned';

export interface CorpProxy {
  url: string;
  port: number;
  /** Each CONNECT as received ("host:port"), and whether it carried credentials that were accepted. */
  tunnels: { target: string; authorized: boolean }[];
  close(): Promise<void>;
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(portOf(server))));
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startCorpProxy(
  options: { auth?: { user: string; password: string }; names?: Map<string, number> } = {},
): Promise<CorpProxy> {
  const tunnels: CorpProxy['tunnels'] = [];
  const server = createProxy(createHttpServer());
  const { auth } = options;
  const expected = auth && `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  server.authenticate = (req: IncomingMessage) =>
    !expected || req.headers['proxy-authorization'] === expected;
  // Runs before the package's own CONNECT handler: records it and resolves internal names.
  server.prependListener('connect', (req: IncomingMessage) => {
    const target = req.url ?? '';
    tunnels.push({
      target,
      authorized: !expected || req.headers['proxy-authorization'] === expected,
    });
    const [host = '', port] = target.split(/:(?=\d+$)/);
    const internal = options.names?.get(host.toLowerCase());
    if (internal !== undefined && port) req.url = `127.0.0.1:${internal}`;
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, tunnels, close: () => close(server) };
}

export interface PacServer {
  url: string;
  /** What the next downloads get (a PAC script, or null for 404). */
  serve(script: string | null): void;
  close(): Promise<void>;
}

export async function startPacServer(script: string | null): Promise<PacServer> {
  let current = script;
  const server = createHttpServer((_req, res) => {
    if (current === null) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'application/x-ns-proxy-autoconfig' }).end(current);
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/proxy.pac`,
    serve: (next) => (current = next),
    close: () => close(server),
  };
}

export interface PrivateCa {
  name: string;
  cert: string;
  key: string;
}

export async function createPrivateCa(name: string): Promise<PrivateCa> {
  const ca = await selfsigned.generate([{ name: 'commonName', value: name }], {
    algorithm: 'sha256',
    keySize: 2048,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { name, cert: ca.cert, key: ca.private };
}

export interface TlsFront {
  port: number;
  /** Paths requested through the front, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * The service behind an HTTPS front (a company's load balancer) with a certificate for `host`
 * from `ca`; it forwards each request to the service's port with X-Forwarded-Proto/Host, as the
 * service expects behind a trusted proxy (LATCHKEY_TRUST_PROXY).
 */
export async function startTlsFront(
  host: string,
  ca: PrivateCa,
  servicePort: () => number,
): Promise<TlsFront> {
  const leaf = await selfsigned.generate([{ name: 'commonName', value: host }], {
    algorithm: 'sha256',
    keySize: 2048,
    ca: { key: ca.key, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: host },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const requests: string[] = [];
  const server = createHttpsServer({ key: leaf.private, cert: leaf.cert }, (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const upstream = request(
      {
        host: '127.0.0.1',
        port: servicePort(),
        method: req.method,
        path: req.url,
        headers: {
          ...req.headers,
          'x-forwarded-proto': 'https',
          'x-forwarded-host': req.headers.host ?? host,
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  const port = await listen(server);
  return { port, requests, close: () => close(server) };
}
