// Serializes writers of one resource in the database, so concurrent PATCHes
// all apply instead of failing on a version race: several service nodes share
// the database, so no in-process lock could do this. The version check stays
// for If-Match only (RFC 7644 §3.14).
import { sql, type Transaction } from 'kysely';
import type { SqlDialect } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';

export async function lockResourceRow(
  tx: Transaction<Database>,
  dialect: SqlDialect,
  table: 'groups' | 'account_users',
  id: string,
): Promise<void> {
  if (dialect === 'postgres') {
    // NO KEY UPDATE: blocks other writers of the row, but not the KEY SHARE
    // locks that inserts into group_members take on it (no deadlock).
    await sql`select 1 from ${sql.table(table)} where id = ${id} for no key update`.execute(tx);
    return;
  }
  // SQLite locks the whole database, and a deferred transaction that read
  // first cannot wait for the write lock (SQLITE_BUSY). Writing first takes the
  // write lock at once and waits (busy_timeout) like BEGIN IMMEDIATE.
  await sql`update ${sql.table(table)} set version = version where id = ${id}`.execute(tx);
}
