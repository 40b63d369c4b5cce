// Migration 0018 on a database written before it: SCIM tokens and client
// secrets made then have no last characters (only their hash was kept, and the
// hash cannot give them back). They stay live, and the console API lists them
// with lastCharacters null, so the console can say so; new ones keep theirs.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { systemClock } from '../../../backend/clock.ts';
import { openDatabase, type DatabaseHandle } from '../../../backend/db/connect.ts';
import { migrateToLatest, migrateUpTo } from '../../../backend/db/migrate.ts';
import { listScimClients } from '../../../backend/scim/scim-clients.ts';
import { createScimToken, listScimTokens } from '../../../backend/scim/scim-tokens.ts';
import type { TestDatabase } from '../../support/databases.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('migration 0018: last characters of SCIM tokens and client secrets', (dialect) => {
  let testDb: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    testDb = await dialect.create();
    handle = openDatabase(testDb.url);
  });
  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  test('rows written before it keep working with no last characters; a new token keeps its own', async () => {
    await migrateUpTo(handle.db, handle.dialect, '0017-activation-secret-index');
    const at = '2026-01-01T00:00:00.000Z';
    // As the build before 0018 wrote them (no last_characters column).
    await sql`INSERT INTO accounts (id, name, created_at) VALUES ('acc', 'Old', ${at})`.execute(handle.db);
    await sql`INSERT INTO scim_tokens (id, account_id, token_hash, label, created_at, last_used_at, revoked_at)
              VALUES ('tok', 'acc', 'hash-1', 'Okta', ${at}, NULL, NULL)`.execute(handle.db);
    await sql`INSERT INTO scim_clients (id, account_id, label, created_at, revoked_at)
              VALUES ('lksc_old', 'acc', 'Entra', ${at}, NULL)`.execute(handle.db);
    await sql`INSERT INTO scim_client_secrets (id, client_id, secret_hash, created_at, last_used_at, revoked_at)
              VALUES ('sec_old', 'lksc_old', 'hash-2', ${at}, NULL, NULL)`.execute(handle.db);

    expect(await migrateToLatest(handle.db, handle.dialect)).toContain('0018-secret-last-characters');

    expect(await listScimTokens(handle.db, 'acc')).toEqual([
      { id: 'tok', label: 'Okta', lastCharacters: null, createdAt: at, lastUsedAt: null, revokedAt: null },
    ]);
    const [client] = await listScimClients(handle.db, 'acc');
    expect(client?.secrets).toEqual([
      { id: 'sec_old', lastCharacters: null, createdAt: at, lastUsedAt: null, revokedAt: null },
    ]);

    const { token, view } = await createScimToken(handle.db, systemClock, 'acc', 'Rotated', 'test');
    expect(view.lastCharacters).toBe(token.slice(-4));
    expect((await listScimTokens(handle.db, 'acc')).map((t) => t.lastCharacters)).toEqual([
      null,
      token.slice(-4),
    ]);
  });
});
