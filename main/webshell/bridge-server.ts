// webshell: the renderer served to a browser, driving the same activation
// core through a small local HTTP bridge — for the end-to-end tests and for QA
// on machines without an Electron binary. Loopback only; the bridge answers
// only its own page (Host and Origin checked, a custom header on every call,
// so another site in the same browser cannot drive it).
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { z } from 'zod';
import type { ActivationState } from '../../common/desktop-api.ts';
import { bridgeCalls, bridgeEvents, bridgeHeader, bridgePrefix } from '../../common/webshell-bridge.ts';
import { NotNow, type ActivationEngine } from '../core/activation/activation-engine.ts';

const staticFiles: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
  '/app.js.map': 'app.js.map',
  '/styles.css': 'styles.css',
};
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.css': 'text/css; charset=utf-8',
};
const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const ssoBody = z.object({ email: z.string().max(320) }).strict();
const keyBody = z.object({ licenseKey: z.string().max(64), email: z.string().max(320) }).strict();
const emptyBody = z.object({}).strict();

export interface BridgeServer {
  url: string;
  /** In "page" mode the core's system browser is a new tab the page opens. */
  openInPage(url: string): void;
  close(): Promise<void>;
}

class BadRequest extends Error {
  override name = 'BadRequest';
}

export async function startBridgeServer(
  engine: ActivationEngine,
  options: { rendererDir: string; port?: number },
): Promise<BridgeServer> {
  const listeners = new Set<ServerResponse>();
  const broadcast = (event: string, data: string) => {
    for (const res of listeners) res.write(`event: ${event}\ndata: ${data}\n\n`);
  };
  const off = engine.onState((state) => broadcast(bridgeEvents.state, JSON.stringify(state)));

  async function bridgeCall(path: string, body: unknown): Promise<unknown> {
    switch (path) {
      case bridgeCalls.startSso: {
        const { email } = parse(ssoBody, body);
        void engine.startSso(email);
        return {};
      }
      case bridgeCalls.activateWithKey: {
        const { licenseKey, email } = parse(keyBody, body);
        void engine.activateWithKey(licenseKey, email);
        return {};
      }
      case bridgeCalls.cancel:
        parse(emptyBody, body);
        engine.cancel();
        return {};
      case bridgeCalls.reopenBrowser:
        await engine.reopenBrowser();
        return {};
      case bridgeCalls.checkIn:
        await engine.checkIn();
        return {};
      case bridgeCalls.deactivate:
        await engine.deactivate();
        return {};
      case bridgeCalls.dismissFailure:
        await engine.dismissFailure();
        return {};
      case bridgeCalls.diagnosticReport:
        return { report: engine.diagnosticReport() };
      default:
        return undefined;
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      const status =
        err instanceof BadRequest || err instanceof TypeError ? 400 : err instanceof NotNow ? 409 : 500;
      send(res, status, {
        error: { message: status === 500 ? 'the app failed; see its log' : (err as Error).message },
      });
      if (status === 500) console.error('webshell:', err);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (req.headers.host !== new URL(origin).host)
      return send(res, 421, { error: { message: 'wrong host' } });
    if (req.method === 'GET' && url.pathname in staticFiles) {
      const file = staticFiles[url.pathname] ?? 'index.html';
      res.writeHead(200, { ...securityHeaders, 'content-type': contentTypes[extname(file)] ?? 'text/plain' });
      createReadStream(join(options.rendererDir, file))
        .on('error', () => res.end())
        .pipe(res);
      return;
    }
    if (!url.pathname.startsWith(bridgePrefix)) return send(res, 404, { error: { message: 'not found' } });
    const path = url.pathname.slice(bridgePrefix.length);
    // Reads need no header (EventSource cannot send one; CORS keeps other sites from reading them).
    if (req.method === 'GET' && path === bridgeCalls.getState) return send(res, 200, engine.getState());
    if (req.method === 'GET' && path === bridgeCalls.onState) return subscribe(res, engine.getState());
    if (req.method !== 'POST') return send(res, 405, { error: { message: 'method not allowed' } });
    // A custom header forces a CORS preflight, which this server never grants: only its own page gets here.
    if (
      req.headers[bridgeHeader.name] !== bridgeHeader.value ||
      (req.headers.origin && req.headers.origin !== origin)
    )
      return send(res, 403, { error: { message: 'only the webshell page may call the bridge' } });
    const result = await bridgeCall(path, await jsonBody(req));
    if (result === undefined) return send(res, 404, { error: { message: 'no such call' } });
    send(res, 200, result);
  }

  function subscribe(res: ServerResponse, state: ActivationState) {
    res.writeHead(200, { ...securityHeaders, 'content-type': 'text/event-stream', connection: 'keep-alive' });
    res.write(`event: ${bridgeEvents.state}\ndata: ${JSON.stringify(state)}\n\n`);
    listeners.add(res);
    res.on('close', () => listeners.delete(res));
  }

  // A port already in use rejects the start (EADDRINUSE) instead of crashing the process.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    openInPage: (url) => broadcast(bridgeEvents.openBrowser, url),
    async close() {
      off();
      for (const res of listeners) res.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new BadRequest(`bad request: ${z.prettifyError(result.error)}`);
  return result.data;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...securityHeaders, 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 16_384) throw new BadRequest('request too large');
    chunks.push(chunk);
  }
  if (chunks.length === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new BadRequest('the body is not JSON');
  }
}
