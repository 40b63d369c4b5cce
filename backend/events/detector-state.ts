// The state a detector last told (migration 0037), moved by one conditional
// upsert: the row changes only when its state differs from the new one. Run in
// the transaction that writes the event, it decides who tells: of two nodes
// moving the same subject at once, PostgreSQL makes the second wait on the
// row (or on the key of a first insert) and then finds the state already
// there; SQLite serializes the writers (BEGIN IMMEDIATE). So each state change
// is told once, however many nodes or runs see it.
import type { Db } from '../db/types.ts';

export interface StateMove {
  accountId: string;
  subject: string;
  state: string;
  /** When the subject entered the state (kept while the state stays). */
  since: string;
}

/** True when the stored state was another (or none) and is now `state`. */
export async function moveState(db: Db, move: StateMove): Promise<boolean> {
  const moved = await db
    .insertInto('detector_states')
    .values({ account_id: move.accountId, subject: move.subject, state: move.state, since: move.since })
    .onConflict((oc) =>
      oc
        .columns(['account_id', 'subject'])
        .doUpdateSet({ state: move.state, since: move.since })
        .where('detector_states.state', '<>', move.state),
    )
    .returning('state')
    .executeTakeFirst();
  return moved !== undefined;
}

/** An account's stored states of the subjects with this prefix, by subject. */
export async function statesOf(db: Db, accountId: string, prefix: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('detector_states')
    .select(['subject', 'state'])
    .where('account_id', '=', accountId)
    .where('subject', 'like', `${prefix}%`)
    .execute();
  return new Map(rows.map((r) => [r.subject, r.state]));
}

/** The stored state of a subject, if any. */
export async function stateOf(
  db: Db,
  accountId: string,
  subject: string,
): Promise<{ state: string; since: string } | undefined> {
  return db
    .selectFrom('detector_states')
    .select(['state', 'since'])
    .where('account_id', '=', accountId)
    .where('subject', '=', subject)
    .executeTakeFirst();
}

/** Forgets an account's subjects with this prefix except `keep` (a certificate no longer configured). */
export async function forgetStates(
  db: Db,
  accountId: string,
  prefix: string,
  keep: readonly string[],
): Promise<void> {
  let q = db
    .deleteFrom('detector_states')
    .where('account_id', '=', accountId)
    .where('subject', 'like', `${prefix}%`);
  if (keep.length) q = q.where('subject', 'not in', keep);
  await q.execute();
}
