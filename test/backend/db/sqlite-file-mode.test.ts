// The SQLite database and its -wal and -shm files are the service user's
// only (0600): they hold every hash and sealed key of the service.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openDatabase } from '../../../backend/db/connect.ts';
import { migrateToLatest } from '../../../backend/db/migrate.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-modes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
const modes = (file: string) => [file, `${file}-wal`, `${file}-shm`].map(modeOf);

test('a new database file, its WAL and its shared-memory file are created 0600', async () => {
  const file = join(dir, 'new.sqlite');
  const handle = openDatabase(file);
  try {
    await migrateToLatest(handle.db, handle.dialect);
    expect(modes(file)).toEqual(['600', '600', '600']);
  } finally {
    await handle.close();
  }
});

test('a database file left readable by an older version is narrowed to 0600 when opened', async () => {
  const file = join(dir, 'old.sqlite');
  const old = new SQLite(file);
  old.pragma('journal_mode = WAL');
  old.exec('create table t (x)');
  old.close();
  expect(modeOf(file)).toBe('644');
  const handle = openDatabase(file);
  try {
    await migrateToLatest(handle.db, handle.dialect);
    expect(modes(file)).toEqual(['600', '600', '600']);
  } finally {
    await handle.close();
  }
});
