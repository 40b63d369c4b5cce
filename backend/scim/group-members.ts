// Membership rows: each add or remove touches only the rows it names, so it
// costs the same in a group of 10 or of 50,000 members.
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import type { MemberInput } from './resource-schemas.ts';

/**
 * Adds members that are users of this account; unknown ids are skipped and returned,
 * and `inserted` names those who were not members before (for their timeline).
 */
export async function addMembers(
  tx: Transaction<Database>,
  accountId: string,
  groupId: string,
  members: MemberInput[],
  now: string,
): Promise<{ added: number; inserted: string[]; unknown: string[] }> {
  if (members.length === 0) return { added: 0, inserted: [], unknown: [] };
  const ids = [...new Set(members.map((m) => m.value))];
  const known = new Set(
    (
      await tx
        .selectFrom('account_users')
        .select('id')
        .where('account_id', '=', accountId)
        .where('deleted_at', 'is', null)
        .where('id', 'in', ids)
        .execute()
    ).map((r) => r.id),
  );
  const rows = members
    .filter((m, i) => known.has(m.value) && members.findIndex((x) => x.value === m.value) === i)
    .map((m) => ({
      group_id: groupId,
      user_id: m.value,
      account_id: accountId,
      display: m.display ?? m.displayName ?? null,
      added_at: now,
    }));
  // RETURNING with DO NOTHING names only the rows written: those already members are left out.
  const inserted = rows.length
    ? await tx
        .insertInto('group_members')
        .values(rows)
        .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
        .returning('user_id')
        .execute()
    : [];
  return {
    added: rows.length,
    inserted: inserted.map((r) => r.user_id),
    unknown: ids.filter((id) => !known.has(id)),
  };
}

/** Removes members and returns who was removed (for the access effects). */
export async function removeMembers(
  tx: Transaction<Database>,
  groupId: string,
  userIds: string[] | 'all',
): Promise<string[]> {
  if (userIds !== 'all' && userIds.length === 0) return [];
  let present = tx.selectFrom('group_members').select('user_id').where('group_id', '=', groupId);
  if (userIds !== 'all') present = present.where('user_id', 'in', userIds);
  const removed = (await present.execute()).map((r) => r.user_id);
  if (removed.length === 0) return [];
  let q = tx.deleteFrom('group_members').where('group_id', '=', groupId);
  if (userIds !== 'all') q = q.where('user_id', 'in', userIds);
  await q.execute();
  return removed;
}

/**
 * The most members one answer carries (about 2 MB of JSON). A group past it is read without
 * members (excludedAttributes=members, as Entra does) and changed by PATCH; SCIM has no paging of
 * an attribute's values (RFC 7644 §3.4.2.4 pages resources), and a cut list would be wrong: a client
 * that PUTs it back removes everyone left out. Oracle's and IBM's SCIM services stop at 10,000 too.
 */
export const maxMembersShown = 10_000;

/** The group's members in the order they were added; at most `limit` of them when it is given. */
export async function readMembers(tx: Db, groupId: string, limit?: number) {
  let q = tx
    .selectFrom('group_members as m')
    .innerJoin('account_users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.display', 'u.display_name', 'u.user_name'])
    .where('m.group_id', '=', groupId)
    .orderBy('m.added_at')
    .orderBy('m.user_id');
  if (limit !== undefined) q = q.limit(limit);
  return q.execute();
}
