// The app's offline verification against licenses from the real service.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { deviceIdFrom, linuxMachineId } from '../../../main/core/device-identity.ts';
import { LicenseRejected, verifyLicense } from '../../../main/core/license-verifier.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { testDialects } from '../../support/databases.ts';
import { startTestService, type TestService } from '../../support/service.ts';

let service: TestService;
let other: TestService;
const sqlite = testDialects[0];

beforeAll(async () => {
  if (!sqlite) throw new Error('no sqlite');
  [service, other] = await Promise.all([startTestService(sqlite), startTestService(sqlite)]);
});
afterAll(async () => {
  await service?.close();
  await other?.close();
});

async function activate(deviceId: string) {
  const owner = new ConsoleClient(service.baseUrl);
  const email = `owner-${Date.now()}-${Math.random().toString(36).slice(2)}@shop.example`;
  const accountId = await owner.signUp('Shop', email, 'correct horse battery');
  const { key } = await addLicense(
    service.deps.database.db,
    service.deps.clock,
    { accountId, edition: 'business', seats: 5, deviceLimit: 3, expiresAt: '2099-01-01' },
    'test',
  );
  const res = await fetch(`${service.baseUrl}/api/v1/activations/by-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      licenseKey: key,
      email: 'ann@shop.example',
      deviceId,
      deviceName: 'PC',
      os: 'Linux',
      appVersion: '1.0.0',
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { license: string }).license;
}

test('the device id is a stable keyed hash, never the machine id itself', async () => {
  const a = await deviceIdFrom(async () => 'machine-1234');
  expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(await deviceIdFrom(async () => 'machine-1234\n')).toBe(a);
  expect(await deviceIdFrom(async () => 'machine-5678')).not.toBe(a);
  expect(a).not.toContain('machine');
  await expect(deviceIdFrom(async () => '  ')).rejects.toThrow(/empty/);
  // a machine with /etc/machine-id gets an id from it; one without is told plainly (containers may lack it)
  const hasMachineId = existsSync('/etc/machine-id') && readFileSync('/etc/machine-id', 'utf8').trim() !== '';
  if (hasMachineId) expect(await deviceIdFrom(linuxMachineId)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  else await expect(deviceIdFrom(linuxMachineId)).rejects.toThrow(/no machine id|empty/);
});

test('a license verifies offline with the pinned JWKS and says how long it holds', async () => {
  const deviceId = await deviceIdFrom(async () => 'machine-verify');
  const license = await activate(deviceId);
  const pinnedJwks = (await (await fetch(`${service.baseUrl}/api/v1/jwks`)).json()) as { keys: [] };
  const options = { pinnedJwks, issuer: `${service.baseUrl}/api/v1`, deviceId };
  const now = new Date();
  const valid = await verifyLicense(license, { ...options, now });
  expect(valid.status).toBe('valid');
  expect(valid.leaseEndsAt.getTime() - now.getTime()).toBeGreaterThan(13 * 86400_000);
  expect(
    (await verifyLicense(license, { ...options, now: new Date(now.getTime() + 2 * 86400_000) })).status,
  ).toBe('renewal-due');
  expect(
    (await verifyLicense(license, { ...options, now: new Date(now.getTime() + 15 * 86400_000) })).status,
  ).toBe('expired');

  await expect(
    verifyLicense(license, { ...options, now, deviceId: await deviceIdFrom(async () => 'another-machine') }),
  ).rejects.toThrow(/another device/);
  const [h, p, sig] = license.split('.');
  const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>;
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, exp: (payload.exp as number) + 365 * 86400 })).toString('base64url')}.${sig}`;
  await expect(verifyLicense(forged, { ...options, now })).rejects.toBeInstanceOf(LicenseRejected);
  // keys pinned from another service (or an attacker's) do not verify it
  const foreign = (await (await fetch(`${other.baseUrl}/api/v1/jwks`)).json()) as { keys: [] };
  await expect(verifyLicense(license, { ...options, pinnedJwks: foreign, now })).rejects.toBeInstanceOf(
    LicenseRejected,
  );
  await expect(
    verifyLicense(license, { ...options, issuer: 'https://elsewhere.example/api/v1', now }),
  ).rejects.toBeInstanceOf(LicenseRejected);
});
