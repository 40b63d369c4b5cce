// Issue 23 item 3: a license that allows P % over its seat count still holds
// its ceiling, floor(seats × (1 + P/100)), when activations arrive at the same
// moment on two service nodes (two processes on one database): exactly the
// ceiling is granted and the rest refused with the seat code, as at the seat
// count today. Only the activations above the count are flagged.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { clientAddress, requestJson, type JsonReply } from '../../support/loopback-client.ts';
import { startSecondNode, type SecondNode } from '../../support/second-node.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

type Reply = JsonReply<{ activationId?: string; error?: { code: string } }>;

function tally(replies: Reply[]): Record<string, number> {
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const r of replies) {
    const key =
      r.status === 201 ? '201' : r.status >= 500 ? `${r.status}` : (r.body.error?.code ?? `${r.status}`);
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describeEachDatabase('overage holds its ceiling across two nodes at once', (dialect) => {
  let service: TestService;
  let second: SecondNode;
  let nodes: string[];
  let accountId: string;
  let owner: ConsoleClient;

  beforeAll(async () => {
    service = await startTestService(dialect);
    second = await startSecondNode(service);
    nodes = [service.baseUrl, second.baseUrl];
    owner = new ConsoleClient(service.baseUrl);
    accountId = await owner.signUp('Overage Shop', 'owner@overage.example', 'correct horse battery');
    await owner.login('owner@overage.example', 'correct horse battery');
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await service?.close();
  });

  const newLicense = (seats: number) =>
    addLicense(
      service.deps.database.db,
      service.deps.clock,
      { accountId, edition: 'business', seats, deviceLimit: 3, expiresAt: '2099-01-01' },
      'test',
    );
  /** 20 users at once, alternating between the nodes, each from its own client address. */
  const twentyAtOnce = (key: string, tag: string) =>
    Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        requestJson<Reply['body']>(`${nodes[i % 2]}/api/v1/activations/by-key`, {
          body: {
            licenseKey: key,
            email: `${tag}${i}@overage.example`,
            deviceId: `${tag}-device-${i}-0123456789`,
            deviceName: `PC ${i}`,
            os: 'Windows 11',
            appVersion: '1.0.0',
          },
          from: clientAddress(i + (tag === 'off' ? 0 : 40)),
        }),
      ),
    );
  const liveOf = (licenseId: string) =>
    service.deps.database.db
      .selectFrom('activations')
      .select(['user_id', 'over_count'])
      .where('license_id', '=', licenseId)
      .where('revoked_at', 'is', null)
      .execute();

  test('off by default: 20 users at once on 10 seats, exactly 10 hold one, none flagged', async () => {
    const license = await newLicense(10);
    expect(tally(await twentyAtOnce(license.key, 'off'))).toEqual({ '201': 10, NO_SEATS_AVAILABLE: 10 });
    const live = await liveOf(license.id);
    expect(live).toHaveLength(10);
    expect(live.filter((a) => Number(a.over_count) === 1)).toHaveLength(0);
  });

  test('25 % over 10 seats: 20 users at once, exactly 12 (the ceiling) hold one, the 2 above the count flagged', async () => {
    const license = await newLicense(10);
    const set = await owner.put(`/api/console/licenses/${license.id}/overage`, { percent: 25 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ licenseId: license.id, percent: 25, seats: 10, ceiling: 12 });
    expect(tally(await twentyAtOnce(license.key, 'over'))).toEqual({ '201': 12, NO_SEATS_AVAILABLE: 8 });
    const live = await liveOf(license.id);
    expect(new Set(live.map((a) => a.user_id)).size).toBe(12);
    expect(live.filter((a) => Number(a.over_count) === 1)).toHaveLength(2);
  }, 60_000);
});
