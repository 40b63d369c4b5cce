// Workspaces (issue 22 item 1): one browser session may hold several
// workspace grants, one per business account its holder authenticated to.
// console_sessions keeps one row per grant: the cookie's hash is no longer
// the key alone but (id_hash, account_id), so the rules that end a user's
// sessions (SCIM deactivation, password reset) end that grant and leave the
// session's other workspaces alone. The table is rebuilt (SQLite cannot
// change a primary key in place); live sessions are kept.
// saml_requests.adds_workspace: a console SSO sign-in started by "Add a
// business account", whose grant joins the browser's session.
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

async function createSessionsTable(
  db: AnyDb,
  name: string,
  primaryKey: 'id_hash'[] | ['id_hash', 'account_id'],
): Promise<void> {
  await db.schema
    .createTable(name)
    .addColumn('id_hash', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('account_users.id').onDelete('cascade'))
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${name}_pk`, primaryKey)
    .execute();
}

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await createSessionsTable(db, 'console_session_grants', ['id_hash', 'account_id']);
  await sql`insert into console_session_grants (id_hash, account_id, user_id, via, created_at, expires_at)
    select id_hash, account_id, user_id, via, created_at, expires_at from console_sessions`.execute(db);
  await db.schema.dropTable('console_sessions').execute();
  await db.schema.alterTable('console_session_grants').renameTo('console_sessions').execute();
  await db.schema
    .createIndex('console_sessions_user_idx')
    .on('console_sessions')
    .columns(['user_id'])
    .execute();
  await db.schema
    .alterTable('saml_requests')
    .addColumn('adds_workspace', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('saml_requests').dropColumn('adds_workspace').execute();
  await db.schema.dropIndex('console_sessions_user_idx').execute();
  await createSessionsTable(db, 'console_sessions_single', ['id_hash']);
  // One grant per cookie again: each session keeps its first workspace.
  await sql`insert into console_sessions_single (id_hash, account_id, user_id, via, created_at, expires_at)
    select s.id_hash, s.account_id, s.user_id, s.via, s.created_at, s.expires_at from console_sessions s
    where s.account_id = (select min(f.account_id) from console_sessions f where f.id_hash = s.id_hash)`.execute(
    db,
  );
  await db.schema.dropTable('console_sessions').execute();
  await db.schema.alterTable('console_sessions_single').renameTo('console_sessions').execute();
}
