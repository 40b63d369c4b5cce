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

/** The stored states of the subjects with this prefix: account → subject → state. */
export async function statesOf(db: Db, prefix: string): Promise<Map<string, Map<string, string>>> {
  const rows = await db
    .selectFrom('detector_states')
    .select(['account_id', 'subject', 'state'])
    .where('subject', 'like', `${prefix}%`)
    .execute();
  const byAccount = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const mine = byAccount.get(r.account_id) ?? new Map<string, string>();
    mine.set(r.subject, r.state);
    byAccount.set(r.account_id, mine);
  }
  return byAccount;
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
