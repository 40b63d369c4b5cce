// Who joined or left a group, one row per user (membership_changes, migration
// 0031): the group's audit entry names the request, not its members, and a
// user's timeline must say "Removed from group Desktop Users by SCIM".
// Only the net change of a request is written: a PUT that removes every member
// and adds most of them back changes only those it did not add back.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { actorOf, type ScimContext } from './scim-context.ts';

// Rows per INSERT: 9 parameters each stays far below either database's limit.
const chunk = 1000;

export async function logMembershipChanges(
  tx: Transaction<Database>,
  ctx: ScimContext,
  group: { id: string; name: string },
  change: { removed: readonly string[]; inserted: readonly string[] },
): Promise<void> {
  const removed = new Set(change.removed);
  const inserted = new Set(change.inserted);
  const at = ctx.clock.now().toISOString();
  const actor = actorOf(ctx);
  const rows = [
    ...[...removed].filter((u) => !inserted.has(u)).map((u) => [u, 'removed'] as const),
    ...[...inserted].filter((u) => !removed.has(u)).map((u) => [u, 'added'] as const),
  ].map(([userId, kind]) => ({
    id: randomUUID(),
    account_id: ctx.accountId,
    user_id: userId,
    group_id: group.id,
    group_name: group.name,
    change: kind,
    actor,
    at,
  }));
  for (let i = 0; i < rows.length; i += chunk)
    await tx
      .insertInto('membership_changes')
      .values(rows.slice(i, i + chunk))
      .execute();
}
