// The SQLite file the service opened, and whether it still is the file at
// that path. A deleted file stays readable and writable through the open
// handle, so without this check writes succeed into a file that a restart
// never sees again (and the restart makes a new, empty database).
import { accessSync, constants, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Database as BetterSqlite } from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { classifyDatabaseFault, DatabaseFaultError, type DatabaseFault } from './faults.ts';

export interface OpenedFile {
  path: string;
  dev: number;
  ino: number;
}

export function openedFile(path: string): OpenedFile {
  const st = statSync(path);
  return { path, dev: st.dev, ino: st.ino };
}

/** Undefined while `path` is still the file that was opened. */
export function fileGone(file: OpenedFile): DatabaseFault | undefined {
  try {
    const st = statSync(file.path);
    if (st.dev === file.dev && st.ino === file.ino) return undefined;
    return {
      kind: 'file-gone',
      code: 'DB_FILE_REPLACED',
      message: `${file.path} was replaced by another file after the service opened it`,
    };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return {
      kind: 'file-gone',
      code: 'DB_FILE_DELETED',
      message: `${file.path} was deleted after the service opened it`,
    };
  }
}

const noopRollback: SqliteStatement = {
  reader: false,
  all: () => [],
  run: () => ({ changes: 0, lastInsertRowid: 0 }),
  // eslint-disable-next-line require-yield -- an empty result
  iterate: function* () {
    return;
  },
};

/**
 * Wraps the connection Kysely uses: a write into a file that is gone is
 * refused, and a ROLLBACK after SQLite already rolled back is a no-op.
 */
export function guardSqlite(
  inner: SqliteDatabase,
  raw: BetterSqlite,
  file: OpenedFile | undefined,
): SqliteDatabase {
  return {
    close: () => inner.close(),
    prepare(sql: string) {
      if (/^\s*rollback\s*$/i.test(sql)) {
        // sqlite lang_transaction "Response To Errors Within A Transaction":
        // SQLITE_FULL (and IOERR, NOMEM…) may roll the whole transaction back
        // itself. Kysely's ROLLBACK would then fail with "cannot rollback - no
        // transaction is active" and hide the real cause.
        return raw.inTransaction ? inner.prepare(sql) : noopRollback;
      }
      const statement = inner.prepare(sql);
      if (file && !statement.reader) {
        const gone = fileGone(file);
        if (gone) throw new DatabaseFaultError(gone);
      }
      return statement;
    },
  };
}

/**
 * Can the database take a write now? Takes the write lock (and gives it back
 * at once) and writes a small file beside the database, so a read-only
 * connection or a full disk both show. Skipped while a transaction is open
 * on the connection: that one must not be disturbed.
 */
// Another process holding the write lock (SQLITE_BUSY: the connection waits in
// sqlite-busy-wait.ts, not in SQLite) shows the file takes writes.
function takesWriteLock(raw: BetterSqlite): boolean {
  try {
    raw.exec('BEGIN IMMEDIATE');
    return true;
  } catch (err) {
    if (String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY')) return false;
    throw err;
  }
}

export function probeSqliteWrite(raw: BetterSqlite, path: string): DatabaseFault | undefined {
  if (raw.inTransaction) return undefined;
  try {
    accessSync(path, constants.W_OK);
    if (takesWriteLock(raw)) raw.exec('ROLLBACK');
    const probe = join(dirname(path), '.latchkey-write-probe');
    try {
      writeFileSync(probe, Buffer.alloc(64 * 1024));
    } finally {
      rmSync(probe, { force: true });
    }
    return undefined;
  } catch (err) {
    return (
      classifyDatabaseFault(err) ?? {
        kind: 'io-error',
        code: (err as { code?: string }).code ?? 'UNKNOWN',
        message: (err as Error).message,
      }
    );
  }
}
