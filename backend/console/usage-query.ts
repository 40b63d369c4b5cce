// The Usage list (issue 23 item 1): live activations, one row per device with
// its user, walked by keyset on the partial indexes of migration 0027 — by
// first activation, or, with "idle for N days", longest silent first (a range
// on last_checkin_at). A page reads at most limit + 1 activations in index
// order; users, licenses and sublicenses are then read for that page only.
// The summary (counts over all devices) is its own request: usage-summary.ts.
import type { UsagePage, UsageRow, UsageState } from '../../common/console-usage.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import type { DatabaseHandle, SqlDialect } from '../db/connect.ts';
import { ApiError } from '../http/api-error.ts';
import { decodeCursor, pageOf, type CursorKey } from './cursor.ts';
import { checkUsageFilters, type UsageQuery } from './usage-filters.ts';
import { fewMatches, memberOf, smallGroup, userMatches, type UsageSearch } from './usage-scope.ts';
import { idleDaysOf } from './usage-settings.ts';

const dayMs = 86_400_000;
type Order = UsagePage['order'];
/** The cursor's first element names its order, so a cursor of one order is refused by the other. */
const orderTag: Record<Order, string> = { 'first-activation': 'f', 'longest-silent': 's' };

function cursorAfter(cursor: string | undefined, order: Order): [string, string] | null {
  if (cursor === undefined) return null;
  const [tag, at, id] = decodeCursor(cursor, 3);
  if (tag !== orderTag[order] || typeof at !== 'string' || typeof id !== 'string')
    throw new ApiError(400, 'invalid_input', 'cursor: not a cursor of this list and filter', {
      field: 'cursor',
    });
  return [at, id];
}

/** Silent for at least `idleDays` whole days (the last check-in at or before the cutoff) is idle. */
export const cutoffFor = (clock: Clock, idleDays: number): string =>
  new Date(clock.now().getTime() - idleDays * dayMs).toISOString();

const stateOf = (lastCheckInAt: string, cutoff: string): UsageState =>
  lastCheckInAt <= cutoff ? 'idle' : 'active';

/**
 * The group and search filters as a bounded list of user ids where that list is small, and as
 * per-row checks where it is large (usage-scope.ts).
 */
async function userScope(db: Db, dialect: SqlDialect, accountId: string, query: UsageQuery) {
  const pattern: UsageSearch | undefined = query.q ? { q: query.q, dialect } : undefined;
  const members = query.group ? await smallGroup(db, query.group) : null;
  const matched = pattern ? await fewMatches(db, accountId, pattern) : null;
  const both = members && matched ? new Set(matched) : null;
  const ids = both && members ? members.filter((id) => both.has(id)) : (members ?? matched ?? undefined);
  return {
    ids,
    group: query.group && members === null ? query.group : undefined,
    pattern: pattern && matched === null ? pattern : undefined,
  };
}

async function pageRows(
  { db, dialect }: DatabaseHandle,
  accountId: string,
  query: UsageQuery,
  order: Order,
  cutoff: string | null,
) {
  const sortColumn = order === 'longest-silent' ? 'a.last_checkin_at' : 'a.created_at';
  const after = cursorAfter(query.cursor, order);
  let rows = db
    .selectFrom('activations as a')
    .select([
      'a.id',
      'a.user_id',
      'a.license_id',
      'a.sublicense_id',
      'a.device_name',
      'a.os',
      'a.app_version',
      'a.via',
      'a.created_at',
      'a.last_checkin_at',
      'a.over_count',
    ])
    .where('a.account_id', '=', accountId)
    .where('a.revoked_at', 'is', null);
  if (query.license) rows = rows.where('a.license_id', '=', query.license);
  if (query.sublicense) rows = rows.where('a.sublicense_id', '=', query.sublicense);
  if (cutoff !== null) rows = rows.where('a.last_checkin_at', '<=', cutoff);
  const scope = await userScope(db, dialect, accountId, query);
  if (scope.ids?.length === 0) return [];
  if (scope.ids) rows = rows.where('a.user_id', 'in', scope.ids);
  if (scope.group) rows = rows.where(memberOf(scope.group));
  if (scope.pattern) rows = rows.where(userMatches(scope.pattern));
  if (after) {
    const [at, id] = after;
    // Written as a range plus a tiebreak (not a row-value compare) so both databases seek the index.
    rows = rows.where(sortColumn, '>=', at).where((w) => w.or([w(sortColumn, '>', at), w('a.id', '>', id)]));
  }
  if (scope.ids) return firstInOrder(await rows.execute(), order, query.limit + 1);
  const ordered = rows
    .orderBy(sortColumn)
    .orderBy('a.id')
    .limit(query.limit + 1);
  if (dialect !== 'sqlite') return ordered.execute();
  // SQLite's statistics count a NULL revoked_at as one value among thousands of revocation times, so
  // its planner takes activations_license_idx for "live" and sorts the whole account (100–700 ms at
  // 200,000 devices). The page names the index of its own order (migration 0027) instead.
  const compiled = ordered.compile();
  const hinted = compiled.sql.replace(
    'from "activations" as "a"',
    `from "activations" as "a" indexed by ${usageIndexFor(query, order)}`,
  );
  type Row = Awaited<ReturnType<typeof ordered.execute>>[number];
  return (await db.executeQuery<Row>({ ...compiled, sql: hinted })).rows;
}

