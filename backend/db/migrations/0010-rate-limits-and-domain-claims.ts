// Rate-limit windows every node shares (issue 10 item 6), and domain claims
// that block other accounts only once verified (item 7): a domain name is
// unique per account, and unique across accounts among verified claims.
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    // SHA-256 of bucket, key and window: no email or IP address is stored.
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_expiry_idx').on('rate_limits').column('expires_at').execute();

  if (dialect === 'postgres') {
    // The inline UNIQUE of 0001 got PostgreSQL's default name.
    await sql`alter table domains drop constraint domains_name_key`.execute(db);
  } else {
    // SQLite cannot drop an inline UNIQUE: rebuild the table (nothing references it).
    await db.schema
      .createTable('domains_new')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('txt_token', 'text', (c) => c.notNull())
      .addColumn('verified_at', 'text')
      .addColumn('last_checked_at', 'text')
      .addColumn('last_check_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await sql`insert into domains_new (id, account_id, name, txt_token, verified_at, last_checked_at, last_check_error, created_at)
      select id, account_id, name, txt_token, verified_at, last_checked_at, last_check_error, created_at from domains`.execute(
      db,
    );
    await db.schema.dropTable('domains').execute();
    await db.schema.alterTable('domains_new').renameTo('domains').execute();
    await db.schema.createIndex('domains_account_idx').on('domains').column('account_id').execute();
  }
  await db.schema
    .createIndex('domains_account_name_uq')
    .on('domains')
    .columns(['account_id', 'name'])
    .unique()
    .execute();
  await db.schema
    .createIndex('domains_verified_name_uq')
    .on('domains')
    .column('name')
    .unique()
    .where(sql.ref('verified_at'), 'is not', null)
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('rate_limits').ifExists().execute();
  await db.schema.dropIndex('domains_verified_name_uq').ifExists().execute();
  await db.schema.dropIndex('domains_account_name_uq').ifExists().execute();
  // Back to one claim per name: the pending claims beside a verified one (or the later ones) go.
  await sql`delete from domains where id in (
      select d.id from domains d join domains o on o.name = d.name and o.id <> d.id
      where (d.verified_at is null and o.verified_at is not null)
         or (d.verified_at is null and o.verified_at is null and d.created_at > o.created_at))`.execute(db);
  await db.schema.createIndex('domains_name_key').on('domains').column('name').unique().execute();
}
