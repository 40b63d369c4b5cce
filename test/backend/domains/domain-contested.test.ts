// Step 1 (issue 22 item 8): adding a domain another account has added but not
// verified is allowed (verification decides), and the console says so: the
// add and list answers flag the domain without naming the other account. If
// the other account verifies first, this account sees that it lost the claim.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ConsoleClient, uniqueDomain } from '../../../devtools/console-client.ts';
import { startDnsServer, type TestDnsServer } from '../../../devtools/dns-server.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

interface DomainBody {
  id: string;
  domain: string;
  verified: boolean;
  claimedElsewhere: boolean;
  record: { host: string; value: string };
}
interface ListBody {
  domains: DomainBody[];
  lostClaims: { domain: string; lostAt: string }[];
}

describeEachDatabase('a domain another account has added: flagged, and the loser told', (dialect) => {
  let dns: TestDnsServer;
  let service: TestService;
  let n = 0;

  beforeAll(async () => {
    dns = await startDnsServer();
    service = await startTestService(dialect, { dnsServer: dns.address });
  });
  afterAll(async () => {
    await service?.close();
    await dns?.close();
  });

  async function account(label: string): Promise<{ client: ConsoleClient; name: string }> {
    n += 1;
    const client = new ConsoleClient(service.baseUrl);
    const email = `owner-${n}@${label}.example`;
    const name = `${label} ${n} Holdings`;
    await client.signUp(name, email, 'correct horse battery');
    expect((await client.login(email, 'correct horse battery')).status).toBe(200);
    return { client, name };
  }

  test('the second account to add a domain gets it flagged (add and list), without the first account named', async () => {
    const domain = uniqueDomain('shared');
    const first = await account('first');
    const second = await account('second');
    const a = await first.client.post<DomainBody>('/api/console/domains', { domain });
    expect(a.body.claimedElsewhere).toBe(false);
    const b = await second.client.post<DomainBody>('/api/console/domains', { domain });
    expect(b.status).toBe(201);
    expect(b.body.claimedElsewhere).toBe(true);
    const secondList = (await second.client.get<ListBody>('/api/console/domains')).body;
    expect(secondList.domains.find((d) => d.domain === domain)?.claimedElsewhere).toBe(true);
    expect(JSON.stringify(secondList)).not.toContain(first.name);
    // The first account now sees the same: someone else has added it too.
    const firstList = (await first.client.get<ListBody>('/api/console/domains')).body;
    expect(firstList.domains.find((d) => d.domain === domain)?.claimedElsewhere).toBe(true);
    // A domain nobody else added carries no flag.
    const own = await first.client.post<DomainBody>('/api/console/domains', { domain: uniqueDomain('own') });
    expect(own.body.claimedElsewhere).toBe(false);
  });

  test('when the other account verifies first, the winner is unflagged and the loser sees the lost claim', async () => {
    const domain = uniqueDomain('contest');
    const loser = await account('loser');
    const winner = await account('winner');
    await loser.client.post<DomainBody>('/api/console/domains', { domain });
    const claim = (await winner.client.post<DomainBody>('/api/console/domains', { domain })).body;
    dns.setTxt(claim.record.host, [claim.record.value]);
    const verified = await winner.client.post<DomainBody>(`/api/console/domains/${claim.id}/verify`);
    expect(verified.body).toMatchObject({ verified: true, claimedElsewhere: false });

    const lost = (await loser.client.get<ListBody>('/api/console/domains')).body;
    expect(lost.domains.filter((d) => d.domain === domain)).toEqual([]);
    expect(lost.lostClaims).toEqual([{ domain, lostAt: expect.any(String) }]);
    expect(JSON.stringify(lost)).not.toContain(winner.name);
    expect((await winner.client.get<ListBody>('/api/console/domains')).body.lostClaims).toEqual([]);
  });
});
