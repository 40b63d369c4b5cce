// The limits on unauthenticated work (issue 10, items 5 and 6): counted in the
// database so every node shares them, per client IP as a trusted proxy reports
// it, and applied before any password hash is computed.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { RunningService } from '../../../backend/server.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { testDialects, type TestDialect } from '../../support/databases.ts';
import { startTestNodes, type TestNodes } from '../../support/service-nodes.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const ownerEmail = 'owner@limits.example';
const ownerPassword = 'correct horse battery';
const sqlite = testDialects.find((d) => d.name === 'sqlite') as TestDialect;

/** A password sign-in, optionally as if relayed by a proxy that names the client in X-Forwarded-For. */
async function login(baseUrl: string, email: string, password: string, forwardedFor?: string) {
  const client = new ConsoleClient(baseUrl);
  const token = await client.csrf();
  const res = await client.raw('POST', '/api/console/login', {
    headers: {
      'x-csrf-token': token,
      'content-type': 'application/json',
      ...(forwardedFor !== undefined && { 'x-forwarded-for': forwardedFor }),
    },
    body: JSON.stringify({ email, password }),
  });
  return {
    status: res.status,
    code: (res.body as { error?: { code?: string } }).error?.code,
    headers: res.headers,
  };
}

/**
 * The limits count in fixed 15-minute windows: a clock frozen in the middle of one, so a run that
 * crosses a window's end on the wall clock does not start counting again half-way (it did, in CI).
 */
function midWindowClock() {
  const midWindow = new Date(Math.floor(Date.now() / 900_000) * 900_000 + 450_000);
  return { now: () => new Date(midWindow) };
}

describeEachDatabase('rate limits shared by the nodes of one database', (dialect) => {
  let cluster: TestNodes;
  const first = () => cluster.nodes[0] as RunningService;
  beforeAll(async () => {
    cluster = await startTestNodes(dialect, 2, {}, midWindowClock());
    await new ConsoleClient(first().url).signUp('Limits', ownerEmail, ownerPassword);
  });
  afterAll(async () => cluster?.close());

  test('the 11th wrong password, sent across two nodes, is refused with 429 and Retry-After', async () => {
    const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
    for (let i = 0; i < 10; i++) {
      expect((await login(i % 2 ? b : a, ownerEmail, `wrong password ${i}`)).status).toBe(401);
    }
    const eleventh = await login(a, ownerEmail, 'wrong password 10');
    expect(eleventh.status).toBe(429);
    expect(eleventh.code).toBe('rate_limited');
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(0);
    // Not even the right password gets through the other node now: guessing stays slow.
    expect((await login(b, ownerEmail, ownerPassword)).status).toBe(429);
  });

  test('key activations are counted across the nodes too: the 21st from one client is refused', async () => {
    const db = first().deps.database.db;
    const account = await db.selectFrom('accounts').select('id').executeTakeFirstOrThrow();
    await addLicense(
      db,
      first().deps.clock,
      { accountId: account.id, edition: 'business', seats: 1, deviceLimit: 1, expiresAt: '2099-01-01' },
      'test',
    );
    const activate = (url: string) =>
      fetch(`${url}/api/v1/activations/by-key`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          licenseKey: 'LK-AAAAA-AAAAA-AAAAA-AAAAA',
          email: 'someone@limits.example',
          deviceId: 'limits-device-0123456789',
          deviceName: 'PC',
          os: 'Linux',
          appVersion: '1.0.0',
        }),
      }).then((r) => r.status);
    const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
    for (let i = 0; i < 20; i++) expect(await activate(i % 2 ? b : a)).not.toBe(429);
    expect(await activate(a)).toBe(429);
    expect(await activate(b)).toBe(429);
  });
});

describe('the client IP behind a proxy', () => {
  let service: TestService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });
  const start = async (trustProxy: string) => {
    // 3 attempts per IP and email: fewer password hashes for the same proof.
    service = await startTestService(sqlite, {
      clock: midWindowClock(),
      env: { LATCHKEY_TRUST_PROXY: trustProxy, LATCHKEY_LOGIN_ATTEMPTS_PER_15_MIN: '3' },
    });
    await new ConsoleClient(service.baseUrl).signUp('Proxied', ownerEmail, ownerPassword);
    return service.baseUrl;
  };

  test("behind a trusted proxy, X-Forwarded-For separates clients: an attacker's wrong passwords do not lock the owner out", async () => {
    const url = await start('127.0.0.1');
    for (let i = 0; i < 3; i++)
      expect((await login(url, ownerEmail, `guess ${i}`, '203.0.113.7')).status).toBe(401);
    expect((await login(url, ownerEmail, 'guess 3', '203.0.113.7')).status).toBe(429);
    expect((await login(url, ownerEmail, ownerPassword, '198.51.100.2')).status).toBe(200);
  });

  test('with a hop count, addresses a client prepends to X-Forwarded-For do not make it a new client', async () => {
    const url = await start('1');
    for (let i = 0; i < 3; i++)
      expect((await login(url, ownerEmail, `guess ${i}`, `10.9.9.${i}, 203.0.113.7`)).status).toBe(401);
    expect((await login(url, ownerEmail, 'guess 3', '10.9.9.99, 203.0.113.7')).status).toBe(429);
  });

  test('X-Forwarded-For from a peer that is not a trusted proxy is ignored', async () => {
    const url = await start('10.0.0.0/8');
    for (let i = 0; i < 3; i++)
      expect((await login(url, ownerEmail, `guess ${i}`, `198.51.100.${i}`)).status).toBe(401);
    expect((await login(url, ownerEmail, 'guess 3', '198.51.100.200')).status).toBe(429);
  });
});

describe('sign-ins with unknown emails are limited per client before any hash is computed', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(sqlite, {
      clock: midWindowClock(),
      env: { LATCHKEY_LOGIN_ATTEMPTS_PER_15_MIN: '2' },
    });
  });
  afterAll(async () => service?.close());

  test('one client trying a new unknown email each time is refused after 3× the per-email limit', async () => {
    for (let i = 0; i < 6; i++) {
      expect((await login(service.baseUrl, `nobody-${i}@limits.example`, 'some password')).status).toBe(401);
    }
    const seventh = await login(service.baseUrl, 'nobody-6@limits.example', 'some password');
    expect(seventh.status).toBe(429);
    expect(seventh.code).toBe('rate_limited');
  });
});
