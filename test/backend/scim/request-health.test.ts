// Issue 23 item 5: the integration's health on the Dashboard — the last SCIM
// request and its outcome — recorded cheaply: at most one write per account a
// minute, a failure in between carried into the next write.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Clock } from '../../../backend/clock.ts';
import type { Dashboard } from '../../../common/console-dashboard.ts';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const start = new Date('2026-04-01T09:00:00.000Z');
let now = start;
const clock: Clock = { now: () => new Date(now) };
const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);

describeEachDatabase('SCIM health: last request and outcome, written at most once a minute', (dialect) => {
  let service: TestService;
  let account: Awaited<ReturnType<typeof createScimAccount>>;
  const scimOf = async () =>
    (await account.console.get<Dashboard>('/api/console/dashboard?days=1')).body.scim;

  beforeAll(async () => {
    now = start;
    service = await startTestService(dialect, { clock });
    account = await createScimAccount(service.baseUrl, 'health');
  }, 60_000);
  afterAll(async () => service?.close());

  test('no SCIM request yet: nothing to show; a refused token names no account', async () => {
    const wrong = scimClient(account.scimUrl, 'not-a-token');
    expect((await wrong('GET', '/Users')).status).toBe(401);
    expect(await scimOf()).toBeNull();
  });

  test('the first request is written; one within the minute is not; the next after it carries the failure', async () => {
    const scim = scimClient(account.scimUrl, account.token);
    expect((await scim('GET', '/Users?count=1')).status).toBe(200);
    expect(await scimOf()).toEqual({
      lastRequestAt: start.toISOString(),
      lastMethod: 'GET',
      lastPath: '/scim/v2/Users',
      lastStatus: 200,
      lastErrorAt: null,
      lastErrorStatus: null,
      lastErrorPath: null,
    });

    now = later(10);
    expect((await scim('GET', '/Users/no-such-user')).status).toBe(404);
    expect((await scimOf())?.lastRequestAt).toBe(start.toISOString());

    now = later(61);
    expect((await scim('GET', '/Groups?count=1')).status).toBe(200);
    expect(await scimOf()).toEqual({
      lastRequestAt: later(61).toISOString(),
      lastMethod: 'GET',
      lastPath: '/scim/v2/Groups',
      lastStatus: 200,
      lastErrorAt: later(10).toISOString(),
      lastErrorStatus: 404,
      // The route, never the id or filter the IdP sent.
      lastErrorPath: '/scim/v2/Users/:id',
    });
  });
});
