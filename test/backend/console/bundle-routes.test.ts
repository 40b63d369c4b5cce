// The service serves the admin console at /console (every client route gets
// the page), `/` redirects there, and every answer carries a strict CSP.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { consoleCsp, registerConsoleBundleRoutes } from '../../../backend/console/bundle-routes.ts';

let app: FastifyInstance;
let missing: FastifyInstance;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-console-dist-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'console.js'), 'export {};');
  writeFileSync(join(dir, 'console.css'), 'body{}');
  app = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
  registerConsoleBundleRoutes(app, dir);
  missing = Fastify();
  registerConsoleBundleRoutes(missing, join(dir, 'nothing-here'));
});
afterAll(async () => {
  await app?.close();
  await missing?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('/ redirects to the console', async () => {
  const res = await app.inject({ url: '/' });
  expect([res.statusCode, res.headers.location]).toEqual([302, '/console/']);
});

test('every client route answers the page, with a CSP that allows no inline script or style', async () => {
  for (const url of ['/console', '/console/', '/console/integration', '/console/activation-log?code=X']) {
    const res = await app.inject({ url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toBe(consoleCsp);
  }
  expect(consoleCsp).toContain("script-src 'self'");
  expect(consoleCsp).toContain("style-src 'self'");
  expect(consoleCsp).not.toContain('unsafe-inline');
  expect(consoleCsp).toContain("frame-ancestors 'none'");
});

test('the bundle’s files are served with their types; nothing else from the folder', async () => {
  const js = await app.inject({ url: '/console/assets/console.js' });
  expect([js.statusCode, js.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
  const css = await app.inject({ url: '/console/assets/console.css' });
  expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  for (const url of ['/console/assets/index.html', '/console/assets/..%2Fmaster.key', '/console/assets/x.js'])
    expect((await app.inject({ url })).statusCode).toBe(404);
});

test('an unbuilt console says how to build it (503), not a stack trace', async () => {
  const res = await missing.inject({ url: '/console/' });
  expect(res.statusCode).toBe(503);
  expect(res.body).toContain('node scripts/build-console.ts');
});
