// Issue 26 leftover: "Sign in on another device" pressed too often. The
// service limits device authorization requests per address (30 per 15 min,
// RFC 8628 §5.2); the 31st is refused with SIGN_IN_RATE_LIMITED and its wait
// (Retry-After, RFC 6585 §4), written once to the activation log, and the app
// tells the user to wait those minutes — not that the activation was revoked.
// Its own file: the count starts from a world nobody else asked codes of.
import { expect, test } from 'vitest';
import { desktopClientId } from '../../../../common/desktop-client.ts';
import { clearOfWindowEnd, engineWorld, failureOf } from './engine-harness.ts';

const { world, engineFor } = engineWorld();

const askForCode = () =>
  fetch(`${world().service.baseUrl}/oidc/device/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: desktopClientId,
      scope: 'openid',
      login_hint: 'alice@acme.test',
      device_name: 'QA laptop',
      device_os: 'linux',
    }).toString(),
  });

const rateLimitRows = () =>
  world()
    .service.deps.database.db.selectFrom('activation_attempts')
    .select(['id', 'code', 'evidence'])
    .where('code', '=', 'SIGN_IN_RATE_LIMITED')
    .execute();

test('the 31st device code from one address: the engine fails with SIGN_IN_RATE_LIMITED, the wait in minutes and a log reference', async () => {
  const on = await world().owner.put('/api/console/device-code-sign-in', { on: true });
  expect(on.status).toBe(200);
  await clearOfWindowEnd(15 * 60_000);
  for (let i = 1; i <= 30; i++) expect((await askForCode()).status, `request ${i}`).not.toBe(429);

  const { engine, phases } = await engineFor('alice@acme.test');
  await engine.startDeviceCode('alice@acme.test');
  expect(failureOf(engine)).toBe('SIGN_IN_RATE_LIMITED');
  expect(phases).toEqual(['failed']);

  // The next one, asked directly: the same code in the OAuth error body, and Retry-After.
  const refused = await askForCode();
  expect(refused.status).toBe(429);
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  const body = (await refused.json()) as { error: string; error_description: string };
  expect(body.error).toBe('temporarily_unavailable');
  expect(body.error_description).toMatch(/^SIGN_IN_RATE_LIMITED\b/);

  const state = engine.getState();
  if (state.phase !== 'failed') throw new Error('not failed');
  const minutes = Math.ceil(retryAfter / 60);
  expect(state.failure.message).toContain(minutes === 1 ? 'Wait a minute' : `Wait ${minutes} minutes`);
  expect(state.failure.message).not.toMatch(/revoked|removed/i);
  // Written to the activation log once per window, with the address: the reference the user reads off.
  const rows = await rateLimitRows();
  expect(rows).toHaveLength(1);
  expect(state.failure.reference).toBe(String(rows[0]?.id));
  expect(JSON.parse(rows[0]?.evidence ?? '{}')).toMatchObject({ ip: '127.0.0.1' });
}, 60_000);
