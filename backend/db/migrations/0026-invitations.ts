// Invitations to the console (issue 22 item 7): a person invited by email as a
// console admin or as the backup login sets their password through a one-time
// link. Only the SHA-256 of the link's 256-bit token is stored. Accepting is a
// conditional UPDATE (accepted_at IS NULL, not revoked, not expired), so of two
// accepts at once exactly one changes the row. At most one pending invitation
// per user: a partial unique index, which both SQLite and PostgreSQL enforce.
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('account_users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('invitations_account_idx').on('invitations').column('account_id').execute();
  await db.schema
    .createIndex('invitations_one_pending')
    .on('invitations')
    .column('user_id')
    .unique()
    .where(sql.ref('accepted_at'), 'is', null)
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('invitations').execute();
}
