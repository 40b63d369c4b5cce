// SQLite's online backup API (better-sqlite3 `backup()`, sqlite.org/backup.html):
// a consistent copy while the service keeps running and writing, page by page,
// without stopping it. Written beside the target and renamed into place, so a
// half-written copy never carries the target's name.
import { chmodSync, renameSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';

export async function copySqliteOnline(from: string, to: string): Promise<{ pages: number }> {
  const source = new SQLite(from, { readonly: true, fileMustExist: true });
  const partial = `${to}.partial`;
  try {
    const { totalPages } = await source.backup(partial);
    // It holds password hashes and sealed keys: for its owner only.
    chmodSync(partial, 0o600);
    const check = new SQLite(partial, { fileMustExist: true });
    try {
      const result = check.pragma('quick_check', { simple: true });
      if (result !== 'ok') throw new Error(`the copy failed its integrity check: ${String(result)}`);
    } finally {
      check.close();
    }
    renameSync(partial, to);
    return { pages: totalPages };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    source.close();
  }
}
