// Issue 26 leftover, the browser sign-in's side: the app's SSO discovery (the
// first call of every sign-in, 60 per address a minute) over its limit reached
// the app as SERVER_UNREACHABLE ("the server answered 429"). The 61st is
// refused with SIGN_IN_RATE_LIMITED and its wait, written to the activation
// log once, and the engine tells the user how long to wait.
import { expect, test } from 'vitest';
import { ssoDiscoveryPath } from '../../../../common/sso-discovery.ts';
import { clearOfWindowEnd, engineWorld, rateLimitedFailure } from './engine-harness.ts';

const { world, engineFor } = engineWorld();

const discover = () =>
  fetch(`${world().service.baseUrl}${ssoDiscoveryPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'alice@acme.test' }),
  });

test('the 61st SSO discovery in a minute: the engine fails with SIGN_IN_RATE_LIMITED, the wait and a log reference', async () => {
  await clearOfWindowEnd(60_000);
  for (let i = 1; i <= 60; i++) expect((await discover()).status, `request ${i}`).toBe(200);

  const { engine, phases } = await engineFor('alice@acme.test');
  await engine.startSso('alice@acme.test');
  expect(phases).toEqual(['failed']);

  const refused = await discover();
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  const body = (await refused.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('SIGN_IN_RATE_LIMITED');

  const { message, evidence } = await rateLimitedFailure(world(), engine);
  expect(message).toContain('Wait a minute');
  expect(evidence).toMatchObject({ ip: '127.0.0.1', limit: '60 a minute' });
}, 60_000);
