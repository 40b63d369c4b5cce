// Seats kept counted (issue 27 item 7): the seats rule asked "how many distinct
// users hold a live activation of this place?" with count(distinct user_id)
// over every live activation of the license — 122 ms (SQLite) / 146 ms
// (PostgreSQL) at 60,000 seats, under the account's lock, on every new device.
// Now the database keeps the answer:
// - `seat_holders`: one row per (license, place, user) holding a seat there,
//   with the number of that user's live activations in the place;
// - `seat_counts`: per (license, place) the number of holders.
// `place_key` is the sublicense id, or '' for the desktop-users pool (a key
// column cannot be NULL). Triggers on `activations` keep both in the same
// transaction as every write that makes an activation live or not live — an
// activation, a revocation, a reclamation, a move between licenses, a delete —
// whatever code path writes it, so the count cannot drift from the rows.
// test/backend/access/seat-counts.test.ts checks them against a recount.
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

// SQLite runs one writer at a time, so each step may read what the one before wrote.
const sqliteAdd = (r: 'NEW') => `
    INSERT INTO seat_counts (license_id, place_key, holders)
    SELECT ${r}.license_id, coalesce(${r}.sublicense_id, ''), 1
    WHERE NOT EXISTS (SELECT 1 FROM seat_holders WHERE license_id = ${r}.license_id
      AND place_key = coalesce(${r}.sublicense_id, '') AND user_id = ${r}.user_id)
    ON CONFLICT (license_id, place_key) DO UPDATE SET holders = holders + 1;
    INSERT INTO seat_holders (license_id, place_key, user_id, devices)
    VALUES (${r}.license_id, coalesce(${r}.sublicense_id, ''), ${r}.user_id, 1)
    ON CONFLICT (license_id, place_key, user_id) DO UPDATE SET devices = devices + 1;`;

const sqliteRemove = (r: 'OLD') => `
    UPDATE seat_counts SET holders = holders - 1
    WHERE license_id = ${r}.license_id AND place_key = coalesce(${r}.sublicense_id, '')
      AND EXISTS (SELECT 1 FROM seat_holders WHERE license_id = ${r}.license_id
        AND place_key = coalesce(${r}.sublicense_id, '') AND user_id = ${r}.user_id AND devices = 1);
    DELETE FROM seat_holders WHERE license_id = ${r}.license_id
      AND place_key = coalesce(${r}.sublicense_id, '') AND user_id = ${r}.user_id AND devices = 1;
    UPDATE seat_holders SET devices = devices - 1 WHERE license_id = ${r}.license_id
      AND place_key = coalesce(${r}.sublicense_id, '') AND user_id = ${r}.user_id;`;

const sqliteTriggers = [
  `CREATE TRIGGER activations_seat_insert AFTER INSERT ON activations
   FOR EACH ROW WHEN NEW.revoked_at IS NULL BEGIN ${sqliteAdd('NEW')} END`,
  `CREATE TRIGGER activations_seat_delete AFTER DELETE ON activations
   FOR EACH ROW WHEN OLD.revoked_at IS NULL BEGIN ${sqliteRemove('OLD')} END`,
  // Only when what a seat is made of changed: a check-in's UPDATE (last_checkin_at, lease) costs nothing.
  `CREATE TRIGGER activations_seat_leave AFTER UPDATE OF revoked_at, license_id, sublicense_id, user_id
   ON activations FOR EACH ROW WHEN OLD.revoked_at IS NULL AND (NEW.revoked_at IS NOT NULL
     OR NEW.license_id IS NOT OLD.license_id OR NEW.sublicense_id IS NOT OLD.sublicense_id
     OR NEW.user_id IS NOT OLD.user_id)
   BEGIN ${sqliteRemove('OLD')} END`,
  `CREATE TRIGGER activations_seat_join AFTER UPDATE OF revoked_at, license_id, sublicense_id, user_id
   ON activations FOR EACH ROW WHEN NEW.revoked_at IS NULL AND (OLD.revoked_at IS NOT NULL
     OR NEW.license_id IS NOT OLD.license_id OR NEW.sublicense_id IS NOT OLD.sublicense_id
     OR NEW.user_id IS NOT OLD.user_id)
   BEGIN ${sqliteAdd('NEW')} END`,
];

