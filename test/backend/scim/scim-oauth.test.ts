// SCIM sign-in by OAuth 2.0 client credentials (issue 11 item 9, RFC 6749
// §4.4): a client id with several live secrets for rotation, one-hour access
// tokens, all stored as hashes; created in step 5 of the console.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Clock } from '../../../backend/clock.ts';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

type Client = { clientId: string; clientSecret: string; secretId: string; tokenUrl: string };
type TokenResponse = { access_token: string; token_type: string; expires_in: number; error?: string };

describeEachDatabase('SCIM OAuth 2.0 client credentials', (dialect) => {
  let service: TestService;
  let now = Date.parse('2030-01-01T00:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  beforeAll(async () => {
    service = await startTestService(dialect, { clock });
  });
  afterAll(async () => service?.close());

  async function setup() {
    const a = await createScimAccount(service.baseUrl, 'oauth');
    const created = await a.console.post<Client>('/api/console/scim-clients', { label: 'Entra gallery app' });
    expect(created.status).toBe(201);
    return { ...a, client: created.body };
  }
  const basic = (id: string, secret: string) =>
    `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  async function token(url: string, form: Record<string, string>, authorization?: string) {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(authorization && { authorization }),
      },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as TokenResponse };
  }

  test('client_secret_basic and client_secret_post both get a one-hour bearer token that works for SCIM', async () => {
    const a = await setup();
    expect(a.client.tokenUrl).toBe(`${service.baseUrl}/scim/oauth/token`);
    const viaBasic = await token(
      a.client.tokenUrl,
      { grant_type: 'client_credentials' },
      basic(a.client.clientId, a.client.clientSecret),
    );
    expect(viaBasic.status).toBe(200);
    expect(viaBasic.headers.get('cache-control')).toBe('no-store');
    expect(viaBasic.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const viaPost = await token(a.client.tokenUrl, {
      grant_type: 'client_credentials',
      client_id: a.client.clientId,
      client_secret: a.client.clientSecret,
    });
    expect(viaPost.status).toBe(200);
    const scim = scimClient(a.scimUrl, viaPost.body.access_token);
    const created = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'oauth@corp.example',
    });
    expect(created.status).toBe(201);
    const audit = await a.console.get<{ entries: { action: string; actor: string }[] }>('/api/console/audit');
    expect(audit.body.entries.find((e) => e.action === 'scim.user_created')?.actor).toBe(
      `scim-client:${a.client.clientId}`,
    );
    // One hour later the token no longer works; a new one does.
    now += 3600_000;
    expect((await scim('GET', '/Users')).status).toBe(401);
    const fresh = await token(a.client.tokenUrl, {
      grant_type: 'client_credentials',
      client_id: a.client.clientId,
      client_secret: a.client.clientSecret,
    });
    expect((await scimClient(a.scimUrl, fresh.body.access_token)('GET', '/Users')).status).toBe(200);
  });

  test('wrong secret, unknown client, wrong grant or no grant → the RFC 6749 §5.2 errors', async () => {
    const a = await setup();
    const wrong = await token(
      a.client.tokenUrl,
      { grant_type: 'client_credentials' },
      basic(a.client.clientId, 'x'),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /);
    const unknown = await token(a.client.tokenUrl, {
      grant_type: 'client_credentials',
      client_id: 'lksc_nobody',
      client_secret: a.client.clientSecret,
    });
    expect(unknown).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
    const grant = await token(
      a.client.tokenUrl,
      { grant_type: 'password' },
      basic(a.client.clientId, a.client.clientSecret),
    );
    expect(grant).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    const none = await token(a.client.tokenUrl, {}, basic(a.client.clientId, a.client.clientSecret));
    expect(none).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  test('rotation: a second secret works beside the first; revoking the first ends it and its tokens', async () => {
    const a = await setup();
    const issue = (secret: string) =>
      token(a.client.tokenUrl, { grant_type: 'client_credentials' }, basic(a.client.clientId, secret));
    const oldToken = (await issue(a.client.clientSecret)).body.access_token;
    const second = await a.console.post<{ secretId: string; clientSecret: string }>(
      `/api/console/scim-clients/${a.client.clientId}/secrets`,
      {},
    );
    expect(second.status).toBe(201);
    expect((await issue(second.body.clientSecret)).status).toBe(200);
    expect((await issue(a.client.clientSecret)).status).toBe(200);
    const revoked = await a.console.delete(
      `/api/console/scim-clients/${a.client.clientId}/secrets/${a.client.secretId}`,
    );
    expect(revoked.status).toBe(204);
    expect((await issue(a.client.clientSecret)).status).toBe(401);
    expect((await scimClient(a.scimUrl, oldToken)('GET', '/Users')).status).toBe(401);
    const newToken = (await issue(second.body.clientSecret)).body.access_token;
    expect((await scimClient(a.scimUrl, newToken)('GET', '/Users')).status).toBe(200);

    const listed = await a.console.get<{
      clients: { clientId: string; secrets: { revokedAt: string | null }[] }[];
    }>('/api/console/scim-clients');
    expect(listed.body.clients[0]?.secrets.map((s) => s.revokedAt !== null)).toEqual([true, false]);
    expect(JSON.stringify(listed.body)).not.toContain(second.body.clientSecret);

    expect((await a.console.delete(`/api/console/scim-clients/${a.client.clientId}`)).status).toBe(204);
    expect((await scimClient(a.scimUrl, newToken)('GET', '/Users')).status).toBe(401);
    expect((await issue(second.body.clientSecret)).status).toBe(401);
  });

  test('the database holds hashes only: no secret or access token in clear', async () => {
    const a = await setup();
    const issued = await token(
      a.client.tokenUrl,
      { grant_type: 'client_credentials' },
      basic(a.client.clientId, a.client.clientSecret),
    );
    const { db } = service.deps.database;
    const stored = JSON.stringify([
      await db.selectFrom('scim_client_secrets').selectAll().execute(),
      await db.selectFrom('scim_access_tokens').selectAll().execute(),
      await db.selectFrom('audit_log').selectAll().execute(),
    ]);
    expect(stored).not.toContain(a.client.clientSecret);
    expect(stored).not.toContain(issued.body.access_token);
  });

  test('a live OAuth client makes step 5 green like a token does', async () => {
    const a = await setup();
    const tokens = await a.console.get<{ tokens: { id: string }[] }>('/api/console/scim-tokens');
    for (const t of tokens.body.tokens) await a.console.delete(`/api/console/scim-tokens/${t.id}`);
    const integration = await a.console.get<{ steps: { key: string; missing: string[] }[] }>(
      '/api/console/integration',
    );
    expect(integration.body.steps.find((st) => st.key === 'scim')?.missing).not.toContain('a SCIM token');
    await a.console.delete(`/api/console/scim-clients/${a.client.clientId}`);
    const without = await a.console.get<{ steps: { key: string; missing: string[] }[] }>(
      '/api/console/integration',
    );
    expect(without.body.steps.find((st) => st.key === 'scim')?.missing).toContain('a SCIM token');
    const refusal = await fetch(`${a.scimUrl}/Users`, { headers: { authorization: 'Bearer lksa_unknown' } });
    expect(refusal.status).toBe(401);
  });
});
