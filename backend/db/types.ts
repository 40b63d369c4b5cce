import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** A database or an open transaction: services accept either. */
export type Db = Kysely<Database> | Transaction<Database>;

/** Runs `work` atomically: in a new transaction, or in the caller's if it already has one. */
export async function inTransaction<T>(db: Db, work: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return db.transaction().execute(work);
}
