// Issue 23 items 8-9: every console list is one keyset read of an index that
// holds its filter and its order, ending with a unique tiebreaker
// (backend/console/lists/). The searches are prefix matches of lower-cased
// name, email and display name: a range of an expression index, where the
// old LIKE '%q%' read every row. On PostgreSQL the search expressions are
// indexed in the "C" collation, where a prefix is a byte range whatever the
// database's locale (the queries name the same collation).
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

/** name → [table, indexed terms] ("lower(x)" terms are the prefix searches). */
const indexes: [string, string, string[]][] = [
  ['account_users_list', 'account_users', ['account_id', 'user_name_key', 'id']],
  ['account_users_name_prefix', 'account_users', ['account_id', 'lower(user_name)']],
  ['account_users_email_prefix', 'account_users', ['account_id', 'lower(email)']],
  ['account_users_display_prefix', 'account_users', ['account_id', 'lower(display_name)']],
  ['activations_account_list', 'activations', ['account_id', 'created_at', 'id']],
  ['activations_license_list', 'activations', ['license_id', 'created_at', 'id']],
  ['activations_sublicense_list', 'activations', ['sublicense_id', 'created_at', 'id']],
  ['activations_user_list', 'activations', ['user_id', 'created_at', 'id']],
  ['activation_attempts_at', 'activation_attempts', ['account_id', 'at', 'id']],
  ['activation_attempts_email_at', 'activation_attempts', ['account_id', 'lower(email)', 'at', 'id']],
  ['activation_attempts_code_at', 'activation_attempts', ['account_id', 'code', 'at', 'id']],
  ['activation_attempts_outcome_at', 'activation_attempts', ['account_id', 'outcome', 'at', 'id']],
  ['audit_log_at', 'audit_log', ['account_id', 'at', 'id']],
  ['audit_log_action_at', 'audit_log', ['account_id', 'action', 'at', 'id']],
  ['audit_log_actor_at', 'audit_log', ['account_id', 'actor', 'at', 'id']],
];

function term(t: string, dialect: SqlDialect): string {
  if (!t.startsWith('lower(')) return t;
  return dialect === 'postgres' ? `(${t} collate "C")` : t;
}

export async function up(db: AnyDb, dialect: SqlDialect): Promise<void> {
  for (const [name, table, terms] of indexes) {
    const list = terms.map((t) => term(t, dialect)).join(', ');
    await sql.raw(`create index ${name} on ${table} (${list})`).execute(db);
  }
  // The few users who can sign in with a password (step 7's backup login is one of them), in name
  // order, among 100,000 provisioned ones: a partial index of just them.
  await sql
    .raw(
      'create index account_users_password_list on account_users (account_id, user_name_key, id) where password_hash is not null',
    )
    .execute(db);
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropIndex('account_users_password_list').ifExists().execute();
  for (const [name] of indexes) await db.schema.dropIndex(name).ifExists().execute();
}
