// One user's story (issue 23 item 6): what the console's timeline reads that
// no table kept before.
// - `checkin_days`: a device's check-ins summarised per UTC day (count, first,
//   last). A trigger on `activations` fills it from the check-in's own write
//   (the lease renewal sets last_checkin_at), so the hot path sends no extra
//   statement and, on PostgreSQL, makes no extra round trip; the upsert is
//   atomic, so two nodes renewing at once both count.
// - `membership_changes`: who was added to or removed from which group, by
//   whom (SCIM writes only the group's audit entry, without its members).
// - Indexes that let each source of the timeline seek a user's newest rows.
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

// Any UPDATE that sets last_checkin_at is a check-in (a renewal, or the same device activated
// again); `UPDATE OF` fires on the column named in SET, whatever its value.
const sqliteTrigger = sql`
  CREATE TRIGGER activations_checkin_day AFTER UPDATE OF last_checkin_at ON activations
  FOR EACH ROW BEGIN
    INSERT INTO checkin_days (activation_id, day, account_id, user_id, checkins, first_at, last_at)
    VALUES (NEW.id, substr(NEW.last_checkin_at, 1, 10), NEW.account_id, NEW.user_id, 1,
            NEW.last_checkin_at, NEW.last_checkin_at)
    ON CONFLICT (activation_id, day) DO UPDATE SET
      checkins = checkins + 1,
      last_at = max(last_at, excluded.last_at);
  END`;

const postgresFunction = sql`
  CREATE FUNCTION activations_checkin_day() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO checkin_days (activation_id, day, account_id, user_id, checkins, first_at, last_at)
    VALUES (NEW.id, substr(NEW.last_checkin_at, 1, 10), NEW.account_id, NEW.user_id, 1,
            NEW.last_checkin_at, NEW.last_checkin_at)
    ON CONFLICT (activation_id, day) DO UPDATE SET
      checkins = checkin_days.checkins + 1,
      last_at = greatest(checkin_days.last_at, excluded.last_at);
    RETURN NULL;
  END $$`;

const postgresTrigger = sql`
  CREATE TRIGGER activations_checkin_day AFTER UPDATE OF last_checkin_at ON activations
  FOR EACH ROW EXECUTE FUNCTION activations_checkin_day()`;

export async function up(db: AnyDb, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('checkin_days')
    .addColumn('activation_id', 'text', (c) => c.notNull().references('activations.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('checkins', 'integer', (c) => c.notNull())
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkin_days_pk', ['activation_id', 'day'])
    .execute();
  await db.schema
    .createIndex('checkin_days_user_idx')
    .on('checkin_days')
    .columns(['user_id', 'first_at', 'activation_id'])
    .execute();
  // The periodic sweep deletes days past their retention along this (console/checkin-days-retention.ts).
  await db.schema.createIndex('checkin_days_day_idx').on('checkin_days').column('day').execute();
  if (dialect === 'postgres') {
    await postgresFunction.execute(db);
    await postgresTrigger.execute(db);
  } else {
    await sqliteTrigger.execute(db);
  }

  await db.schema
    .createTable('membership_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    /** The group's name when it changed: the group may be renamed or deleted since. */
    .addColumn('group_name', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('membership_changes_user_idx')
    .on('membership_changes')
    .columns(['user_id', 'at', 'id'])
    .execute();

  // The other sources of a user's timeline, each sought by its owner and time.
  await db.schema
    .createIndex('audit_log_target_idx')
    .on('audit_log')
    .columns(['account_id', 'target', 'at', 'id'])
    .execute();
  await db.schema
    .createIndex('activation_attempts_email_at_idx')
    .on('activation_attempts')
    .columns(['account_id', 'email', 'at', 'id'])
    .execute();
  // A user's activations newest first: 0032's activations_user_list (user_id, created_at, id).
}

export async function down(db: AnyDb, dialect: SqlDialect): Promise<void> {
  await db.schema.dropIndex('activation_attempts_email_at_idx').execute();
  await db.schema.dropIndex('audit_log_target_idx').execute();
  await db.schema.dropTable('membership_changes').execute();
  await sql`DROP TRIGGER activations_checkin_day${sql.raw(dialect === 'postgres' ? ' ON activations' : '')}`.execute(
    db,
  );
  if (dialect === 'postgres') await sql`DROP FUNCTION activations_checkin_day()`.execute(db);
  await db.schema.dropTable('checkin_days').execute();
}
