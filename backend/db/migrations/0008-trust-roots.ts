// The root of trust (issue 10 item 1, DESIGN.md "Trust"): root keys that
// certify the license signing keys, and the certificates they issued. A root
// kept offline has no sealed private half here. A signing key may hold one
// certificate per root (two while a root is rotated).
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('trust_roots')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    // sealed with the master key; null when the private half is kept offline
    .addColumn('private_key_sealed', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    // a retired root certifies nothing more and its certificates are no longer published
    .addColumn('retired_at', 'text')
    .execute();

  await db.schema
    .createTable('key_certificates')
    .addColumn('kid', 'text', (c) => c.notNull().references('signing_keys.kid').onDelete('cascade'))
    .addColumn('root_kid', 'text', (c) => c.notNull().references('trust_roots.kid').onDelete('cascade'))
    .addColumn('certificate', 'text', (c) => c.notNull())
    .addColumn('not_before', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('key_certificates_pk', ['kid', 'root_kid'])
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('key_certificates').execute();
  await db.schema.dropTable('trust_roots').execute();
}
