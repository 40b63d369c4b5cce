// The SQLite file holds every secret's hash and every sealed key: only the
// service's user may read it (0600, like the master key). The file is created
// 0600 before SQLite opens it, so no byte is ever written to a readable file;
// SQLite gives its -wal and -shm files the database file's mode
// (https://sqlite.org/tempfiles.html: "same permissions as the database").
// A file created by an older version (0644) is narrowed when it is opened.
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';

const ownerOnly = 0o600;

/** Before `new Database(file)`: create the file 0600, or narrow an existing one. */
export function prepareSqliteFile(file: string): void {
  try {
    // 'wx': only if it does not exist; the mode is applied at creation (then masked by umask, which cannot add bits).
    closeSync(openSync(file, 'wx', ownerOnly));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  restrictSqliteFiles(file);
}

/**
 * The database, and its -wal and -shm files where they exist, to 0600. A file
 * this user may not change (another owner, a read-only file system) is left as
 * it is: opening it read-only is the degraded mode's business (backend/db/health.ts).
 */
export function restrictSqliteFiles(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (!existsSync(path)) continue;
    try {
      chmodSync(path, ownerOnly);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'EROFS' && code !== 'EACCES') throw err;
    }
  }
}
