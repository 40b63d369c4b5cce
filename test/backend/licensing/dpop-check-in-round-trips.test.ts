// The app's check-in on PostgreSQL with its DPoP-bound access token, counted at
// the driver (a spy on pg's Client.query that lets every query through to the
// real server): the token, the proof's jti and the check-in's read and renewal
// in one round trip (licensing/token-check-in.ts), as the key path's. And what
// the one statement must not do: renew with a replayed proof, or with a proof
// by another key than the token's (then it writes no jti either). SQLite has
// no round trips to count, so the suite is PostgreSQL's only.
import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DesktopApp, type DeviceKey, type DeviceSession } from '../../support/dpop-session.ts';
import { testDialects } from '../../support/databases.ts';
import { pgRoundTrips } from '../../support/pg-round-trips.ts';
import { withoutBackgroundJobs } from '../../support/service.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';

const postgres = testDialects.find((d) => d.name === 'postgres');
const skip = postgres?.skip ?? (postgres ? undefined : 'no PostgreSQL dialect');

describe.skipIf(Boolean(skip))(
  `round trips per DPoP-bound check-in [postgres]${skip ? ` — skipped: ${skip}` : ''}`,
  () => {
    let world: SsoWorld;
    let desktop: DesktopApp;
    let app: DeviceSession;
    let activationId: string;
    let checkIn: string;

    beforeAll(async () => {
      if (!postgres) throw new Error(String(skip));
      world = await startSsoWorld(postgres, { env: withoutBackgroundJobs });
      desktop = await DesktopApp.at(world.service.baseUrl);
      app = await desktop.signIn('alice@acme.test');
      const issued = await desktop.call('POST', '/api/v1/activations', app.accessToken, {
        deviceId: 'roundtrips000000000000000000001',
        deviceName: 'QA laptop',
        os: 'linux',
        appVersion: '0.1.0',
      });
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
      activationId = String(issued.body.activationId);
      checkIn = `/api/v1/activations/${activationId}/check-in`;
    }, 60_000);
    afterAll(async () => world?.close());

    const roundTrips = pgRoundTrips;

    /** A proof of `key` for this check-in, naming the app's access token. */
    async function proofBy(key: DeviceKey) {
      return new SignJWT({
        htm: 'POST',
        htu: `${world.service.deps.config.publicUrl}${checkIn}`,
        jti: randomUUID(),
        ath: createHash('sha256').update(app.accessToken.accessToken).digest('base64url'),
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(key.keyPair.publicKey) })
        .setIssuedAt()
        .sign(key.keyPair.privateKey);
    }

    const send = async (dpop: string) => {
      const res = await fetch(`${world.service.baseUrl}${checkIn}`, {
        method: 'POST',
        headers: { authorization: `DPoP ${app.accessToken.accessToken}`, dpop },
      });
      return { status: res.status, body: (await res.json()) as { error?: { code?: string } } };
    };

    const lastCheckIn = async () =>
      (
        await world.service.deps.database.db
          .selectFrom('activations')
          .select('last_checkin_at')
          .where('id', '=', activationId)
          .executeTakeFirstOrThrow()
      ).last_checkin_at;

    const proofsSeen = async () =>
      Number(
        (
          await world.service.deps.database.db
            .selectFrom('dpop_proofs')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('a check-in with the DPoP-bound token is one round trip: token, jti and lease renewal', async () => {
      expect((await send(await proofBy(app.key))).status).toBe(200); // the signing key read into its cache
      for (let i = 0; i < 3; i++) {
        const before = await lastCheckIn();
        const proof = await proofBy(app.key);
        const sent = await roundTrips(async () => {
          expect((await send(proof)).status).toBe(200);
        });
        expect(sent, sent.join('\n')).toHaveLength(1);
        expect(sent[0]).toMatch(/^\[lk_[0-9a-f]{32}\] with tok as/);
        expect(await lastCheckIn()).not.toBe(before);
      }
    });

    test('a replayed proof: refused (replay), and the lease is not renewed', async () => {
      const proof = await proofBy(app.key);
      expect((await send(proof)).status).toBe(200);
      const renewed = await lastCheckIn();
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await send(proof)).toMatchObject({
        status: 401,
        body: { error: { code: 'DPOP_PROOF_REFUSED' } },
      });
      expect(await lastCheckIn()).toBe(renewed);
    });

    test("a proof by another key than the token's: refused, no lease renewed and no jti written", async () => {
      const before = { renewed: await lastCheckIn(), proofs: await proofsSeen() };
      const thief = await desktop.newDeviceKey();
      expect(await send(await proofBy(thief))).toMatchObject({
        status: 401,
        body: { error: { code: 'TOKEN_WITHOUT_DEVICE_KEY' } },
      });
      expect({ renewed: await lastCheckIn(), proofs: await proofsSeen() }).toEqual(before);
    });
  },
);
