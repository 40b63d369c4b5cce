// Rate-limit counters in the database, so every node behind the load balancer
// counts the same attempts. Fixed windows: one row per bucket key and window,
// incremented atomically by the database (INSERT … ON CONFLICT DO UPDATE …
// RETURNING), which SQLite (≥ 3.35) and PostgreSQL both do in one statement.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';

export interface RateLimit {
  /** What is counted, e.g. `login:ip`; part of the hashed key. */
  bucket: string;
  /** Who is counted within the bucket (an IP, an email, both). */
  key: string;
  max: number;
  windowMs: number;
}

export interface RateLimitVerdict {
  allowed: boolean;
  count: number;
  /** Seconds until the window ends (for Retry-After). */
  retryAfterSeconds: number;
  /** This attempt is the one that went over the limit: the lockout starts now (once per window). */
  lockStarted: boolean;
}

/**
 * Windows this node knows to be over their limit, per database handle, by key hash → the window's
 * end (ms). Issue 27 item 4: a flood of refused requests is refused from here, without a query, so
 * it costs about what /healthz costs and takes no pool connection the check-ins need. Only
 * refusals are remembered, never allowances: every allowed attempt is still counted exactly by the
 * database's upsert, so the limit holds across nodes. Each node learns a refusal on its own (one
 * read); what memory may get wrong is one thing, documented in docs/operations.md: after
 * forgetAttempts on another node (a success clearing its failures), this node keeps refusing that
 * key until the window ends. Bounded: the oldest entries go first (a Map keeps insertion order), and
 * a forgotten entry only means the next refusal reads the database again.
 */
const refusedWindows = new WeakMap<object, Map<string, number>>();
const rememberedRefusalsMax = 10_000;

function refusals(db: Db): Map<string, number> {
  let memo = refusedWindows.get(db);
  if (!memo) refusedWindows.set(db, (memo = new Map()));
  return memo;
}

function rememberRefusal(db: Db, key: string, endsMs: number): void {
  const memo = refusals(db);
  memo.delete(key);
  memo.set(key, endsMs);
  if (memo.size > rememberedRefusalsMax) memo.delete(memo.keys().next().value as string);
}

const keyHash = (limit: RateLimit, window: number): string =>
  createHash('sha256').update(`${limit.bucket}\n${limit.key}\n${limit.windowMs}\n${window}`).digest('hex');

/** Counts one attempt in the current window and says whether it is within the limit. */
export async function countAttempt(db: Db, clock: Clock, limit: RateLimit): Promise<RateLimitVerdict> {
  const nowMs = clock.now().getTime();
  const window = Math.floor(nowMs / limit.windowMs);
  const endsMs = (window + 1) * limit.windowMs;
  const retryAfterSeconds = Math.max(1, Math.ceil((endsMs - nowMs) / 1000));
  const key = keyHash(limit, window);
  const knownRefusedUntil = refusals(db).get(key);
  if (knownRefusedUntil !== undefined) {
    if (knownRefusedUntil > nowMs)
      return { allowed: false, count: limit.max + 1, retryAfterSeconds, lockStarted: false };
    refusals(db).delete(key);
  }
  // A window already over its limit is refused by a plain read: a flood of refused attempts then
  // takes no row lock (on PostgreSQL, upserts of one hot row queue behind each other, holding
  // pool connections the check-ins wait for). Under the limit, the atomic upsert decides.
  const seen = await db
    .selectFrom('rate_limits')
    .select('count')
    .where('key_hash', '=', key)
    .executeTakeFirst();
  if (seen && Number(seen.count) >= limit.max) {
    // The first refusal of the window moves the count past the limit, once (a conditional
    // update only one request can win): it is the one that says the lockout started.
    const lockStarted =
      Number(seen.count) === limit.max &&
      Number(
        (
          await db
            .updateTable('rate_limits')
            .set({ count: limit.max + 1 })
            .where('key_hash', '=', key)
            .where('count', '=', limit.max)
            .executeTakeFirst()
        ).numUpdatedRows,
      ) === 1;
    rememberRefusal(db, key, endsMs);
    return { allowed: false, count: Number(seen.count), retryAfterSeconds, lockStarted };
  }
  const row = await db
    .insertInto('rate_limits')
    .values({ key_hash: key, count: 1, expires_at: new Date(endsMs).toISOString() })
    .onConflict((oc) => oc.column('key_hash').doUpdateSet({ count: sql<number>`rate_limits.count + 1` }))
    .returning('count')
    .executeTakeFirstOrThrow();
  const count = Number(row.count);
  if (count > limit.max) rememberRefusal(db, key, endsMs);
  // The upsert numbers attempts one by one, so exactly one sees max + 1.
  return { allowed: count <= limit.max, count, retryAfterSeconds, lockStarted: count === limit.max + 1 };
}

/** Forgets the attempts counted in the current window (a success that clears a failure counter). */
export async function forgetAttempts(db: Db, clock: Clock, limit: RateLimit): Promise<void> {
  const window = Math.floor(clock.now().getTime() / limit.windowMs);
  refusals(db).delete(keyHash(limit, window));
  await db.deleteFrom('rate_limits').where('key_hash', '=', keyHash(limit, window)).execute();
}

/** Deletes ended windows; run by the service's periodic sweep. */
export async function sweepRateLimits(db: Db, clock: Clock): Promise<number> {
  const result = await db
    .deleteFrom('rate_limits')
    .where('expires_at', '<=', clock.now().toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
