// Issue 26 leftover: "Sign in on another device" pressed too often. The
// service limits device authorization requests per address (30 per 15 min,
// RFC 8628 §5.2); the 31st is refused with SIGN_IN_RATE_LIMITED and its wait
// (Retry-After, RFC 6585 §4), written once to the activation log, and the app
// tells the user to wait those minutes — not that the activation was revoked.
// Its own file: the count starts from a world nobody else asked codes of.
import { expect, test } from 'vitest';
import { desktopClientId } from '../../../../common/desktop-client.ts';
import { clearOfWindowEnd, engineWorld, rateLimitedFailure } from './engine-harness.ts';

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

test('the 31st device code from one address: the engine fails with SIGN_IN_RATE_LIMITED, the wait in minutes and a log reference', async () => {
  const on = await world().owner.put('/api/console/device-code-sign-in', { on: true });
  expect(on.status).toBe(200);
  await clearOfWindowEnd(15 * 60_000);
  for (let i = 1; i <= 30; i++) expect((await askForCode()).status, `request ${i}`).not.toBe(429);

  const { engine, phases } = await engineFor('alice@acme.test');
  await engine.startDeviceCode('alice@acme.test');
  expect(phases).toEqual(['failed']);

  // The next one, asked directly: the same code in the OAuth error body, and Retry-After.
  const refused = await askForCode();
  expect(refused.status).toBe(429);
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  const body = (await refused.json()) as { error: string; error_description: string };
  expect(body).toEqual({ error: 'temporarily_unavailable', error_description: 'SIGN_IN_RATE_LIMITED' });

  // The app's words: wait so many minutes — not that the activation was revoked.
  const { message, evidence } = await rateLimitedFailure(world(), engine);
  const minutes = Math.ceil(retryAfter / 60);
  expect(message).toContain(minutes === 1 ? 'Wait a minute' : `Wait ${minutes} minutes`);
  expect(message).not.toMatch(/revoked|removed/i);
  expect(evidence).toMatchObject({ ip: '127.0.0.1', limit: '30 per 15 minutes' });
}, 60_000);
