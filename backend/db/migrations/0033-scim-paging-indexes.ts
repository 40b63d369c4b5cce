// SCIM at 100,000 users (issue 23 item 8). A /Users page (startIndex/count,
// RFC 7644 §3.4.2.4) walks the account's live provisioned users oldest first
// and counts them: a partial index holding exactly those rows, in that order,
// serves both without sorting or reading a row (the count is an index-only
// scan; the page's ids come from the index, then its rows by primary key).
// On SQLite deleted_at (always NULL in it) is a key column too, so that its
// planner matches two columns here against one in account_users_external_idx
// and picks this index for the count; PostgreSQL would then sort, as it does
// not read `deleted_at IS NULL` as fixing the column for the order.
// Groups list in the same order; a group's members are read in the order they
// were added, at most one answer's worth (scim/group-members.ts), from an
// index rather than by sorting every member of a 60,000-member group.
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createIndex('account_users_scim_page_idx')
    .on('account_users')
    .columns(
      dialect === 'sqlite'
        ? ['account_id', 'deleted_at', 'created_at', 'id']
        : ['account_id', 'created_at', 'id'],
    )
    .where(sql.ref('deleted_at'), 'is', null)
    .where(sql.ref('scim_resource'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('groups_account_page_idx')
    .on('groups')
    .columns(['account_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('group_members_added_idx')
    .on('group_members')
    .columns(['group_id', 'added_at', 'user_id'])
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  for (const name of ['group_members_added_idx', 'groups_account_page_idx', 'account_users_scim_page_idx'])
    await db.schema.dropIndex(name).ifExists().execute();
}
