// The webshell's HTTP bridge as a hostile neighbour would meet it: only its
// own page may drive the core, and every bad request is a clear 4xx.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ActivationEngine } from '../../../main/core/activation/activation-engine.ts';
import { startBridgeServer, type BridgeServer } from '../../../main/webshell/bridge-server.ts';
import { bridgeCalls, bridgeHeader, bridgePath, bridgePrefix } from '../../../common/webshell-bridge.ts';
import { licenseKeyFormat } from '../../../common/license-key.ts';

let bridge: BridgeServer;
let dataDir: string;
let rendererDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'latchkey-bridge-'));
  rendererDir = await mkdtemp(join(tmpdir(), 'latchkey-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Latchkey</title>');
  const engine = new ActivationEngine({
    dataDir,
    // Never reached: every call below is refused before the core would need a secret.
    secrets: {
      getPassword: async () => null,
      setPassword: async () => undefined,
      deletePassword: async () => false,
    },
    device: { deviceId: 'bridge-test-device-0001', deviceName: 'test', os: 'linux', appVersion: '0.1.0' },
    defaultServerUrl: 'http://127.0.0.1:9',
    trustAnchor: { serviceUrl: null, roots: [], source: 'none' },
    openBrowser: async () => undefined,
  });
  bridge = await startBridgeServer(engine, { rendererDir });
});
afterAll(async () => {
  await bridge?.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(rendererDir, { recursive: true, force: true });
});

const ownPage = () => ({
  [bridgeHeader.name]: bridgeHeader.value,
  origin: bridge.url,
  'content-type': 'application/json',
});

async function call(path: string, init: RequestInit = {}) {
  const res = await fetch(`${bridge.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as { error?: { message: string } }) : {}, res };
}

test('the page and the state are served with a strict CSP; the state is idle', async () => {
  const page = await fetch(`${bridge.url}/`);
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect((await call(bridgePath(bridgeCalls.getState))).body).toEqual({ phase: 'idle' });
});

test('another site cannot drive the core: no bridge header, or a foreign Origin → 403', async () => {
  const noHeader = await call(bridgePath(bridgeCalls.startSso), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'alice@acme.test' }),
  });
  expect(noHeader.status).toBe(403);
  const foreign = await call(bridgePath(bridgeCalls.startSso), {
    method: 'POST',
    headers: { ...ownPage(), origin: 'https://evil.example' },
    body: JSON.stringify({ email: 'alice@acme.test' }),
  });
  expect(foreign.status).toBe(403);
  expect((await call(bridgePath(bridgeCalls.getState))).body).toEqual({ phase: 'idle' });
});

test('a request for another host name (DNS rebinding) → 421', async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const url = new URL(bridge.url);
    request(
      {
        host: url.hostname,
        port: url.port,
        path: bridgePath(bridgeCalls.getState),
        headers: { host: 'evil.example' },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    )
      .on('error', reject)
      .end();
  });
  expect(status).toBe(421);
});

test('bad bodies are 400 with the reason; calls the state does not allow are 409; unknown ones 404/405', async () => {
  const post = (path: string, body: string) => call(path, { method: 'POST', headers: ownPage(), body });
  const notJson = await post(bridgePath(bridgeCalls.startSso), '{email');
  expect([notJson.status, notJson.body.error?.message]).toEqual([400, 'the body is not JSON']);
  const extra = await post(
    bridgePath(bridgeCalls.startSso),
    JSON.stringify({ email: 'alice@acme.test', admin: true }),
  );
  expect(extra.status).toBe(400);
  const badEmail = await post(bridgePath(bridgeCalls.startSso), JSON.stringify({ email: 'alice' }));
  expect(badEmail.status).toBe(400);
  expect(badEmail.body.error?.message).toMatch(/work email/);
  const badKey = await post(
    bridgePath(bridgeCalls.activateWithKey),
    JSON.stringify({ licenseKey: 'LK-1', email: 'alice@acme.test' }),
  );
  expect(badKey.body.error?.message).toContain(licenseKeyFormat);
  const huge = await post(bridgePath(bridgeCalls.startSso), JSON.stringify({ email: 'a'.repeat(20_000) }));
  expect([huge.status, huge.body.error?.message]).toEqual([400, 'request too large']);
  expect((await post(bridgePath(bridgeCalls.checkIn), '{}')).status).toBe(409);
  expect((await post(bridgePath(bridgeCalls.reopenBrowser), '{}')).status).toBe(409);
  expect((await post(`${bridgePrefix}nope`, '{}')).status).toBe(404);
  expect((await call(bridgePath(bridgeCalls.startSso))).status).toBe(405);
  expect((await call('/etc/passwd')).status).toBe(404);
  expect((await call(bridgePath(bridgeCalls.getState))).body).toEqual({ phase: 'idle' });
});

test('sign in on another device over the bridge: a bad body → 400; an unreachable service → not allowed', async () => {
  const bad = await call(bridgePath(bridgeCalls.startDeviceCode), {
    method: 'POST',
    headers: ownPage(),
    body: JSON.stringify({ email: 'alice@acme.test', extra: 1 }),
  });
  expect(bad.status).toBe(400);
  const notEmail = await call(bridgePath(bridgeCalls.startDeviceCode), {
    method: 'POST',
    headers: ownPage(),
    body: JSON.stringify({ email: 'not an email' }),
  });
  expect(notEmail.status).toBe(400);
  // The service at 127.0.0.1:9 answers nothing: the button stays hidden rather than failing.
  const allowed = await call(bridgePath(bridgeCalls.deviceCodeAllowed), {
    method: 'POST',
    headers: ownPage(),
    body: JSON.stringify({ email: 'alice@acme.test' }),
  });
  expect(allowed).toMatchObject({ status: 200, body: { allowed: false } });
});