// PostgreSQL: several writers at once, so each decision is taken on the row the statement itself
// locked and returned (an upsert or an UPDATE … RETURNING), never on an earlier read.
const postgresFunctions = [
  `CREATE FUNCTION seat_join(lic text, place text, usr text) RETURNS void LANGUAGE plpgsql AS $$
   DECLARE n integer;
   BEGIN
     INSERT INTO seat_holders (license_id, place_key, user_id, devices) VALUES (lic, place, usr, 1)
     ON CONFLICT (license_id, place_key, user_id) DO UPDATE SET devices = seat_holders.devices + 1
     RETURNING devices INTO n;
     IF n = 1 THEN
       INSERT INTO seat_counts (license_id, place_key, holders) VALUES (lic, place, 1)
       ON CONFLICT (license_id, place_key) DO UPDATE SET holders = seat_counts.holders + 1;
     END IF;
   END $$`,
  `CREATE FUNCTION seat_leave(lic text, place text, usr text) RETURNS void LANGUAGE plpgsql AS $$
   DECLARE n integer;
   BEGIN
     UPDATE seat_holders SET devices = devices - 1
     WHERE license_id = lic AND place_key = place AND user_id = usr RETURNING devices INTO n;
     IF n = 0 THEN
       DELETE FROM seat_holders WHERE license_id = lic AND place_key = place AND user_id = usr;
       UPDATE seat_counts SET holders = holders - 1 WHERE license_id = lic AND place_key = place;
     END IF;
   END $$`,
  `CREATE FUNCTION activations_seats() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.revoked_at IS NULL AND (TG_OP = 'DELETE'
         OR NEW.revoked_at IS NOT NULL OR NEW.license_id IS DISTINCT FROM OLD.license_id
         OR NEW.sublicense_id IS DISTINCT FROM OLD.sublicense_id OR NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
       PERFORM seat_leave(OLD.license_id, coalesce(OLD.sublicense_id, ''), OLD.user_id);
     END IF;
     IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.revoked_at IS NULL AND (TG_OP = 'INSERT'
         OR OLD.revoked_at IS NOT NULL OR NEW.license_id IS DISTINCT FROM OLD.license_id
         OR NEW.sublicense_id IS DISTINCT FROM OLD.sublicense_id OR NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
       PERFORM seat_join(NEW.license_id, coalesce(NEW.sublicense_id, ''), NEW.user_id);
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER activations_seats AFTER INSERT OR DELETE OR UPDATE OF revoked_at, license_id, sublicense_id, user_id
   ON activations FOR EACH ROW EXECUTE FUNCTION activations_seats()`,
];

export async function up(db: AnyDb, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('seat_holders')
    .addColumn('license_id', 'text', (c) => c.notNull().references('licenses.id').onDelete('cascade'))
    .addColumn('place_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('devices', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('seat_holders_pk', ['license_id', 'place_key', 'user_id'])
    .execute();
  await db.schema
    .createTable('seat_counts')
    .addColumn('license_id', 'text', (c) => c.notNull().references('licenses.id').onDelete('cascade'))
    .addColumn('place_key', 'text', (c) => c.notNull())
    .addColumn('holders', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('seat_counts_pk', ['license_id', 'place_key'])
    .execute();
  // What is live today, counted once.
  await sql`
    INSERT INTO seat_holders (license_id, place_key, user_id, devices)
    SELECT license_id, coalesce(sublicense_id, ''), user_id, count(*) FROM activations
    WHERE revoked_at IS NULL GROUP BY license_id, coalesce(sublicense_id, ''), user_id`.execute(db);
  await sql`
    INSERT INTO seat_counts (license_id, place_key, holders)
    SELECT license_id, place_key, count(*) FROM seat_holders GROUP BY license_id, place_key`.execute(db);
  for (const statement of dialect === 'postgres' ? postgresFunctions : sqliteTriggers)
    await sql.raw(statement).execute(db);
}

export async function down(db: AnyDb, dialect: SqlDialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`DROP TRIGGER activations_seats ON activations`.execute(db);
    for (const f of ['activations_seats()', 'seat_join(text, text, text)', 'seat_leave(text, text, text)'])
      await sql.raw(`DROP FUNCTION ${f}`).execute(db);
  } else {
    for (const t of ['insert', 'delete', 'leave', 'join'])
      await sql.raw(`DROP TRIGGER activations_seat_${t}`).execute(db);
  }
  await db.schema.dropTable('seat_counts').execute();
  await db.schema.dropTable('seat_holders').execute();
}
