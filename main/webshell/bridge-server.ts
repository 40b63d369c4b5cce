// webshell: the renderer served to a browser, driving the same activation
// core through a small local HTTP bridge — for the end-to-end tests and for QA
// on machines without an Electron binary. Loopback only; the bridge answers
// only its own page (Host and Origin checked, a custom header on every call,
// so another site in the same browser cannot drive it). Fastify, like the service.
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { z } from 'zod';
import type { ActivationState } from '../../common/desktop-api.ts';
import { bridgeCalls, bridgeEvents, bridgeHeader, bridgePrefix } from '../../common/webshell-bridge.ts';
import { NotNow, type ActivationEngine } from '../core/activation/activation-engine.ts';
import type { DesktopSession } from '../core/desktop-session.ts';
import { PolicyRefusal } from '../core/policy/policy-rules.ts';
import { MyDevicesDesk } from '../core/devices/my-devices-desk.ts';

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
const maxBodyBytes = 16_384;

const ssoBody = z.object({ email: z.string().max(320) }).strict();
const keyBody = z.object({ licenseKey: z.string().max(64), email: z.string().max(320) }).strict();
const emptyBody = z.object({}).strict();
const releaseBody = z.object({ activationId: z.uuid() }).strict();

export interface BridgeServer {
  url: string;
  /** In "page" mode the core's system browser is a new tab the page opens. */
  openInPage(url: string): void;
  close(): Promise<void>;
}

class BadRequest extends Error {
  override name = 'BadRequest';
}

/** The page's open event streams; the core's state and "open a tab" go to each. */
class EventStreams {
  private readonly listeners = new Set<ServerResponse>();

  subscribe(res: ServerResponse, state: ActivationState): void {
    res.writeHead(200, { ...securityHeaders, 'content-type': 'text/event-stream', connection: 'keep-alive' });
    res.write(`event: ${bridgeEvents.state}\ndata: ${JSON.stringify(state)}\n\n`);
    this.listeners.add(res);
    res.on('close', () => this.listeners.delete(res));
  }

  broadcast(event: string, data: string): void {
    for (const res of this.listeners) res.write(`event: ${event}\ndata: ${data}\n\n`);
  }

  endAll(): void {
    for (const res of this.listeners) res.end();
  }
}

export async function startBridgeServer(
  engine: ActivationEngine,
  options: {
    rendererDir: string;
    port?: number;
    /** The managed settings watched and the SSO step opened by the app itself (ActivateAtStart, links). */
    session?: DesktopSession;
  },
): Promise<BridgeServer> {
  const streams = new EventStreams();
  const offState = engine.onState((state) => streams.broadcast(bridgeEvents.state, JSON.stringify(state)));
  const offPolicy = options.session?.onPolicy((policy) =>
    streams.broadcast(bridgeEvents.policy, JSON.stringify(policy)),
  );
  const offPrompt = options.session?.onPrompt(() => streams.broadcast(bridgeEvents.ssoPrompt, '{}'));
  const off = () => {
    offState();
    offPolicy?.();
    offPrompt?.();
  };
  // The origin is known once listening; the host check reads it per request.
  const self = { origin: '' };
  const app = createBridgeApp();
  guardHost(app, self);
  serveRendererFiles(app, options.rendererDir);
  serveBridge(app, engine, streams, self, options.session);
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  self.origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url: self.origin,
    openInPage: (url) => streams.broadcast(bridgeEvents.openBrowser, url),
    async close() {
      off();
      streams.endAll();
      await app.close();
    },
  };
}

/** Every answer is JSON `{ error: { message } }` on failure, with the page's security headers. */
function createBridgeApp(): FastifyInstance {
  // No HEAD twins of the GET routes (the bridge answered HEAD with 404/405); open event streams
  // are ended on close.
  const app = Fastify({ logger: false, exposeHeadRoutes: false, forceCloseConnections: true });
  app.addHook('onSend', async (_req, reply) => {
    void reply.headers(securityHeaders);
  });
  acceptAnyBodyAsJson(app);
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const { status, message } = failureOf(err);
    if (status === 500) console.error('webshell:', err);
    return sendJson(reply, status, { error: { message } });
  });
  app.setNotFoundHandler((_req, reply) => sendJson(reply, 404, { error: { message: 'not found' } }));
  return app;
}

function failureOf(err: FastifyError): { status: number; message: string } {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 400, message: 'request too large' };
  if (err instanceof BadRequest || err instanceof TypeError) return { status: 400, message: err.message };
  if (err instanceof NotNow) return { status: 409, message: err.message };
  if (err instanceof PolicyRefusal) return { status: 403, message: err.message };
  // Fastify's own refusals of a malformed request (a broken content-type, say) are the caller's.
  if (err.code?.startsWith('FST_ERR_') && (err.statusCode ?? 500) < 500)
    return { status: 400, message: err.message };
  return { status: 500, message: 'the app failed; see its log' };
}

