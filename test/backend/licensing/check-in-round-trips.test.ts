// What a check-in costs PostgreSQL, counted at the driver (a spy on pg's
// Client.query that lets every query through to the real server): one round
// trip for a key-path check-in over HTTP (caller, seat and lease renewal in one
// statement), one for the check-in itself on the SSO path. SQLite has no round
// trips to count (in-process), so the suite is PostgreSQL's only.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { checkIn } from '../../../backend/licensing/check-in.ts';
import { licensingContext } from '../../../backend/licensing/licensing-context.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { testDialects } from '../../support/databases.ts';
import { pgRoundTrips } from '../../support/pg-round-trips.ts';
import { startTestService, withoutBackgroundJobs, type TestService } from '../../support/service.ts';

const postgres = testDialects.find((d) => d.name === 'postgres');
const skip = postgres?.skip ?? (postgres ? undefined : 'no PostgreSQL dialect');

describe.skipIf(Boolean(skip))(
  `round trips per check-in [postgres]${skip ? ` — skipped: ${skip}` : ''}`,
  () => {
    let service: TestService;
    let activation: { activationId: string; activationSecret: string };
    let userId: string;
    let key: string;
    let licenseId: string;
    // A still clock: the signing key's 5-second cache (signing-keys.ts) stays warm, so what is counted
    // is the check-in's own work.
    const at = new Date();
    const clock = { now: () => new Date(at) };

    beforeAll(async () => {
      if (!postgres) throw new Error(String(skip));
      service = await startTestService(postgres, { clock, env: withoutBackgroundJobs });
      const owner = new ConsoleClient(service.baseUrl);
      const accountId = await owner.signUp('Counted Shop', 'owner@counted.example', 'correct horse battery');
      ({ key, id: licenseId } = await addLicense(
        service.deps.database.db,
        clock,
        { accountId, edition: 'business', seats: 5, deviceLimit: 2, expiresAt: '2099-01-01' },
        'test',
      ));
      activation = await activate('ann');
      userId = (
        await service.deps.database.db
          .selectFrom('activations')
          .select('user_id')
          .where('id', '=', activation.activationId)
          .executeTakeFirstOrThrow()
      ).user_id;
    });
    afterAll(async () => service?.close());

    async function activate(who: string, licenseKey = key) {
      const res = await fetch(`${service.baseUrl}/api/v1/activations/by-key`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          licenseKey,
          email: `${who}@counted.example`,
          deviceId: `counted-device-${who}-0123456789`,
          deviceName: 'PC',
          os: 'Windows 11',
          appVersion: '1.0.0',
        }),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { activationId: string; activationSecret: string };
    }

    const checkInAs = async (a: { activationId: string; activationSecret: string }) => {
      const res = await fetch(`${service.baseUrl}/api/v1/activations/${a.activationId}/check-in`, {
        method: 'POST',
        headers: { authorization: `Bearer ${a.activationSecret}` },
      });
      return {
        status: res.status,
        body: (await res.json()) as { error?: { code: string }; license?: string },
      };
    };

    const stored = (id: string) =>
      service.deps.database.db
        .selectFrom('activations')
        .select(['lease_expires_at', 'last_checkin_at', 'revoked_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    const roundTrips = pgRoundTrips;

    const checkInOverHttp = async () => {
      const res = await fetch(`${service.baseUrl}/api/v1/activations/${activation.activationId}/check-in`, {
        method: 'POST',
        headers: { authorization: `Bearer ${activation.activationSecret}` },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { license: string }).license).toMatch(/^ey/);
    };

    test('a key-path check-in over HTTP is one round trip, and the lease is renewed', async () => {
      await checkInOverHttp(); // the signing key read once into its cache
      at.setTime(at.getTime() + 1000);
      for (let i = 0; i < 3; i++) {
        const sent = await roundTrips(checkInOverHttp);
        expect(sent, sent.join('\n')).toHaveLength(1);
        // Prepared once per connection, then only bound and run.
        expect(sent[0]).toMatch(/^\[lk_[0-9a-f]{32}\] with c as/);
      }
      expect((await stored(activation.activationId)).last_checkin_at).toBe(at.toISOString());
    });

    test('the check-in itself (what the SSO token path runs once the caller is known) is one round trip', async () => {
      const ctx = licensingContext(service.deps);
      await checkIn(ctx, activation.activationId, userId);
      at.setTime(at.getTime() + 1000);
      const sent = await roundTrips(async () => {
        await checkIn(ctx, activation.activationId, userId);
      });
      expect(sent, sent.join('\n')).toHaveLength(1);
      expect(sent[0]).toMatch(/^\[lk_[0-9a-f]{32}\] with r as/);
      expect((await stored(activation.activationId)).last_checkin_at).toBe(at.toISOString());
    });

    // The statement renews only where every check of the two-step path holds; each case below would
    // see its lease renewed (and last_checkin_at moved) if the statement's WHERE dropped that check.
    test('a revoked activation: refused, and its lease is not renewed', async () => {
      const bo = await activate('bo');
      await service.deps.database.db
        .updateTable('activations')
        .set({ revoked_at: at.toISOString(), revoked_code: 'ACTIVATION_REVOKED', revoked_reason: 'test' })
        .where('id', '=', bo.activationId)
        .execute();
      const before = await stored(bo.activationId);
      at.setTime(at.getTime() + 60_000);
      const refused = await checkInAs(bo);
      expect(refused.status).toBe(403);
      expect(refused.body.error?.code).toBe('ACTIVATION_REVOKED');
      expect(await stored(bo.activationId)).toEqual(before);
    });

    test('a deactivated (deprovisioned) user: refused, and the lease is not renewed', async () => {
      const cy = await activate('cy');
      const before = await stored(cy.activationId);
      await service.deps.database.db
        .updateTable('account_users')
        .set({ active: 0 })
        .where('email', '=', 'cy@counted.example')
        .execute();
      at.setTime(at.getTime() + 60_000);
      const refused = await checkInAs(cy);
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect((await stored(cy.activationId)).lease_expires_at).toBe(before.lease_expires_at);
      expect((await stored(cy.activationId)).last_checkin_at).toBe(before.last_checkin_at);
    });

    test('an expired license: LICENSE_EXPIRED, and the lease is not renewed', async () => {
      const accountId = (
        await service.deps.database.db
          .selectFrom('licenses')
          .select('account_id')
          .where('id', '=', licenseId)
          .executeTakeFirstOrThrow()
      ).account_id;
      const other = await addLicense(
        service.deps.database.db,
        clock,
        { accountId, edition: 'business', seats: 5, deviceLimit: 2, expiresAt: '2099-01-01' },
        'test',
      );
      const di = await activate('di', other.key);
      const before = await stored(di.activationId);
      await service.deps.database.db
        .updateTable('licenses')
        .set({ expires_at: new Date(at.getTime() - 1000).toISOString() })
        .where('id', '=', other.id)
        .execute();
      at.setTime(at.getTime() + 60_000);
      const refused = await checkInAs(di);
      expect(refused.body.error?.code).toBe('LICENSE_EXPIRED');
      expect((await stored(di.activationId)).lease_expires_at).toBe(before.lease_expires_at);
    });

    test('a license ending within the lease: the lease stops at its end (the two-step path)', async () => {
      const accountId = (
        await service.deps.database.db
          .selectFrom('licenses')
          .select('account_id')
          .where('id', '=', licenseId)
          .executeTakeFirstOrThrow()
      ).account_id;
      const ends = new Date(at.getTime() + 86_400_000).toISOString();
      const short = await addLicense(
        service.deps.database.db,
        clock,
        { accountId, edition: 'business', seats: 5, deviceLimit: 2, expiresAt: ends },
        'test',
      );
      const ed = await activate('ed', short.key);
      at.setTime(at.getTime() + 60_000);
      expect((await checkInAs(ed)).status).toBe(200);
      expect(await stored(ed.activationId)).toMatchObject({
        lease_expires_at: ends,
        last_checkin_at: at.toISOString(),
      });
    });

    test("another activation's secret: 403, and neither lease is renewed", async () => {
      const fay = await activate('fay');
      const before = await stored(activation.activationId);
      const beforeOwn = await stored(fay.activationId);
      at.setTime(at.getTime() + 60_000);
      const res = await checkInAs({
        activationId: activation.activationId,
        activationSecret: fay.activationSecret,
      });
      expect(res.status).toBe(403);
      expect(await stored(activation.activationId)).toEqual(before);
      expect(await stored(fay.activationId)).toEqual(beforeOwn);
      const unknown = await checkInAs({
        activationId: fay.activationId,
        activationSecret: `lka_${'x'.repeat(43)}`,
      });
      expect(unknown.status).toBe(401);
    });
  },
);
