// Another process's write lock is waited for without stopping this process:
// the statement runs again once the lock is free (sqlite-busy-wait.ts). A
// second connection in this same process holds the lock here, so it can only
// let go if this process's event loop keeps turning while the write waits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { afterEach, expect, test } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../backend/db/connect.ts';
import { waitWhenBusy } from '../../../backend/db/sqlite-busy-wait.ts';

let dir: string;
let handle: DatabaseHandle | undefined;
let other: SQLite.Database | undefined;

afterEach(async () => {
  other?.close();
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

function openBoth() {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-busy-'));
  const file = join(dir, 'service.sqlite');
  handle = openDatabase(file);
  handle.sqlite?.exec('create table t (n integer)');
  // The other node: its own connection to the same WAL file, no busy timeout of its own.
  other = new SQLite(file, { timeout: 0 });
  return { db: handle.db, other };
}

const insert = CompiledQuery.raw('insert into t (n) values (1)');
const count = (o: SQLite.Database) => (o.prepare('select count(*) as n from t').get() as { n: number }).n;

test('a write waits for another connection’s write lock while the event loop keeps serving, then lands', async () => {
  const { db, other } = openBoth();
  other.exec('begin immediate');
  const write = db.executeQuery(insert);
  // Other work of this process runs meanwhile; the holder commits from a timer.
  await new Promise((resolve) => setTimeout(resolve, 50));
  other.exec('commit');
  await expect(write).resolves.toMatchObject({ numAffectedRows: 1n });
  expect(count(other)).toBe(1);
});

test('a transaction waits for the lock at BEGIN IMMEDIATE the same way', async () => {
  const { db, other } = openBoth();
  other.exec('begin immediate');
  const tx = db.transaction().execute((trx) => trx.executeQuery(insert));
  await new Promise((resolve) => setTimeout(resolve, 50));
  other.exec('commit');
  await expect(tx).resolves.toBeDefined();
  expect(count(other)).toBe(1);
});

test('a lock held past the timeout is refused with SQLITE_BUSY, and nothing was written', async () => {
  const { other } = openBoth();
  other.exec('begin immediate');
  const raw = handle?.sqlite as SQLite.Database;
  const connection = waitWhenBusy(
    {
      executeQuery: async () => {
        raw.prepare('insert into t (n) values (1)').run();
        return { rows: [] };
      },
      streamQuery: () => {
        throw new Error('not streamed');
      },
    },
    { timeoutMs: 100, inTransaction: () => raw.inTransaction },
  );
  await expect(connection.executeQuery(insert)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
  other.exec('rollback');
  expect(count(other)).toBe(0);
});

test('a service node starting while another holds the write lock starts healthy (the file takes writes)', async () => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-busy-'));
  const file = join(dir, 'service.sqlite');
  other = new SQLite(file, { timeout: 0 });
  other.pragma('journal_mode = WAL');
  other.exec('create table t (n integer)');
  other.exec('begin immediate');
  handle = openDatabase(file);
  expect(handle.health.fault).toBeUndefined();
  await expect(handle.readiness()).resolves.toBeUndefined();
  other.exec('commit');
});
