// The app's offline verification against licenses from the real service:
// only a signing key certified by the root of the app's anchor is accepted.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { deviceIdFrom, linuxMachineId } from '../../../main/core/device-identity.ts';
import { LicenseRejected, LicenseUntrusted, verifyLicense } from '../../../main/core/license-verifier.ts';
import type { TrustAnchor } from '../../../main/core/trust/trust-anchor.ts';
import { certifySigningKey } from '../../../backend/licensing/key-certificates.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { rotateSigningKey } from '../../../backend/licensing/signing-keys.ts';
import { createRoot, exportAnchor, onlineRootSigners } from '../../../backend/licensing/trust-roots.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { testDialects } from '../../support/databases.ts';
import { startTestService, type TestService } from '../../support/service.ts';

let service: TestService;
let other: TestService;
const sqlite = testDialects[0];

beforeAll(async () => {
  if (!sqlite) throw new Error('no sqlite');
  [service, other] = await Promise.all([startTestService(sqlite), startTestService(sqlite)]);
  // Production services: each gets its root the way an operator makes it (create-root).
  for (const s of [service, other]) await createRoot(s.deps.database.db, s.deps.clock, s.deps.masterKey);
});

async function anchorOf(s: TestService): Promise<TrustAnchor> {
  const file = await exportAnchor(s.deps.database.db, s.baseUrl);
  return { serviceUrl: file.serviceUrl, roots: file.roots, source: 'built-in' };
}

async function certificatesOf(s: TestService): Promise<string[]> {
  const res = await fetch(`${s.baseUrl}/api/v1/key-certificates`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { certificates: string[] }).certificates;
}
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

test('a license verifies offline under the root with the published key certificates, and says how long it holds', async () => {
  const deviceId = await deviceIdFrom(async () => 'machine-verify');
  const license = await activate(deviceId);
  const options = {
    anchor: await anchorOf(service),
    certificates: await certificatesOf(service),
    issuer: `${service.baseUrl}/api/v1`,
    deviceId,
  };
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
  await expect(
    verifyLicense(license, { ...options, issuer: 'https://elsewhere.example/api/v1', now }),
  ).rejects.toBeInstanceOf(LicenseRejected);
});

test('a key certified by another root is refused: an app built for the other service, or its certificates offered here', async () => {
  const deviceId = await deviceIdFrom(async () => 'machine-other-root');
  const license = await activate(deviceId);
  const base = { issuer: `${service.baseUrl}/api/v1`, deviceId, now: new Date() };
  const otherAnchor = await anchorOf(other);
  await expect(
    verifyLicense(license, { ...base, anchor: otherAnchor, certificates: await certificatesOf(service) }),
  ).rejects.toBeInstanceOf(LicenseUntrusted);
  // The other root certifies its own keys only: its certificates never vouch for this service's key.
  await expect(
    verifyLicense(license, {
      ...base,
      anchor: await anchorOf(service),
      certificates: await certificatesOf(other),
    }),
  ).rejects.toThrow(/not certified|no certificate/);
  // A build with no anchor at all trusts nothing.
  await expect(
    verifyLicense(license, {
      ...base,
      anchor: { serviceUrl: null, roots: [], source: 'none', problem: 'this build carries no root of trust' },
      certificates: await certificatesOf(service),
    }),
  ).rejects.toThrow(/no root of trust/);
});

test('a signing-key rotation needs no app update: licenses of the old and the new key both verify under the same root', async () => {
  const oldLicense = await activate(await deviceIdFrom(async () => 'machine-before-rotation'));
  const { kid, certifiedBy } = await rotateSigningKey(
    service.deps.database.db,
    service.deps.clock,
    service.deps.masterKey,
    14 * 86400_000,
  );
  expect(certifiedBy.length).toBe(1);
  const newLicense = await activate(await deviceIdFrom(async () => 'machine-after-rotation'));
  expect(JSON.parse(Buffer.from(newLicense.split('.')[0] ?? '', 'base64url').toString()).kid).toBe(kid);
  const anchor = await anchorOf(service);
  const certificates = await certificatesOf(service);
  for (const [license, machine] of [
    [oldLicense, 'machine-before-rotation'],
    [newLicense, 'machine-after-rotation'],
  ] as const) {
    const verified = await verifyLicense(license, {
      anchor,
      certificates,
      issuer: `${service.baseUrl}/api/v1`,
      deviceId: await deviceIdFrom(async () => machine),
      now: new Date(),
    });
    expect(verified.status).toBe('valid');
  }
});

test('an expired certification is refused: the key is no longer vouched for, though the license lease still runs', async () => {
  const deviceId = await deviceIdFrom(async () => 'machine-expiring-cert');
  const license = await activate(deviceId);
  const kid = JSON.parse(Buffer.from(license.split('.')[0] ?? '', 'base64url').toString()).kid as string;
  const { db } = service.deps.database;
  const [root] = await onlineRootSigners(db, service.deps.masterKey);
  if (!root) throw new Error('no root');
  await certifySigningKey(db, service.deps.clock, root, kid, 1);
  const options = {
    anchor: await anchorOf(service),
    certificates: await certificatesOf(service),
    issuer: `${service.baseUrl}/api/v1`,
    deviceId,
  };
  expect((await verifyLicense(license, { ...options, now: new Date() })).status).toBe('valid');
  const afterCertification = new Date(Date.now() + 2 * 86400_000);
  await expect(verifyLicense(license, { ...options, now: afterCertification })).rejects.toThrow(
    /not certified.*exp/,
  );
  // Re-certified (what `certify-signing-key` does), it verifies again at that date.
  await certifySigningKey(db, service.deps.clock, root, kid);
  const renewed = { ...options, certificates: await certificatesOf(service) };
  expect((await verifyLicense(license, { ...renewed, now: afterCertification })).status).toBe('renewal-due');
});
