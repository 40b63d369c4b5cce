// The databases every storage and API test runs against: SQLite always, and
// PostgreSQL when scripts/test.sh started a cluster (LATCHKEY_TEST_PG_URL).
// Each test database is fresh: a temp SQLite file, or a new PostgreSQL
// database that is dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface TestDialect {
  name: 'sqlite' | 'postgres';
  /** Why the dialect is skipped, when it is. */
  skip?: string;
  create(): Promise<TestDatabase>;
}

const pgUrl = process.env.LATCHKEY_TEST_PG_URL;

const sqlite: TestDialect = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-test-'));
    return { url: join(dir, 'test.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

const postgres: TestDialect = {
  name: 'postgres',
  ...(!pgUrl && {
    skip: 'no PostgreSQL test cluster: run the suite with scripts/test.sh (it starts one) or set LATCHKEY_TEST_PG_URL',
  }),
  async create() {
    if (!pgUrl) throw new Error('LATCHKEY_TEST_PG_URL is not set');
    const name = `lk_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async drop() {
        const c = new pg.Client({ connectionString: pgUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  },
};

export const testDialects: TestDialect[] = [sqlite, postgres];
