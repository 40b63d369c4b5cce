// Serves the admin console's bundle (built by scripts/build-console.ts) at
// /console, with `/` redirecting there. Every client route under /console
// answers the same index.html; the app's router takes it from there. A strict
// CSP (CSP Level 3): scripts and styles only from this origin, no inline code.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where scripts/build-console.ts writes the bundle. */
export const consoleDistDir = resolve(import.meta.dirname, '../../renderer/console/dist');

export const consoleCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  // The SSO start is a top-level navigation, not a form post; nothing posts elsewhere.
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const assets: Record<string, string> = {
  'console.js': 'text/javascript; charset=utf-8',
  'console.js.map': 'application/json',
  'console.css': 'text/css; charset=utf-8',
};

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', consoleCsp)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('cache-control', 'no-store');
}

export function registerConsoleBundleRoutes(app: FastifyInstance, distDir = consoleDistDir): void {
  const sendFile = async (reply: FastifyReply, file: string, type: string) => {
    let body: Buffer;
    try {
      body = await readFile(join(distDir, file));
    } catch {
      return secure(reply)
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The admin console is not built: run `node scripts/build-console.ts`.');
    }
    return secure(reply).type(type).send(body);
  };

  app.get('/', async (_request, reply) => reply.redirect('/console/', 302));

  app.get('/console/assets/:file', async (request, reply) => {
    const { file } = request.params as { file: string };
    const type = Object.hasOwn(assets, file) ? assets[file] : undefined;
    if (!type) return secure(reply).status(404).type('text/plain; charset=utf-8').send('not found');
    return sendFile(reply, file, type);
  });

  const index = async (_request: unknown, reply: FastifyReply) =>
    sendFile(reply, 'index.html', 'text/html; charset=utf-8');
  app.get('/console', index);
  app.get('/console/*', index);
}
