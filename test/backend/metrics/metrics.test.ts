import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../../backend/config.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { testDialects } from '../../support/databases.ts';
import { startTestService, type TestService } from '../../support/service.ts';

const sqlite = testDialects.find((d) => d.name === 'sqlite');
const token = 'metrics-token-0123456789abcdef';
type Issued = { activationId: string; activationSecret: string };

async function start(env: Record<string, string> = {}): Promise<TestService> {
  if (!sqlite) throw new Error('no sqlite dialect');
  return startTestService(sqlite, { env });
}

const scrape = (url: string, bearer?: string) =>
  fetch(`${url}/metrics`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

/** The value of one series, e.g. series(text, 'latchkey_check_ins_total{outcome="success",code="none"}'). */
function series(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

test('metrics are off by default: /metrics is 404', async () => {
  const service = await start();
  try {
    expect((await scrape(service.baseUrl, token)).status).toBe(404);
  } finally {
    await service.close();
  }
});

test('metrics on without a token, or with a short one, is a configuration error', () => {
  expect(() => loadConfig({ LATCHKEY_METRICS: '1' })).toThrow(/LATCHKEY_METRICS_TOKEN/);
  expect(() => loadConfig({ LATCHKEY_METRICS_PORT: '9464' })).toThrow(/LATCHKEY_METRICS_TOKEN/);
  expect(() => loadConfig({ LATCHKEY_METRICS: '1', LATCHKEY_METRICS_TOKEN: 'short' })).toThrow(/16/);
});

describe('metrics on (LATCHKEY_METRICS=1)', () => {
  let service: TestService;
  let accountId: string;
  let key: string;
  beforeAll(async () => {
    service = await start({ LATCHKEY_METRICS: '1', LATCHKEY_METRICS_TOKEN: token });
    accountId = await new ConsoleClient(service.baseUrl).signUp(
      'Metered',
      'owner@metered.example',
      'correct horse battery',
    );
    key = (
      await addLicense(
        service.deps.database.db,
        service.deps.clock,
        { accountId, edition: 'business', seats: 1, deviceLimit: 1, expiresAt: '2099-01-01' },
        'test',
      )
    ).key;
  });
  afterAll(async () => service?.close());

  const api = async (path: string, body?: unknown, bearer?: string) => {
    const res = await fetch(`${service.baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: {
        ...(bearer && { authorization: `Bearer ${bearer}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Issued };
  };
  const device = (n: string) => ({
    deviceId: `metered-device-${n}-0123456789`,
    deviceName: `PC ${n}`,
    os: 'Linux',
    appVersion: '1.0.0',
  });

  test('never without the token: 401 with none or a wrong one', async () => {
    expect((await scrape(service.baseUrl)).status).toBe(401);
    expect((await scrape(service.baseUrl, `${token}x`)).status).toBe(401);
    expect((await scrape(service.baseUrl, 'x')).status).toBe(401);
  });

  test('requests by route and status, activations and check-ins by outcome, ACS and SCIM outcomes, DB latency, the verify queue', async () => {
    const ok = await api('/activations/by-key', {
      licenseKey: key,
      email: 'ann@metered.example',
      ...device('a'),
    });
    expect(ok.status).toBe(201);
    const full = await api('/activations/by-key', {
      licenseKey: key,
      email: 'bob@metered.example',
      ...device('b'),
    });
    expect(full.status).toBe(403);
    const checkIn = await api(
      `/activations/${ok.body.activationId}/check-in`,
      undefined,
      ok.body.activationSecret,
    );
    expect(checkIn.status).toBe(200);
    const acs = await fetch(`${service.baseUrl}/saml/${accountId}/acs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'SAMLResponse=bm90IFhNTA%3D%3D',
    });
    expect(acs.status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${service.baseUrl}/scim/v2/Users`)).status).toBe(401);

    const res = await scrape(service.baseUrl, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(
      series(
        text,
        'latchkey_http_requests_total{method="POST",route="/api/v1/activations/by-key",status="201"}',
      ),
    ).toBe(1);
    expect(
      series(
        text,
        'latchkey_http_requests_total{method="POST",route="/api/v1/activations/:id/check-in",status="200"}',
      ),
    ).toBe(1);
    expect(text).not.toContain(ok.body.activationId);
    expect(series(text, 'latchkey_activations_total{outcome="success",code="none"}')).toBe(1);
    expect(series(text, 'latchkey_activations_total{outcome="failure",code="NO_SEATS_AVAILABLE"}')).toBe(1);
    expect(series(text, 'latchkey_check_ins_total{outcome="success",code="none"}')).toBe(1);
    expect(text).toMatch(/^latchkey_saml_acs_outcomes_total\{outcome="failure",code="[A-Z_]+"\} 1$/m);
    expect(series(text, 'latchkey_scim_operations_total{method="GET",resource="Users",status="401"}')).toBe(
      1,
    );
    expect(
      series(text, 'latchkey_db_query_duration_seconds_count{dialect="sqlite",statement="insert"}'),
    ).toBeGreaterThan(0);
    expect(series(text, 'latchkey_saml_verify_queue_length')).toBe(0);
    expect(text).toContain('latchkey_database_fault');
  });
});

test('on a port of its own (LATCHKEY_METRICS_PORT): served there with the token, not on the service port', async () => {
  const service = await start({ LATCHKEY_METRICS_PORT: '0', LATCHKEY_METRICS_TOKEN: token });
  try {
    expect(service.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const url = service.metricsUrl ?? '';
    expect(url).not.toBe(service.baseUrl);
    expect((await scrape(service.baseUrl, token)).status).toBe(404);
    expect((await scrape(url)).status).toBe(401);
    const res = await scrape(url, token);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('latchkey_http_requests_total');
  } finally {
    await service.close();
  }
});