/**
 * A small set of users: all their live devices (at most userListCap × the device limit) by user,
 * sorted here. Ordered and limited in SQL, PostgreSQL walked the whole account's index filtering by
 * the list instead (133 ms for a 500-member group at 100,000 users).
 */
function firstInOrder<R extends { id: string; created_at: string; last_checkin_at: string }>(
  all: R[],
  order: Order,
  count: number,
): R[] {
  const key = order === 'longest-silent' ? 'last_checkin_at' : 'created_at';
  return all
    .sort((x, y) => (x[key] === y[key] ? (x.id < y.id ? -1 : 1) : x[key] < y[key] ? -1 : 1))
    .slice(0, count);
}

/** The partial index (migration 0027) that walks a usage page in its order. */
function usageIndexFor(query: UsageQuery, order: Order): string {
  if (order === 'longest-silent') return 'activations_usage_silent';
  if (query.sublicense) return 'activations_usage_sublicense';
  if (query.license) return 'activations_usage_license';
  return 'activations_usage_first';
}

/** The page's users, licenses and sublicenses, read by id for the page only. */
async function pageContext(db: Db, accountId: string, userIds: string[], sublicenseIds: string[]) {
  const none = userIds.length === 0;
  const users = none
    ? []
    : await db
        .selectFrom('account_users')
        .select(['id', 'user_name', 'email', 'display_name'])
        .where('account_id', '=', accountId)
        .where('id', 'in', userIds)
        .execute();
  const perUser = none
    ? []
    : await db
        .selectFrom('activations')
        .select((eb) => [
          'user_id',
          eb.fn.min('created_at').as('first'),
          eb.fn.max('last_checkin_at').as('last'),
          eb.fn.countAll<string | number>().as('devices'),
        ])
        .where('account_id', '=', accountId)
        .where('user_id', 'in', userIds)
        .where('revoked_at', 'is', null)
        .groupBy('user_id')
        .execute();
  const licenses = await db
    .selectFrom('licenses')
    .select(['id', 'edition'])
    .where('account_id', '=', accountId)
    .execute();
  const sublicenses =
    sublicenseIds.length === 0
      ? []
      : await db
          .selectFrom('sublicenses as s')
          .innerJoin('groups as g', 'g.id', 's.group_id')
          .select(['s.id', 'g.display_name'])
          .where('s.id', 'in', sublicenseIds)
          .execute();
  return {
    users: new Map(users.map((u) => [u.id, u])),
    perUser: new Map(perUser.map((p) => [p.user_id, p])),
    editions: new Map(licenses.map((l) => [l.id, l.edition])),
    groups: new Map(sublicenses.map((s) => [s.id, s.display_name])),
  };
}

/** One page of the account's usage. */
export async function usagePage(
  database: DatabaseHandle,
  clock: Clock,
  accountId: string,
  query: UsageQuery,
): Promise<UsagePage> {
  const { db } = database;
  await checkUsageFilters(db, accountId, query);
  const idleDays = await idleDaysOf(db, accountId);
  const stateCutoff = cutoffFor(clock, idleDays);
  const order: Order = query.idleFor === undefined ? 'first-activation' : 'longest-silent';
  const filterCutoff = query.idleFor === undefined ? null : cutoffFor(clock, query.idleFor);
  const rows = await pageRows(database, accountId, query, order, filterCutoff);
  const kept = rows.slice(0, query.limit);
  const userIds = [...new Set(kept.map((r) => r.user_id))];
  const sublicenseIds = [...new Set(kept.flatMap((r) => (r.sublicense_id ? [r.sublicense_id] : [])))];
  const ctx = await pageContext(db, accountId, userIds, sublicenseIds);
  const now = clock.now().getTime();
  const keyOf = (r: (typeof rows)[number]): CursorKey =>
    order === 'longest-silent' ? ['s', r.last_checkin_at, r.id] : ['f', r.created_at, r.id];
  const view = (r: (typeof rows)[number]): UsageRow => {
    const u = ctx.users.get(r.user_id);
    const p = ctx.perUser.get(r.user_id);
    const userLast = p?.last ?? r.last_checkin_at;
    return {
      activationId: r.id,
      deviceName: r.device_name,
      os: r.os,
      appVersion: r.app_version,
      via: r.via,
      firstActivatedAt: r.created_at,
      lastCheckInAt: r.last_checkin_at,
      silentDays: Math.max(0, Math.floor((now - Date.parse(r.last_checkin_at)) / dayMs)),
      state: stateOf(r.last_checkin_at, stateCutoff),
      overCount: Number(r.over_count ?? 0) === 1,
      license: { id: r.license_id, edition: ctx.editions.get(r.license_id) ?? '' },
      sublicense: r.sublicense_id
        ? { id: r.sublicense_id, group: ctx.groups.get(r.sublicense_id) ?? '' }
        : null,
      user: {
        id: r.user_id,
        userName: u?.user_name ?? '',
        email: u?.email ?? null,
        displayName: u?.display_name ?? null,
        firstActivatedAt: p?.first ?? r.created_at,
        lastCheckInAt: userLast,
        devices: Number(p?.devices ?? 1),
        state: stateOf(userLast, stateCutoff),
      },
    };
  };
  return { ...pageOf(rows, query.limit, keyOf, view), idleDays, order };
}
