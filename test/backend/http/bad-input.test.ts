import { afterAll, beforeAll, expect, test } from 'vitest';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

interface ErrorBody {
  error: { code: string; message: string; field?: string; traceId?: string };
}

describeEachDatabase(
  'bad input gets a 4xx naming the problem, never a 500, and nothing half-written',
  (dialect) => {
    let service: TestService;
    let client: ConsoleClient;

    beforeAll(async () => {
      service = await startTestService(dialect, { env: { LATCHKEY_BODY_LIMIT_BYTES: '4096' } });
      client = new ConsoleClient(service.baseUrl);
      await client.signUp('Stark', 'owner@stark.example', 'correct horse battery');
      await client.login('owner@stark.example', 'correct horse battery');
    });
    afterAll(async () => service?.close());

    async function send(method: string, path: string, body: string, contentType = 'application/json') {
      const res = await client.raw(method, path, {
        body,
        headers: { 'content-type': contentType, 'x-csrf-token': await client.csrf() },
      });
      return res as { status: number; body: ErrorBody };
    }

    test('invalid JSON → 400 invalid_json', async () => {
      const res = await send('PUT', '/api/console/integration/groups', '{"adminsGroup": {');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_json');
    });

    test('wrong types → 400 naming the field', async () => {
      const res = await client.put<ErrorBody>('/api/console/integration/steps/scim', { done: 'yes' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_input', field: 'done' });
    });

    test('unknown fields → 400 naming the field', async () => {
      const res = await client.put<ErrorBody>('/api/console/integration/groups', {
        adminsGroup: { name: 'A', id: '1', colour: 'red' },
        desktopUsersGroup: { name: 'D', id: '2' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe('adminsGroup.colour');
      expect(res.body.error.message).toContain('unknown field "colour"');
      const top = await client.post<ErrorBody>('/api/console/domains', {
        domain: 'x.example',
        isAdmin: true,
      });
      expect(top.body.error.field).toBe('isAdmin');
    });

    test('a missing body → 400 saying a JSON body is required', async () => {
      const res = await client.put<ErrorBody>('/api/console/integration/groups');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('JSON body is required');
    });

    test('an oversized body → 413', async () => {
      const res = await send('POST', '/api/console/domains', JSON.stringify({ domain: 'a'.repeat(10_000) }));
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('body_too_large');
    });

    test('a wrong content type → 415', async () => {
      const res = await send(
        'POST',
        '/api/console/domains',
        'domain=x.example',
        'application/x-www-form-urlencoded',
      );
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe('unsupported_media_type');
    });

    test('a state-changing request without the CSRF token → 403 and no change', async () => {
      const res = await client.raw('POST', '/api/console/domains', {
        body: JSON.stringify({ domain: 'csrf-victim.example' }),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(403);
      expect((res.body as ErrorBody).error.code).toBe('csrf_invalid');
      const list = await client.get<{ domains: { domain: string }[] }>('/api/console/domains');
      expect(list.body.domains.map((d) => d.domain)).not.toContain('csrf-victim.example');
    });

    test('console routes without a session → 401; unknown routes → 404 in the same JSON format', async () => {
      const anon = new ConsoleClient(service.baseUrl);
      const res = await anon.get<ErrorBody>('/api/console/integration');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('not_signed_in');
      const missing = await anon.get<ErrorBody>('/api/console/nope');
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
      const badId = await client.post<ErrorBody>('/api/console/domains/not-a-uuid/verify');
      expect(badId.status).toBe(400);
      expect(badId.body.error.field).toBe('id');
    });

    test('a refused change leaves everything as it was (no half-written IdP settings)', async () => {
      const before = await client.get<{ idp: unknown }>('/api/console/integration');
      const res = await client.put<ErrorBody>('/api/console/integration/idp', {
        entityId: 'https://idp.example',
        ssoUrl: 'https://idp.example/sso',
        certificates: ['not a certificate'],
      });
      expect(res.status).toBe(400);
      const after = await client.get<{ idp: unknown }>('/api/console/integration');
      expect(after.body.idp).toEqual(before.body.idp);
    });

    test('a weak password or a malformed email at sign-up → 400 naming the field; no account is created', async () => {
      const anon = new ConsoleClient(service.baseUrl);
      const weak = await anon.post<ErrorBody>('/api/console/signup', {
        name: 'Weak',
        ownerEmail: 'owner@weak.example',
        ownerPassword: 'short',
      });
      expect(weak.status).toBe(400);
      expect(weak.body.error.field).toBe('ownerPassword');
      const email = await anon.post<ErrorBody>('/api/console/signup', {
        name: 'Weak',
        ownerEmail: 'not-an-email',
        ownerPassword: 'long enough password',
      });
      expect(email.body.error.field).toBe('ownerEmail');
      expect((await anon.login('owner@weak.example', 'short')).status).toBe(401);
    });

    test('a failed login reveals nothing about whether the email exists', async () => {
      const anon = new ConsoleClient(service.baseUrl);
      const unknown = await anon.login('nobody@stark.example', 'whatever password');
      const wrong = await anon.login('owner@stark.example', 'whatever password');
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
    });

    test('password sign-in is rate limited per IP and email: the 11th attempt in 15 minutes → 429', async () => {
      const c = new ConsoleClient(service.baseUrl);
      for (let i = 0; i < 10; i++)
        expect((await c.login('target@stark.example', `wrong password ${i}`)).status).toBe(401);
      const limited = await c.login('target@stark.example', 'wrong password again');
      expect(limited.status).toBe(429);
      expect((limited.body as unknown as ErrorBody).error.code).toBe('rate_limited');
      // another email from the same address is not locked out
      expect((await c.login('owner@stark.example', 'correct horse battery')).status).toBe(200);
    });

    test('logout ends the session', async () => {
      const c = new ConsoleClient(service.baseUrl);
      await c.login('owner@stark.example', 'correct horse battery');
      expect((await c.get('/api/console/me')).status).toBe(200);
      expect((await c.post('/api/console/logout')).status).toBe(204);
      expect((await c.get('/api/console/me')).status).toBe(401);
    });

    test('the session cookie is httpOnly and SameSite=Lax', async () => {
      const c = new ConsoleClient(service.baseUrl);
      const res = await c.login('owner@stark.example', 'correct horse battery');
      const cookie = res.headers.getSetCookie().find((h) => h.startsWith('lk_session='));
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).not.toMatch(/Secure/i); // plain http on loopback; https public URLs get Secure
    });
  },
);
