// Group membership changes as events (issue 24): `group.member_added` and
// `group.member_removed`, one per user whose membership really changed (the
// net change, as membership-log.ts keeps it). Written in the request's
// transaction, after the revocations the change causes: the account's event
// counter is the last lock the transaction takes (events/write-events.ts),
// so it never waits for an activation row while holding it.
import type { Transaction } from 'kysely';
import type { NewEvent } from '../../common/event-types.ts';
import type { Database } from '../db/schema.ts';
import { writeEvents } from '../events/write-events.ts';
import type { ScimContext } from './scim-context.ts';

export async function writeMembershipEvents(
  tx: Transaction<Database>,
  ctx: ScimContext,
  group: { id: string; name: string },
  change: { removed: readonly string[]; inserted: readonly string[] },
): Promise<void> {
  const removed = new Set(change.removed);
  const inserted = new Set(change.inserted);
  const of = (userId: string) => ({ groupId: group.id, groupName: group.name, userId });
  const events: NewEvent[] = [
    ...[...removed]
      .filter((u) => !inserted.has(u))
      .map((u) => ({ type: 'group.member_removed' as const, data: of(u) })),
    ...[...inserted]
      .filter((u) => !removed.has(u))
      .map((u) => ({ type: 'group.member_added' as const, data: of(u) })),
  ];
  await writeEvents(tx, ctx.clock, ctx.accountId, events);
}
