// Step 5 (issue 15): a Bearer Token or Client Secret is shown once; afterwards
// the console lists it by its last four characters, so an admin with two live
// tokens can tell which one the IdP holds. The service keeps those four
// characters and the SHA-256 hash, and nothing more of the token.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createScimAccount } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

interface TokenView {
  id: string;
  label: string;
  lastCharacters: string | null;
}
interface SecretView {
  id: string;
  lastCharacters: string | null;
}

describeEachDatabase('SCIM tokens and client secrets listed by their last characters', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  test('a Bearer Token shown once is listed afterwards by exactly its last 4 characters', async () => {
    const a = await createScimAccount(service.baseUrl, 'suffix');
    const created = await a.console.post<TokenView & { token: string }>('/api/console/scim-tokens', {
      label: 'Okta',
    });
    expect(created.status).toBe(201);
    const { token, ...view } = created.body;
    expect(view.lastCharacters).toBe(token.slice(-4));

    const listed = await a.console.get<{ tokens: TokenView[] }>('/api/console/scim-tokens');
    // Two live tokens (the one createScimAccount made, and this one): each shows its own ending.
    expect(listed.body.tokens.map((t) => t.lastCharacters).sort()).toEqual(
      [a.token.slice(-4), token.slice(-4)].sort(),
    );
    expect(listed.body.tokens.find((t) => t.id === view.id)).toMatchObject({
      label: 'Okta',
      lastCharacters: token.slice(-4),
    });
    expect(JSON.stringify(listed.body)).not.toContain(token);

    // The stored row: the hash and the four characters, nothing more of the token.
    const { db } = service.deps.database;
    const row = await db.selectFrom('scim_tokens').selectAll().where('id', '=', view.id).executeTakeFirst();
    expect(row).toEqual({
      id: view.id,
      account_id: a.accountId,
      token_hash: sha256(token),
      last_characters: token.slice(-4),
      label: 'Okta',
      created_at: expect.any(String),
      last_used_at: null,
      revoked_at: null,
    });
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('target', '=', view.id)
      .execute();
    expect(audit).toEqual([
      { action: 'scim_token.created', detail: JSON.stringify({ lastCharacters: token.slice(-4) }) },
    ]);
  });

  test('each Client Secret of an OAuth client is listed by exactly its last 4 characters', async () => {
    const a = await createScimAccount(service.baseUrl, 'secret-suffix');
    const created = await a.console.post<{ clientId: string; clientSecret: string; secretId: string }>(
      '/api/console/scim-clients',
      {},
    );
    expect(created.status).toBe(201);
    const { clientId, clientSecret: first, secretId: firstId } = created.body;
    const added = await a.console.post<{ secretId: string; clientSecret: string; lastCharacters: string }>(
      `/api/console/scim-clients/${clientId}/secrets`,
      {},
    );
    expect(added.status).toBe(201);
    const second = added.body.clientSecret;
    expect(added.body.lastCharacters).toBe(second.slice(-4));

    const listed = await a.console.get<{ clients: { clientId: string; secrets: SecretView[] }[] }>(
      '/api/console/scim-clients',
    );
    const secrets = listed.body.clients[0]?.secrets ?? [];
    expect(secrets).toHaveLength(2);
    expect(secrets.find((s) => s.id === firstId)?.lastCharacters).toBe(first.slice(-4));
    expect(secrets.find((s) => s.id === added.body.secretId)?.lastCharacters).toBe(second.slice(-4));
    expect(JSON.stringify(listed.body)).not.toContain(first);
    expect(JSON.stringify(listed.body)).not.toContain(second);

    const { db } = service.deps.database;
    const rows = await db
      .selectFrom('scim_client_secrets')
      .selectAll()
      .where('client_id', '=', clientId)
      .execute();
    const stored = (id: string, secret: string) => ({
      id,
      client_id: clientId,
      secret_hash: sha256(secret),
      last_characters: secret.slice(-4),
      created_at: expect.any(String),
      last_used_at: null,
      revoked_at: null,
    });
    expect(rows).toEqual(
      expect.arrayContaining([stored(firstId, first), stored(added.body.secretId, second)]),
    );
    expect(rows).toHaveLength(2);
  });
});
