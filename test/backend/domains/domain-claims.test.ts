// Domain claims (issue 10 item 7): anyone may sign up, so an unverified claim
// must not block a domain for its real owner. Several accounts may hold
// pending claims; only a verified claim is exclusive, and verifying one voids
// the others' pending claims, with an audit entry in each account.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ConsoleClient, uniqueDomain } from '../../../devtools/console-client.ts';
import { startDnsServer, type TestDnsServer } from '../../../devtools/dns-server.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

interface DomainBody {
  id: string;
  domain: string;
  verified: boolean;
  lastCheckError: string | null;
  record: { host: string; value: string };
}
type ErrorBody = { error: { code: string; message: string } };
type AuditBody = { entries: { action: string; target: string; detail: Record<string, unknown> | null }[] };

describeEachDatabase('domain claims: pending claims coexist, a verified one is exclusive', (dialect) => {
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

  async function account(label: string): Promise<ConsoleClient> {
    n += 1;
    const client = new ConsoleClient(service.baseUrl);
    const email = `owner-${n}@${label}.example`;
    await client.signUp(`${label} ${n}`, email, 'correct horse battery');
    expect((await client.login(email, 'correct horse battery')).status).toBe(200);
    return client;
  }

  test("a squatter's unverified claim does not block the owner, whose verification voids it (audited in both accounts)", async () => {
    const name = uniqueDomain('claimed');
    const squatter = await account('squat');
    const owner = await account('owner');
    const squat = await squatter.post<DomainBody>('/api/console/domains', { domain: name });
    expect(squat.status).toBe(201);
    const claim = await owner.post<DomainBody>('/api/console/domains', { domain: name });
    expect(claim.status).toBe(201);
    expect(claim.body.record.value).not.toBe(squat.body.record.value);

    dns.setTxt(claim.body.record.host, [claim.body.record.value]);
    const verified = await owner.post<DomainBody>(`/api/console/domains/${claim.body.id}/verify`);
    expect(verified.status).toBe(200);
    expect(verified.body.verified).toBe(true);

    expect((await squatter.get<{ domains: DomainBody[] }>('/api/console/domains')).body.domains).toEqual([]);
    const squatAudit = (await squatter.get<AuditBody>('/api/console/audit')).body.entries;
    expect(squatAudit.find((e) => e.target === name)).toMatchObject({ action: 'domain.claim_voided' });
    const ownerAudit = (await owner.get<AuditBody>('/api/console/audit')).body.entries;
    expect(ownerAudit.filter((e) => e.target === name).map((e) => e.action)).toEqual(
      expect.arrayContaining(['domain.verified', 'domain.claims_voided']),
    );

    // Now the domain is taken: nobody else may claim it.
    const again = await squatter.post<ErrorBody>('/api/console/domains', { domain: name });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('domain_taken');
  });

  test('two accounts verifying one domain at once: exactly one gets it, the other a 409, never a 500', async () => {
    const name = uniqueDomain('race');
    const a = await account('race-a');
    const b = await account('race-b');
    const claimA = (await a.post<DomainBody>('/api/console/domains', { domain: name })).body;
    const claimB = (await b.post<DomainBody>('/api/console/domains', { domain: name })).body;
    // Both publish their token (one TXT record set holds both values).
    dns.setTxt(claimA.record.host, [claimA.record.value, claimB.record.value]);
    const results = await Promise.all([
      a.post<DomainBody | ErrorBody>(`/api/console/domains/${claimA.id}/verify`),
      b.post<DomainBody | ErrorBody>(`/api/console/domains/${claimB.id}/verify`),
    ]);
    const statuses = results.map((r) => r.status).sort();
    // The loser either meets the verified claim (409 domain_taken) or, when the winner finished
    // first, finds its own pending claim already voided by that verification (404): never a 500.
    expect(statuses[0]).toBe(200);
    expect([404, 409]).toContain(statuses[1]);
    const winner = results.find((r) => r.status === 200)?.body as DomainBody;
    expect(winner.verified).toBe(true);
    const loser = results.find((r) => r.status === 409)?.body as ErrorBody | undefined;
    if (loser) expect(loser.error.code).toBe('domain_taken');
    const lists = await Promise.all(
      [a, b].map((c) => c.get<{ domains: DomainBody[] }>('/api/console/domains')),
    );
    expect(lists.flatMap((l) => l.body.domains).filter((d) => d.domain === name)).toEqual([
      expect.objectContaining({ verified: true }),
    ]);
  });
});
