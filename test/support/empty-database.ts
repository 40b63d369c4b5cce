// A fresh, unmigrated database for one suite (the migration tests start from
// nothing and migrate up to where they need): opened before the suite's tests,
// closed and dropped after them.
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../backend/db/connect.ts';
import type { TestDatabase, TestDialect } from './databases.ts';

export function useEmptyDatabase(dialect: TestDialect): () => DatabaseHandle {
  let testDb: TestDatabase | undefined;
  let handle: DatabaseHandle | undefined;
  beforeAll(async () => {
    testDb = await dialect.create();
    handle = openDatabase(testDb.url);
  });
  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });
  return () => {
    if (!handle) throw new Error('the empty database is opened before the suite’s tests');
    return handle;
  };
}
