// One refresh token, spent at the same moment on two service nodes (two
// processes, one database): one spend wins, the other is reuse, and reuse
// revokes the whole chain (OAuth 2.0 Security BCP, RFC 9700 §4.14.2) — the
// winner's new refresh token included. The same for an authorization code
// redeemed twice (RFC 6749 §4.1.2).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DesktopApp, type DeviceKey, type DeviceSession } from '../../support/dpop-session.ts';
import { startSecondNode, type SecondNode } from '../../support/second-node.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';

type TokenReply = { access_token?: string; refresh_token?: string; error?: string };

describeEachDatabase('tokens are spent once across nodes', (dialect) => {
  let world: SsoWorld;
  let second: SecondNode;
  /** The app, its token requests sent to the first node, and to the second. */
  let apps: DesktopApp[];

  beforeAll(async () => {
    world = await startSsoWorld(dialect);
    second = await startSecondNode(world.service);
    const app = await DesktopApp.at(world.service.baseUrl);
    apps = [app, app.viaNode(second.baseUrl)];
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await world?.close();
  });

  const app = () => apps[0] as DesktopApp;

  /** A token request's answer as the wire had it: 200 and the tokens, or the status and the OAuth error. */
  const replyOf = (request: Promise<DeviceSession>): Promise<{ status: number; body: TokenReply }> =>
    request.then(
      (session) => ({
        status: 200,
        body: { access_token: session.tokens.access_token, refresh_token: session.refreshToken },
      }),
      (err: unknown) => {
        const refused = err as { status?: number; error?: string };
        if (typeof refused.error !== 'string') throw err;
        return { status: refused.status ?? 0, body: { error: refused.error } };
      },
    );

  /**
   * Each node's DPoP-Nonce, known to the key's handle before a race (RFC 9449 §8: openid-client
   * keeps it per node once it answered a challenge), so the two requests leave together rather
   * than one after its challenge. Asked with a refresh token that is none.
   */
  const nonceFromBothNodes = (key: DeviceKey) =>
    Promise.all(apps.map((a) => replyOf(a.refresh({ key, refreshToken: 'not-a-refresh-token' }))));

  /** The same grant request (with the same device key's proofs) on both nodes at the same moment. */
  const onBothAtOnce = async (key: DeviceKey, grant: (app: DesktopApp) => Promise<DeviceSession>) => {
    await nonceFromBothNodes(key);
    return Promise.all(apps.map((a) => replyOf(grant(a))));
  };
  const refresh = async (key: DeviceKey, refreshToken: string) =>
    (await replyOf(app().refresh({ key, refreshToken }))).body;

  test('a refresh token spent on both nodes at once: one wins, and the chain is revoked (5 trials)', async () => {
    for (let trial = 0; trial < 5; trial++) {
      const session = await app().signIn('alice@acme.test');
      const replies = await onBothAtOnce(session.key, (node) => node.refresh(session));
      const won = replies.filter((r) => r.status === 200);
      expect(
        won,
        `trial ${trial}: ${JSON.stringify(replies.map((r) => r.body.error ?? r.status))}`,
      ).toHaveLength(1);
      const lost = replies.find((r) => r.status !== 200);
      expect(lost).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      // reuse was detected: the winner's new refresh token is dead too
      expect(await refresh(session.key, won[0]?.body.refresh_token ?? '')).toMatchObject({
        error: 'invalid_grant',
      });
    }
  }, 60_000); // several sign-ins and a second process: slow on a busy machine, not timed

  test('an authorization code redeemed on both nodes at once gives tokens at most once', async () => {
    const step = await app().authorize('alice@acme.test');
    if (!step.callback?.includes('code=')) throw new Error(`no code: ${step.callback ?? step.lastPage}`);
    const key = await app().newDeviceKey();
    const replies = await onBothAtOnce(key, (node) => node.exchange(step, key));
    const won = replies.filter((r) => r.status === 200);
    expect(won.length).toBeLessThanOrEqual(1);
    expect(replies.every((r) => r.status === 200 || r.body.error === 'invalid_grant')).toBe(true);
    for (const r of won)
      expect(await refresh(key, r.body.refresh_token ?? '')).toMatchObject({ error: 'invalid_grant' });
  });
});
