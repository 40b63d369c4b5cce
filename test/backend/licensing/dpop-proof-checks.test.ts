// Each check of RFC 9449 §4.3 that the licensing API makes of a DPoP proof
// (backend/licensing/dpop-proof.ts, dpop-jws.ts), through the real service on
// two nodes sharing one database: a proof signed by the device's own key but
// wrong in one point is refused with DPOP_PROOF_REFUSED and the failed check
// in the activation log; the device's next good proof still checks in (a
// refused proof consumed nothing); one proof is good once, also when two
// nodes receive it at the same moment. The proofs are made here with jose so
// that each can be wrong in exactly one way (the app's own are made by
// openid-client: dpop.test.ts).
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sweepDpopProofs } from '../../../backend/oidc/dpop-replay.ts';
import { DesktopApp, type DeviceSession } from '../../support/dpop-session.ts';
import { startSecondNode, type SecondNode } from '../../support/second-node.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describeEachDatabase('DPoP proofs at the licensing API: every check of RFC 9449 §4.3', (dialect) => {
  let world: SsoWorld;
  let second: SecondNode;
  let app: DeviceSession;
  let publicJwk: JWK;
  let checkIn: string;

  beforeAll(async () => {
    world = await startSsoWorld(dialect);
    second = await startSecondNode(world.service);
    const desktop = await DesktopApp.at(world.service.baseUrl);
    app = await desktop.signIn('alice@acme.test');
    publicJwk = await exportJWK(app.key.keyPair.publicKey);
    const issued = await desktop.call('POST', '/api/v1/activations', app.accessToken, {
      deviceId: 'proofchecks00000000000000000001',
      deviceName: 'QA laptop',
      os: 'linux',
      appVersion: '0.1.0',
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    checkIn = `/api/v1/activations/${String(issued.body.activationId)}/check-in`;
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await world?.close();
  });

  const nowSeconds = () => Math.floor(world.service.deps.clock.now().getTime() / 1000);

  /** A proof by the device's key for a check-in, with `change` applied to its claims or header. */
  async function proof(
    change: { claims?: Record<string, unknown>; header?: Record<string, unknown> } = {},
  ): Promise<string> {
    return new SignJWT({
      htm: 'POST',
      htu: `${world.service.deps.config.publicUrl}${checkIn}`,
      jti: randomUUID(),
      ath: createHash('sha256').update(app.accessToken.accessToken).digest('base64url'),
      iat: nowSeconds(),
      ...change.claims,
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: publicJwk, ...change.header })
      .sign(app.key.keyPair.privateKey);
  }

  /** A good proof's claims under `header` as given, signed ES256 by the device's key (what jose would refuse to make). */
  async function signedAsIs(header: Record<string, unknown>): Promise<string> {
    const [, claims] = (await proof()).split('.');
    const input = `${b64(header)}.${claims}`;
    const signature = await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      app.key.keyPair.privateKey,
      Buffer.from(input),
    );
    return `${input}.${Buffer.from(signature).toString('base64url')}`;
  }

  async function send(dpop: string, node = world.service.baseUrl) {
    const response = await fetch(`${node}${checkIn}`, {
      method: 'POST',
      headers: { authorization: `DPoP ${app.accessToken.accessToken}`, dpop },
    });
    const body = (await response.json()) as { error?: { code?: string } };
    return { status: response.status, code: body.error?.code };
  }

  async function loggedCheck() {
    const row = await world.service.deps.database.db
      .selectFrom('activation_attempts')
      .select(['code', 'evidence'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    return { code: row.code, check: (JSON.parse(row.evidence) as { check?: string }).check };
  }

  async function refusedAs(check: string, dpop: string) {
    expect(await send(dpop)).toEqual({ status: 401, code: 'DPOP_PROOF_REFUSED' });
    expect(await loggedCheck()).toEqual({ code: 'DPOP_PROOF_REFUSED', check });
  }

  test('a proof naming another access token (ath), or none → refused (ath)', async () => {
    const otherToken = createHash('sha256').update('another token').digest('base64url');
    await refusedAs('ath', await proof({ claims: { ath: otherToken } }));
    await refusedAs('ath', await proof({ claims: { ath: undefined } }));
    expect((await send(await proof())).status).toBe(200);
  });

  test('a proof older, or newer, than the 300 s window (iat) → refused (iat); within it → accepted', async () => {
    await refusedAs('iat', await proof({ claims: { iat: nowSeconds() - 301 } }));
    await refusedAs('iat', await proof({ claims: { iat: nowSeconds() + 301 } }));
    await refusedAs('iat', await proof({ claims: { iat: String(nowSeconds()) } }));
    expect((await send(await proof({ claims: { iat: nowSeconds() - 240 } }))).status).toBe(200);
  });

  test('a proof without a usable jti → refused (jti)', async () => {
    await refusedAs('jti', await proof({ claims: { jti: undefined } }));
    await refusedAs('jti', await proof({ claims: { jti: 'short' } }));
    await refusedAs('jti', await proof({ claims: { jti: 1234567890123456 } }));
  });

  test('another type, another algorithm, an unsigned or altered proof, a private key or a critical extension in its header → refused (signature)', async () => {
    await refusedAs('signature', await proof({ header: { typ: 'JWT' } }));
    // ES384 by a P-384 key: a good signature, but not the one algorithm the service accepts.
    const p384 = await generateKeyPair('ES384');
    const es384 = await new SignJWT({ htm: 'POST', jti: randomUUID(), iat: nowSeconds() })
      .setProtectedHeader({ alg: 'ES384', typ: 'dpop+jwt', jwk: await exportJWK(p384.publicKey) })
      .sign(p384.privateKey);
    await refusedAs('signature', es384);
    // alg none (RFC 7518 §3.6): the header and claims of a good proof, no signature.
    const [, claims] = (await proof()).split('.');
    await refusedAs('signature', `${b64({ alg: 'none', typ: 'dpop+jwt', jwk: publicJwk })}.${claims}.`);
    // A good proof whose claims were changed after signing (another jti).
    const [header, , signature] = (await proof()).split('.');
    const altered = b64({
      ...JSON.parse(Buffer.from(claims ?? '', 'base64url').toString()),
      jti: randomUUID(),
    });
    await refusedAs('signature', `${header}.${altered}.${signature}`);
    // §4.3 check 7: the header's key must be public (here the key's private part travels with it).
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privateJwk = pair.privateKey.export({ format: 'jwk' });
    const withPrivate = await new SignJWT({ htm: 'POST', jti: randomUUID(), iat: nowSeconds() })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: privateJwk as JWK })
      .sign(pair.privateKey);
    await refusedAs('signature', withPrivate);
    // RFC 7515 §4.1.11: an extension the service does not know, marked critical (jose would not sign it).
    await refusedAs(
      'signature',
      await signedAsIs({ alg: 'ES256', typ: 'dpop+jwt', jwk: publicJwk, crit: ['x-bind'], 'x-bind': 1 }),
    );
    // The device's key and an ES256 signature, but the header names another algorithm.
    for (const alg of ['ES384', 'HS256', 'none'])
      await refusedAs('signature', await signedAsIs({ alg, typ: 'dpop+jwt', jwk: publicJwk }));
    await refusedAs('signature', 'not.a-proof');
    expect((await send(await proof())).status).toBe(200);
  });

  test('a proof used once is refused the second time, on the same node and on the other one', async () => {
    const once = await proof();
    expect((await send(once)).status).toBe(200);
    await refusedAs('replay', once);
    expect(await send(once, second.baseUrl)).toEqual({ status: 401, code: 'DPOP_PROOF_REFUSED' });
    expect(await loggedCheck()).toEqual({ code: 'DPOP_PROOF_REFUSED', check: 'replay' });
  });

  test("a proof's jti is kept as long as the proof would be accepted: the sweep at its window's last second keeps it", async () => {
    const iat = nowSeconds() - 299;
    const once = await proof({ claims: { iat } });
    expect((await send(once)).status).toBe(200);
    // The sweep (every 10 minutes, server.ts) runs while |now - iat| is still 300 s: accepted.
    await sweepDpopProofs(world.service.deps.database.db, { now: () => new Date((iat + 300) * 1000 + 500) });
    await refusedAs('replay', once);
  });

  test('one proof sent to both nodes at the same moment: one check-in answered, the other refused as a replay (10 trials)', async () => {
    for (let trial = 0; trial < 10; trial++) {
      const once = await proof();
      const answers = await Promise.all([send(once), send(once, second.baseUrl)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
      expect(answers.find((a) => a.status === 401)?.code).toBe('DPOP_PROOF_REFUSED');
    }
  });
});
