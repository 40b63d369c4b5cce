// Issue 26 item 3: DPoP proofs already seen (RFC 9449 §11.1). A proof's `jti`
// is kept until its `iat` plus the accepted window; the primary key is the
// check — the insert of a replayed proof fails on every node that shares the
// database (no read-then-write). `id` is a SHA-256 of where the proof was
// used and its jti: no proof or key is stored.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('dpop_proofs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dpop_proofs_expires_at_idx').on('dpop_proofs').column('expires_at').execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropIndex('dpop_proofs_expires_at_idx').execute();
  await db.schema.dropTable('dpop_proofs').execute();
}
