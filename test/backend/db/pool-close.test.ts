// Regression for the suite's 57P01 flake: test databases are dropped WITH
// (FORCE) right after the service closes. pg's pool.end() resolves before its
// sockets close, so the drop used to terminate live connections, and their
// idle clients' 57P01 came back as an unhandled 'error'.
import pg from 'pg';
import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../../../backend/db/connect.ts';
import { testDialects } from '../../support/databases.ts';

const postgres = testDialects.find((d) => d.name === 'postgres');

describe.skipIf(Boolean(postgres?.skip))('closing the PostgreSQL pool [postgres]', () => {
  test('close() resolves only when every connection has gone, so the drop that follows terminates none', async () => {
    if (!postgres) throw new Error('no postgres dialect');
    const testDb = await postgres.create();
    const name = new URL(testDb.url).pathname.slice(1);
    const handle = openDatabase(testDb.url, { poolSize: 8 });
    await Promise.all(Array.from({ length: 8 }, () => sql`select pg_sleep(0.02)`.execute(handle.db)));
    await handle.close();

    const admin = new pg.Client({ connectionString: process.env.LATCHKEY_TEST_PG_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: string }>(
        'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
      expect(Number(rows[0]?.n)).toBe(0);
    } finally {
      await admin.end();
      await testDb.drop();
    }
  });
});
