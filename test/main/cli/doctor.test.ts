// doctor's verdicts against a server whose clock the test knows (its Date header).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runDoctor } from '../../../main/cli/doctor.ts';
import { ActivationEngine } from '../../../main/core/activation/activation-engine.ts';
// The keychain is not the subject here (it has its own tests against a real Secret Service).
import { memorySecretStore } from '../../support/memory-secret-store.ts';

let server: Server;
let dataDir: string;
beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200, { date: new Date().toUTCString() }).end('{}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  dataDir = await mkdtemp(join(tmpdir(), 'latchkey-doctor-'));
});
afterAll(async () => {
  server.close();
  await rm(dataDir, { recursive: true, force: true });
});

const engineFor = (serverUrl: string) =>
  new ActivationEngine({
    dataDir,
    secrets: memorySecretStore(),
    device: { deviceId: 'doctor-device-00000001', deviceName: 't', os: 'linux', appVersion: '0.1.0' },
    defaultServerUrl: serverUrl,
    trustAnchor: { serviceUrl: null, roots: [], source: 'none', problem: 'this build has no root' },
    openBrowser: async () => undefined,
  });

test('server answers and clocks agree; a clock 10 minutes ahead fails the clock check; a device not activated yet is information, not a failure', async () => {
  const serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const byName = async (now?: () => Date) =>
    Object.fromEntries(
      (await runDoctor(engineFor(serverUrl), memorySecretStore(), now)).map((c) => [c.name, c]),
    );
  const inSync = await byName();
  expect([inSync.server?.ok, inSync.clock?.ok, inSync.keychain?.ok]).toEqual([true, true, true]);
  // Issue 20 item 9: a fresh device has nothing to fix.
  expect(inSync.license).toEqual({
    name: 'license',
    ok: true,
    info: true,
    detail: expect.stringMatching(/^not activated yet/),
  });
  // This engine was built without a root of trust: doctor says so.
  expect([inSync.trust?.ok, inSync.trust?.detail]).toEqual([false, 'this build has no root']);
  const ahead = await byName(() => new Date(Date.now() + 10 * 60_000));
  expect(ahead.clock?.ok).toBe(false);
  expect(ahead.clock?.detail).toMatch(/ahead of the server/);
});

test('no server: the server check fails and says which address', async () => {
  const checks = await runDoctor(engineFor('http://127.0.0.1:9'), memorySecretStore());
  const server9 = checks.find((c) => c.name === 'server');
  expect(server9?.ok).toBe(false);
  expect(server9?.detail).toContain('http://127.0.0.1:9');
  expect(checks.some((c) => c.name === 'clock')).toBe(false);
});
