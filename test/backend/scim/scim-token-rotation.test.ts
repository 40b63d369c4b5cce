// Step 5's guided rotation (issue 22 item 9): a second live token works beside
// the first; the list shows when each was last used by the IdP, so the console
// can offer to revoke the old one once the new one is in use; the revoked one
// is refused by /scim/v2.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

interface TokenView {
  id: string;
  lastCharacters: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

describeEachDatabase('SCIM Bearer Token rotation: last used per token, then revoke the old', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  test('the IdP using the new token records its last use (by token id); the old one, revoked, is refused', async () => {
    const a = await createScimAccount(service.baseUrl, 'rotate');
    const list = async () =>
      (await a.console.get<{ tokens: TokenView[] }>('/api/console/scim-tokens')).body.tokens;
    const [old] = await list();
    expect(old?.lastUsedAt).toBeNull();
    const second = await a.console.post<TokenView & { token: string }>('/api/console/scim-tokens', {});
    expect(second.status).toBe(201);

    // Both tokens are live: the IdP keeps working with the first until it is revoked.
    expect((await scimClient(a.scimUrl, a.token)('GET', '/Users')).status).toBe(200);
    expect((await scimClient(a.scimUrl, second.body.token)('GET', '/Users')).status).toBe(200);
    const used = await list();
    expect(used.find((t) => t.id === second.body.id)?.lastUsedAt).toEqual(expect.any(String));
    expect(used.find((t) => t.id === old?.id)?.lastUsedAt).toEqual(expect.any(String));
    expect(JSON.stringify(used)).not.toContain(second.body.token);

    expect((await a.console.delete(`/api/console/scim-tokens/${old?.id}`)).status).toBe(204);
    expect((await scimClient(a.scimUrl, a.token)('GET', '/Users')).status).toBe(401);
    expect((await scimClient(a.scimUrl, second.body.token)('GET', '/Users')).status).toBe(200);
    expect((await list()).find((t) => t.id === old?.id)?.revokedAt).toEqual(expect.any(String));
  });
});
