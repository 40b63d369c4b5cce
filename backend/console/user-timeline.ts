// One user's timeline (issue 23 item 6), newest first, paged by one keyset
// cursor across all its sources. Each source is read strictly after the
// cursor's (at, rank, id) and at most limit + 1 rows; merging them and keeping
// limit + 1 gives exactly the rows a single ordered query over their union
// would, so a page never repeats or skips an entry. Costs at most
// sources × (limit + 1) indexed rows, whatever the user's history.
import { z } from 'zod';
import type { AccountUserView } from '../../common/console-directory.ts';
import type { TimelineEntry, UserTimelinePage } from '../../common/console-timeline.ts';
import type { Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import { cursorParam, decodeCursor, pageOf } from './cursor.ts';
import { resolveActors } from './timeline-actors.ts';
import { timelineSources, type PlacedWithActor, type TimelinePosition } from './timeline-sources.ts';

export const timelineQuery = z
  .object({
    cursor: cursorParam,
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const timelineParams = z.object({ id: z.string().min(1).max(64) }).strict();

/** The user, only within the session's account: another account's user is not found. */
async function userOf(db: Db, accountId: string, userId: string) {
  const user = await db
    .selectFrom('account_users')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) throw new ApiError(404, 'not_found', 'user not found');
  const emails = await db
    .selectFrom('user_emails')
    .select('value')
    .where('user_id', '=', user.id)
    .where('account_id', '=', accountId)
    .execute();
  const view: AccountUserView = {
    id: user.id,
    userName: user.user_name,
    email: user.email,
    displayName: user.display_name,
    source: user.source,
    active: user.active === 1,
    isOwner: user.is_owner === 1,
    hasPassword: user.password_hash !== null,
    lastLoginAt: user.last_login_at,
  };
  // The activation log names people by the email they signed in with (lowercased).
  const known = [user.email, user.user_name.toLowerCase(), ...emails.map((e) => e.value)];
  return { view, emails: [...new Set(known.filter((e): e is string => !!e))] };
}

/** A cursor names a source's rank and an id of that source's type; anything else is a 400. */
function positionOf(cursor: string | undefined): TimelinePosition | null {
  if (cursor === undefined) return null;
  const [at, rank, id] = decodeCursor(cursor, 3);
  const source = timelineSources.find((s) => s.rank === rank);
  if (typeof at !== 'string' || !source || typeof id !== source.idType)
    throw new ApiError(400, 'invalid_input', 'cursor: not a cursor this list gave out', { field: 'cursor' });
  return { at, rank: source.rank, id: id as string | number };
}

/** at desc, then rank desc, then id desc: the order every source's seek follows. */
function newestFirst(a: PlacedWithActor, b: PlacedWithActor): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (a.id === b.id) return 0;
  return a.id < b.id ? 1 : -1;
}

export async function userTimeline(
  db: Db,
  accountId: string,
  userId: string,
  query: z.infer<typeof timelineQuery>,
): Promise<UserTimelinePage> {
  const { view, emails } = await userOf(db, accountId, userId);
  const after = positionOf(query.cursor);
  const scope = { accountId, userId: view.id, emails };
  const read = await Promise.all(timelineSources.map((s) => s.read(db, scope, after, query.limit + 1)));
  const merged = read
    .flat()
    .sort(newestFirst)
    .slice(0, query.limit + 1);
  const actorOf = await resolveActors(
    db,
    accountId,
    merged.flatMap((p) => (p.rawActor ? [p.rawActor] : [])),
  );
  const page = pageOf(
    merged,
    query.limit,
    (p) => [p.at, p.rank, p.id],
    (p): TimelineEntry =>
      p.rawActor && (p.entry.kind === 'directory' || p.entry.kind === 'membership')
        ? { ...p.entry, actor: actorOf(p.rawActor) }
        : p.entry,
  );
  return { user: view, ...page };
}
