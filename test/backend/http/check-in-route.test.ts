// The check-in route's lean path (issue 27 item 3): its id is checked by the
// route's compiled schema and its answer written by a compiled serialiser, and
// the hooks every other route runs (console session, CSRF cookie, the
// authorization server's middleware) do not run for it. Each check those
// steps did is still enforced here, on both databases: a bad or NUL id is a
// 400 in the API's own format, a body is still bounded and must be JSON, a
// refusal keeps its catalog body and its activation-log row, and the answer
// carries the lease and nothing else.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

type ErrorBody = { error: { code: string; message: string; field?: string; reference?: string } };

describeEachDatabase('the check-in route keeps every check on its lean path', (dialect) => {
  let service: TestService;
  let activationId: string;
  let secret: string;
  let key: string;

  beforeAll(async () => {
    service = await startTestService(dialect, { env: { LATCHKEY_BODY_LIMIT_BYTES: '4096' } });
    const owner = new ConsoleClient(service.baseUrl);
    const accountId = await owner.signUp('Lean Shop', 'owner@lean.example', 'correct horse battery');
    ({ key } = await addLicense(
      service.deps.database.db,
      service.deps.clock,
      { accountId, edition: 'business', seats: 2, deviceLimit: 2, expiresAt: '2099-01-01' },
      'test',
    ));
    ({ activationId, activationSecret: secret } = await activate(
      'ann@lean.example',
      'lean-device-0123456789',
    ));
  });
  afterAll(async () => service?.close());

  async function activate(email: string, deviceId: string) {
    const res = await fetch(`${service.baseUrl}/api/v1/activations/by-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        licenseKey: key,
        email,
        deviceId,
        deviceName: 'PC',
        os: 'Windows 11',
        appVersion: '1.0.0',
      }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { activationId: string; activationSecret: string };
  }

  const checkIn = async (id: string, init: RequestInit = {}, token = secret) => {
    const res = await fetch(`${service.baseUrl}/api/v1/activations/${id}/check-in`, {
      method: 'POST',
      ...init,
      headers: { authorization: `Bearer ${token}`, ...init.headers },
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
  };

  test('a check-in answers the lease and nothing more, as JSON', async () => {
    const res = await checkIn(activationId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(res.body as object).sort()).toEqual(['activationId', 'leaseExpiresAt', 'license']);
    expect(res.body).toMatchObject({ activationId, license: expect.stringMatching(/^ey/) as unknown });
  });

  test('an id that is not a UUID, or holds a NUL, is a 400 naming the id in the API format, never a 500', async () => {
    for (const id of ['not-a-uuid', '%00', `${activationId.slice(0, -1)}%00`]) {
      const res = await checkIn(id);
      expect(res.status, id).toBe(400);
      expect((res.body as ErrorBody).error, id).toMatchObject({ code: 'invalid_input', field: 'id' });
    }
  });

  test('a body on a check-in is still bounded and must be JSON', async () => {
    const big = await checkIn(activationId, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(8192) }),
    });
    expect(big.status).toBe(413);
    expect((big.body as ErrorBody).error.code).toBe('body_too_large');
    const text = await checkIn(activationId, { headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    expect((text.body as ErrorBody).error.code).toBe('unsupported_media_type');
  });

  test('a refused check-in keeps its catalog body (not cut to the lease shape) and its activation-log row', async () => {
    const before = await service.deps.database.db
      .selectFrom('activation_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('stage', '=', 'check-in')
      .where('outcome', '=', 'failure')
      .executeTakeFirstOrThrow();
    // A device given back (deactivated) and then checking in: refused with the catalog's code.
    const bob = await activate('bob@lean.example', 'lean-device-bob-0123456789');
    const gone = await fetch(`${service.baseUrl}/api/v1/activations/${bob.activationId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${bob.activationSecret}` },
    });
    expect(gone.status).toBe(204);
    const res = await checkIn(bob.activationId, {}, bob.activationSecret);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const { error } = res.body as ErrorBody;
    expect(error.code).toMatch(/^[A-Z_]+$/);
    expect(error.message).toBeTruthy();
    expect(error.reference).toBeTruthy();
    const after = await service.deps.database.db
      .selectFrom('activation_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('stage', '=', 'check-in')
      .where('outcome', '=', 'failure')
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
  });

  test('a console session cookie on a check-in neither helps nor hurts: the device secret decides', async () => {
    const withCookie = await checkIn(activationId, { headers: { cookie: 'lk_session=forged; _csrf=x' } });
    expect(withCookie.status).toBe(200);
    const cookieOnly = await fetch(`${service.baseUrl}/api/v1/activations/${activationId}/check-in`, {
      method: 'POST',
      headers: { cookie: 'lk_session=forged' },
    });
    expect(cookieOnly.status).toBe(401);
  });
});
