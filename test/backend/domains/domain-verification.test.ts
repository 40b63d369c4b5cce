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
  lastCheckedAt: string | null;
  record: { host: string; type: string; value: string };
}

describeEachDatabase('domains: add, unique, verify by DNS TXT against a real DNS server', (dialect) => {
  let dns: TestDnsServer;
  let service: TestService;
  let admin: ConsoleClient;

  beforeAll(async () => {
    dns = await startDnsServer();
    service = await startTestService(dialect, { dnsServer: dns.address });
    admin = new ConsoleClient(service.baseUrl);
    await admin.signUp('Globex', 'owner@globex.example', 'correct horse battery');
    expect((await admin.login('owner@globex.example', 'correct horse battery')).status).toBe(200);
  });
  afterAll(async () => {
    await service?.close();
    await dns?.close();
  });

  const domainStep = async () => {
    const res = await admin.get<{ steps: { key: string; state: string; missing: string[] }[] }>(
      '/api/console/integration',
    );
    return res.body.steps.find((s) => s.key === 'domains');
  };

  test('a new domain is normalised, unverified, and comes with the exact TXT record to publish', async () => {
    const name = uniqueDomain();
    const res = await admin.post<DomainBody>('/api/console/domains', { domain: `  ${name.toUpperCase()}. ` });
    expect(res.status).toBe(201);
    expect(res.body.domain).toBe(name);
    expect(res.body.verified).toBe(false);
    expect(res.body.record.host).toBe(`_latchkey-challenge.${name}`);
    expect(res.body.record.type).toBe('TXT');
    expect(res.body.record.value).toMatch(/^latchkey-domain-verification=[A-Za-z0-9_-]{32}$/);
  });

  test('verification fails with a reason until the record is published, then succeeds; a removed record is noticed', async () => {
    const added = (await admin.post<DomainBody>('/api/console/domains', { domain: uniqueDomain() })).body;
    expect((await domainStep())?.state).toBe('gray');

    const before = await admin.post<DomainBody>(`/api/console/domains/${added.id}/verify`);
    expect(before.status).toBe(200);
    expect(before.body.verified).toBe(false);
    expect(before.body.lastCheckError).toContain('no TXT record found');
    expect(before.body.lastCheckedAt).not.toBeNull();

    dns.setTxt(added.record.host, ['v=spf1 -all', added.record.value]);
    const after = await admin.post<DomainBody>(`/api/console/domains/${added.id}/verify`);
    expect(after.body.verified).toBe(true);
    expect(after.body.lastCheckError).toBeNull();

    dns.removeTxt(added.record.host);
    const recheck = await admin.post<DomainBody>(`/api/console/domains/${added.id}/verify`);
    expect(recheck.body.verified).toBe(false);
    expect(recheck.body.lastCheckError).toContain('no TXT record found');

    const audit = await admin.get<{ entries: { action: string; target: string }[] }>('/api/console/audit');
    const actions = audit.body.entries.filter((e) => e.target === added.domain).map((e) => e.action);
    expect(actions).toEqual(['domain.unverified', 'domain.verified', 'domain.added']);
  });

  test('a TXT record with another token, or a failing DNS server, does not verify and says why', async () => {
    const added = (await admin.post<DomainBody>('/api/console/domains', { domain: uniqueDomain() })).body;
    dns.setTxt(added.record.host, ['latchkey-domain-verification=someone-elses-token']);
    const wrong = await admin.post<DomainBody>(`/api/console/domains/${added.id}/verify`);
    expect(wrong.body.verified).toBe(false);
    expect(wrong.body.lastCheckError).toContain('different verification token');

    dns.failHost(added.record.host);
    const failing = await admin.post<DomainBody>(`/api/console/domains/${added.id}/verify`);
    expect(failing.body.verified).toBe(false);
    expect(failing.body.lastCheckError).toMatch(/DNS lookup .* failed \(ESERVFAIL\)/);
  });

  test('step 1 is green only when every domain of the account is verified', async () => {
    const owner = new ConsoleClient(service.baseUrl);
    await owner.signUp('Initech', 'owner@initech.example', 'correct horse battery');
    await owner.login('owner@initech.example', 'correct horse battery');
    const stepOf = async () =>
      (
        await owner.get<{ steps: { key: string; state: string }[] }>('/api/console/integration')
      ).body.steps.find((s) => s.key === 'domains')?.state;
    expect(await stepOf()).toBe('gray');
    const a = (await owner.post<DomainBody>('/api/console/domains', { domain: uniqueDomain('init') })).body;
    const b = (await owner.post<DomainBody>('/api/console/domains', { domain: uniqueDomain('init') })).body;
    dns.setTxt(a.record.host, [a.record.value]);
    await owner.post(`/api/console/domains/${a.id}/verify`);
    expect(await stepOf()).toBe('gray');
    dns.setTxt(b.record.host, [b.record.value]);
    await owner.post(`/api/console/domains/${b.id}/verify`);
    expect(await stepOf()).toBe('green');
    expect((await owner.delete(`/api/console/domains/${b.id}`)).status).toBe(204);
    expect(await stepOf()).toBe('green');
  });

  test('a verified domain is exclusive across all accounts: a second account gets a clear 409', async () => {
    const name = uniqueDomain('shared');
    const added = await admin.post<DomainBody>('/api/console/domains', { domain: name });
    expect(added.status).toBe(201);
    dns.setTxt(added.body.record.host, [added.body.record.value]);
    expect((await admin.post<DomainBody>(`/api/console/domains/${added.body.id}/verify`)).body.verified).toBe(
      true,
    );

    const again = await admin.post<{ error: { code: string } }>('/api/console/domains', { domain: name });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('domain_exists');

    const other = new ConsoleClient(service.baseUrl);
    await other.signUp('Hooli', 'owner@hooli.example', 'correct horse battery');
    await other.login('owner@hooli.example', 'correct horse battery');
    const taken = await other.post<{ error: { code: string; message: string; field: string } }>(
      '/api/console/domains',
      { domain: name.toUpperCase() },
    );
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'domain_taken', field: 'domain' });
    expect(taken.body.error.message).toContain('already verified by another account');
    const list = await other.get<{ domains: unknown[] }>('/api/console/domains');
    expect(list.body.domains).toEqual([]);
  });

  test('an IDN is stored as punycode, and its Unicode and ASCII spellings are the same domain', async () => {
    const unicode = `bücher-${Date.now().toString(36)}.example`;
    const res = await admin.post<DomainBody>('/api/console/domains', { domain: unicode });
    expect(res.status).toBe(201);
    expect(res.body.domain).toMatch(/^xn--bcher-.*\.example$/);
    const ascii = await admin.post<{ error: { code: string } }>('/api/console/domains', {
      domain: res.body.domain,
    });
    expect(ascii.status).toBe(409);
  });

  test('public mail domains and invalid names are refused with the reason', async () => {
    for (const [domain, reason] of [
      ['gmail.com', 'public email provider'],
      ['Outlook.com', 'public email provider'],
      ['user@example.com', 'not a bare domain'],
      ['localhost', 'no top-level domain'],
      ['10.0.0.1', 'IP address'],
      ['-bad-.example', 'not a valid domain'],
      ['https://example.com', 'not a bare domain'],
    ] as const) {
      const res = await admin.post<{ error: { code: string; message: string; field: string } }>(
        '/api/console/domains',
        { domain },
      );
      expect(res.status, domain).toBe(400);
      expect(res.body.error.code).toBe('invalid_domain');
      expect(res.body.error.field).toBe('domain');
      expect(res.body.error.message).toContain(reason);
    }
  });

  test("another account's domain cannot be verified or removed (404)", async () => {
    const mine = (await admin.post<DomainBody>('/api/console/domains', { domain: uniqueDomain() })).body;
    const intruder = new ConsoleClient(service.baseUrl);
    await intruder.signUp('Umbrella', 'owner@umbrella.example', 'correct horse battery');
    await intruder.login('owner@umbrella.example', 'correct horse battery');
    expect((await intruder.post(`/api/console/domains/${mine.id}/verify`)).status).toBe(404);
    expect((await intruder.delete(`/api/console/domains/${mine.id}`)).status).toBe(404);
    const still = await admin.get<{ domains: DomainBody[] }>('/api/console/domains');
    expect(still.body.domains.map((d) => d.id)).toContain(mine.id);
  });
});