/** The page sends JSON; the bridge parses any body as JSON (an empty one is `{}`), up to 16 KiB. */
function acceptAnyBodyAsJson(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: maxBodyBytes }, (_req, body, done) => {
    const text = String(body);
    if (text === '') return done(null, {});
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(new BadRequest('the body is not JSON'), undefined);
    }
  });
}

/** DNS rebinding: a page of another name resolved to 127.0.0.1 must not reach the bridge. */
function guardHost(app: FastifyInstance, self: { origin: string }): void {
  app.addHook('onRequest', async (req, reply) => {
    if (req.headers.host !== new URL(self.origin).host)
      return sendJson(reply, 421, { error: { message: 'wrong host' } });
  });
}

function serveRendererFiles(app: FastifyInstance, rendererDir: string): void {
  for (const [path, file] of Object.entries(staticFiles))
    app.get(path, async (_req, reply) => {
      // A file missing from the build is an empty page, as before (not an error).
      const body = await readFile(join(rendererDir, file)).catch(() => Buffer.alloc(0));
      return reply.type(contentTypes[extname(file)] ?? 'text/plain').send(body);
    });
}

function serveBridge(
  app: FastifyInstance,
  engine: ActivationEngine,
  streams: EventStreams,
  self: { origin: string },
  session: DesktopSession | undefined,
): void {
  // Reads need no header (EventSource cannot send one; CORS keeps other sites from reading them).
  app.get(`${bridgePrefix}${bridgeCalls.getState}`, (_req, reply) => sendJson(reply, 200, engine.getState()));
  app.get(`${bridgePrefix}${bridgeCalls.getPolicy}`, (_req, reply) => sendJson(reply, 200, engine.policy()));
  app.get(`${bridgePrefix}${bridgeCalls.onState}`, (_req, reply) => {
    reply.hijack();
    streams.subscribe(reply.raw, engine.getState());
  });
  app.all<{ Params: { '*': string } }>(`${bridgePrefix}*`, {
    // Checked before the body is read: a foreign caller learns nothing about its body.
    onRequest: async (req, reply) => {
      if (req.method !== 'POST') return sendJson(reply, 405, { error: { message: 'method not allowed' } });
      if (!fromOwnPage(req, self.origin))
        return sendJson(reply, 403, { error: { message: 'only the webshell page may call the bridge' } });
    },
    handler: async (req, reply) => {
      const result =
        req.params['*'] === bridgeCalls.takeSsoPrompt
          ? { prompt: session?.takePrompt() ?? null }
          : await bridgeCall(engine, req.params['*'], req.body ?? {});
      if (result === undefined) return sendJson(reply, 404, { error: { message: 'no such call' } });
      return sendJson(reply, 200, result);
    },
  });
}

/** A custom header forces a CORS preflight, which this server never grants: only its own page gets here. */
function fromOwnPage(req: FastifyRequest, origin: string): boolean {
  return (
    req.headers[bridgeHeader.name] === bridgeHeader.value &&
    (!req.headers.origin || req.headers.origin === origin)
  );
}

async function bridgeCall(engine: ActivationEngine, path: string, body: unknown): Promise<unknown> {
  switch (path) {
    case bridgeCalls.startSso: {
      const { email } = parse(ssoBody, body);
      void engine.startSso(email);
      return {};
    }
    case bridgeCalls.startDeviceCode: {
      const { email } = parse(ssoBody, body);
      void engine.startDeviceCode(email);
      return {};
    }
    case bridgeCalls.deviceCodeAllowed: {
      const { email } = parse(ssoBody, body);
      return { allowed: await engine.deviceCodeAllowed(email) };
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
    case bridgeCalls.listMyDevices:
      return myDevicesOf(engine).list(parse(ssoBody, body).email);
    case bridgeCalls.releaseMyDevice:
      return myDevicesOf(engine).release(parse(releaseBody, body).activationId);
    case bridgeCalls.retryAfterRelease:
      parse(emptyBody, body);
      void myDevicesOf(engine).retry();
      return {};
    default:
      return undefined;
  }
}

/** One My devices desk per engine (its fresh sign-in lives there, in memory). */
const desks = new WeakMap<ActivationEngine, MyDevicesDesk>();
function myDevicesOf(engine: ActivationEngine): MyDevicesDesk {
  const desk = desks.get(engine) ?? new MyDevicesDesk(engine);
  desks.set(engine, desk);
  return desk;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new BadRequest(`bad request: ${z.prettifyError(result.error)}`);
  return result.data;
}

function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type('application/json').send(JSON.stringify(body));
}
