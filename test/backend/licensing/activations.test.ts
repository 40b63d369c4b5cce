import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import {
  activateDevice,
  deactivateDevice,
  type LicensingContext,
} from '../../../backend/licensing/activations.ts';
import { checkIn } from '../../../backend/licensing/check-in.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { licenseJwks, rotateSigningKey } from '../../../backend/licensing/signing-keys.ts';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { licenseTokenType } from '../../../common/license-claims.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const device = (n: string) => ({
  deviceId: `device-${n}-0123456789abcdef`,
  deviceName: `Mac ${n}`,
  os: 'macOS 15',
  appVersion: '1.0.0',
});
const day = 86400_000;

describeEachDatabase(
  'licensing: entitlement, seats, devices, signed licenses, revocation by SCIM',
  (dialect) => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService(dialect);
    });
    afterAll(async () => service?.close());

    const ctx = (): LicensingContext => ({
      db: service.deps.database.db,
      clock: service.deps.clock,
      masterKey: service.deps.masterKey,
      publicUrl: service.deps.config.publicUrl,
      leaseMs: 14 * day,
      renewAfterMs: day,
    });
    async function codeOf(p: Promise<unknown>): Promise<string> {
      try {
        await p;
        return 'OK';
      } catch (err) {
        if (err instanceof LatchkeyError) return err.code;
        throw err;
      }
    }

    async function setup(
      seats: number,
      deviceLimit = 3,
      expiresAt = new Date(Date.now() + 365 * day).toISOString(),
    ) {
      const a = await createScimAccount(service.baseUrl, 'lic');
      const scim = scimClient(a.scimUrl, a.token);
      const ids: Record<string, string> = {};
      for (const n of ['alice', 'bob', 'carol', 'dan', 'erin']) {
        ids[n] = (
          await scim<{ id: string }>('POST', '/Users', { schemas: [USER], userName: `${n}@lic.example` })
        ).body.id;
      }
      const desk = await scim<{ id: string }>('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Desktop',
        externalId: 'grp-desktop',
        members: ['alice', 'bob', 'dan'].map((n) => ({ value: ids[n] })),
      });
      const contractors = await scim<{ id: string }>('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Contractors',
        externalId: 'grp-contractors',
        members: ['carol', 'erin'].map((n) => ({ value: ids[n] })),
      });
      await a.console.put('/api/console/integration/groups', {
        adminsGroup: { name: 'Admins', id: 'grp-admins' },
        desktopUsersGroup: { name: 'Desktop', id: 'grp-desktop' },
      });
      const license = await addLicense(
        service.deps.database.db,
        service.deps.clock,
        { accountId: a.accountId, edition: 'business', seats, deviceLimit, expiresAt },
        'test',
      );
      return { ...a, scim, ids, license, deskGroupId: desk.body.id, contractorsGroupId: contractors.body.id };
    }

    test('an activation returns a compact EdDSA JWS that verifies against the JWKS; a tampered one does not', async () => {
      const s = await setup(5);
      const issued = await activateDevice(ctx(), s.accountId, s.ids.alice ?? '', device('a'));
      const jwks = createLocalJWKSet(await licenseJwks(service.deps.database.db, service.deps.clock));
      const { payload, protectedHeader } = await jwtVerify(issued.license, jwks, {
        issuer: `${service.baseUrl}/api/v1`,
      });
      expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: licenseTokenType });
      expect(payload).toMatchObject({
        sub: s.ids.alice,
        acc: s.accountId,
        lic: s.license.id,
        sublic: null,
        edition: 'business',
        dev: device('a').deviceId,
        act: issued.activationId,
      });
      expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(14 * 86400);
      const [h, p, sig] = issued.license.split('.');
      const forged = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>;
      forged.edition = 'enterprise';
      await expect(
        jwtVerify(`${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${sig}`, jwks),
      ).rejects.toThrow();
    });

    test("the license names its holder (the user's email and display name as provisioned), at activation and at every check-in", async () => {
      const s = await setup(5);
      await s.scim('PATCH', `/Users/${s.ids.bob}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', value: { displayName: 'Bob Builder' } }],
      });
      const jwks = createLocalJWKSet(await licenseJwks(service.deps.database.db, service.deps.clock));
      const issued = await activateDevice(ctx(), s.accountId, s.ids.bob ?? '', device('holder'));
      const { payload } = await jwtVerify(issued.license, jwks);
      expect(payload).toMatchObject({ sub: s.ids.bob, email: 'bob@lic.example', name: 'Bob Builder' });
      const renewed = await checkIn(ctx(), issued.activationId, s.ids.bob ?? '');
      expect((await jwtVerify(renewed.license, jwks)).payload).toMatchObject({
        email: 'bob@lic.example',
        name: 'Bob Builder',
      });
    });

    test('seats count users, not devices; the next user gets NO_SEATS_AVAILABLE', async () => {
      const s = await setup(2);
      expect(await codeOf(activateDevice(ctx(), s.accountId, s.ids.alice ?? '', device('a1')))).toBe('OK');
      expect(await codeOf(activateDevice(ctx(), s.accountId, s.ids.alice ?? '', device('a2')))).toBe('OK');
      expect(await codeOf(activateDevice(ctx(), s.accountId, s.ids.bob ?? '', device('b1')))).toBe('OK');
      expect(await codeOf(activateDevice(ctx(), s.accountId, s.ids.dan ?? '', device('d1')))).toBe(
        'NO_SEATS_AVAILABLE',
      );
    });

    test('the device limit is per user; deactivating a device frees its slot', async () => {
      const s = await setup(5, 2);
      const first = await activateDevice(ctx(), s.accountId, s.ids.alice ?? '', device('1'));
      await activateDevice(ctx(), s.accountId, s.ids.alice ?? '', device('2'));
      expect(await codeOf(activateDevice(ctx(), s.accountId, s.ids.alice ?? '', device('3')))).toBe(
        'DEVICE_LIMIT_REACHED',
      );
      // the same device again is a renewal, not a new device
      expect(await codeOf(activateDevice(ctx(), s.accountId, s.ids.alice ?? '', device('2')))).toBe('OK');
      await deactivateDevice(ctx(), first.activationId, s.ids.alice ?? '');
      expect(await codeOf(activateDevice(ctx(), s.accountId, s.ids.alice ?? '', device('3')))).toBe('OK');
    });

    test('a sublicense gives its group a share of the seats, taken from the pool', async () => {
      const s = await setup(3);
      await service.deps.database.db
        .insertInto('sublicenses')
        .values({
          id: crypto.randomUUID(),
          license_id: s.license.id,
          group_id: s.contractorsGroupId,
          seats: 1,
          created_at: new Date().toISOString(),
        })
        .execute();
      const carol = await activateDevice(ctx(), s.accountId, s.ids.carol ?? '', device('c'));
      expect(
        JSON.parse(Buffer.from(carol.license.split('.')[1] ?? '', 'base64url').toString()).sublic,
      ).not.toBeNull();
      expect(await codeOf(activateDevice(ctx(), s.accountId, s.ids.erin ?? '', device('e')))).toBe(
        'NO_SEATS_AVAILABLE',
      );
      // pool = 3 − 1: two desktop users fit, the third does not
      expect(await codeOf(activateDevice(ctx(), s.accountId, s.ids.alice ?? '', device('a')))).toBe('OK');
      expect(await codeOf(activateDevice(ctx(), s.accountId, s.ids.bob ?? '', device('b')))).toBe('OK');
      expect(await codeOf(activateDevice(ctx(), s.accountId, s.ids.dan ?? '', device('d')))).toBe(
        'NO_SEATS_AVAILABLE',
      );
    });

    test('a user deactivated over SCIM loses the activation at once: check-in is refused, then revoked', async () => {
      const s = await setup(5);
      const issued = await activateDevice(ctx(), s.accountId, s.ids.bob ?? '', device('b'));
      expect(await codeOf(checkIn(ctx(), issued.activationId, s.ids.bob ?? ''))).toBe('OK');
      await s.scim('PATCH', `/Users/${s.ids.bob}`, {
        schemas: [PATCH],
        Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
      });
      expect(await codeOf(checkIn(ctx(), issued.activationId, s.ids.bob ?? ''))).toBe('ACTIVATION_REVOKED');
      const row = await service.deps.database.db
        .selectFrom('activations')
        .selectAll()
        .where('id', '=', issued.activationId)
        .executeTakeFirstOrThrow();
      expect(row.revoked_reason).toBe('USER_DEACTIVATED');
      // re-activating the user lets them activate again, but restores no old activation
      await s.scim('PATCH', `/Users/${s.ids.bob}`, {
        schemas: [PATCH],
        Operations: [{ op: 'Replace', path: 'active', value: 'True' }],
      });
      expect(await codeOf(checkIn(ctx(), issued.activationId, s.ids.bob ?? ''))).toBe('ACTIVATION_REVOKED');
      expect(await codeOf(activateDevice(ctx(), s.accountId, s.ids.bob ?? '', device('b')))).toBe('OK');
    });

    test("removal from the desktop-users group over SCIM revokes that group's seats only", async () => {
      const s = await setup(5);
      const alice = await activateDevice(ctx(), s.accountId, s.ids.alice ?? '', device('a'));
      const dan = await activateDevice(ctx(), s.accountId, s.ids.dan ?? '', device('d'));
      await s.scim('PATCH', `/Groups/${s.deskGroupId}`, {
        schemas: [PATCH],
        Operations: [{ op: 'remove', path: `members[value eq "${s.ids.alice}"]` }],
      });
      expect(await codeOf(checkIn(ctx(), alice.activationId, s.ids.alice ?? ''))).toBe('ACTIVATION_REVOKED');
      expect(await codeOf(checkIn(ctx(), dan.activationId, s.ids.dan ?? ''))).toBe('OK');
      expect(await codeOf(activateDevice(ctx(), s.accountId, s.ids.alice ?? '', device('a')))).toBe(
        'USER_NOT_IN_GROUP',
      );
    });

    test('an expired license: LICENSE_EXPIRED', async () => {
      const s = await setup(5, 3, new Date(Date.now() - day).toISOString());
      expect(await codeOf(activateDevice(ctx(), s.accountId, s.ids.alice ?? '', device('a')))).toBe(
        'LICENSE_EXPIRED',
      );
    });

    test('key rotation: new licenses use the new kid; old ones verify until their lease has ended', async () => {
      const s = await setup(5);
      const before = await activateDevice(ctx(), s.accountId, s.ids.alice ?? '', device('r'));
      const db = service.deps.database.db;
      await rotateSigningKey(db, service.deps.clock, service.deps.masterKey, 14 * day);
      const after = await activateDevice(ctx(), s.accountId, s.ids.bob ?? '', device('r'));
      expect(decodeProtectedHeader(after.license).kid).not.toBe(decodeProtectedHeader(before.license).kid);
      const jwks = createLocalJWKSet(await licenseJwks(db, service.deps.clock));
      await expect(jwtVerify(before.license, jwks)).resolves.toBeTruthy();
      const later = { now: () => new Date(Date.now() + 15 * day) };
      const laterKids = (await licenseJwks(db, later)).keys.map((k) => k.kid);
      expect(laterKids).toContain(decodeProtectedHeader(after.license).kid);
      expect(laterKids).not.toContain(decodeProtectedHeader(before.license).kid);
    });
  },
);
