// Per-account SCIM request limits (issue 11 item 9): past the limit a
// request gets 429 with Retry-After and a SCIM error body; other accounts are
// not slowed; the next second the account is served again. The clock is held
// still, so the test does not depend on timing.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Clock } from '../../../backend/clock.ts';
import { loadConfig } from '../../../backend/config.ts';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

test('the default limit is at least 25 requests a second per account', () => {
  expect(loadConfig({}).scimRequestsPerSecond).toBeGreaterThanOrEqual(25);
});

describeEachDatabase('SCIM request limits per account', (dialect) => {
  let service: TestService;
  let now = Date.parse('2030-01-01T00:00:00.250Z');
  const clock: Clock = { now: () => new Date(now) };
  beforeAll(async () => {
    service = await startTestService(dialect, { clock, env: { LATCHKEY_SCIM_RATE_LIMIT: '5' } });
  });
  afterAll(async () => service?.close());

  test('the 6th request in a second → 429 + Retry-After; another account is served; next second it is too', async () => {
    const a = await createScimAccount(service.baseUrl, 'limited');
    const b = await createScimAccount(service.baseUrl, 'neighbour');
    const scimA = scimClient(a.scimUrl, a.token);
    const statuses = await Promise.all(Array.from({ length: 8 }, () => scimA('GET', '/Users')));
    expect(statuses.filter((r) => r.status === 200)).toHaveLength(5);
    const refused = statuses.filter((r) => r.status === 429);
    expect(refused).toHaveLength(3);
    expect(refused[0]?.headers.get('retry-after')).toBe('1');
    expect(refused[0]?.body).toMatchObject({ schemas: [ERROR], status: '429' });
    expect((await scimClient(b.scimUrl, b.token)('GET', '/Users')).status).toBe(200);
    now += 1000;
    expect((await scimA('GET', '/Users')).status).toBe(200);
  });
});
