// PostgreSQL's check-in in one round trip: the read (check-in-read.ts) and the
// lease renewal as one statement — a CTE whose UPDATE … FROM renews the lease
// only where the read found the seat standing — so a check-in waits for the
// database once, not two or three times. The key path also finds its caller by
// the activation secret in the same statement. SQLite (in-process, no round
// trips) keeps its read-then-write (check-in.ts): it has no UPDATE in a CTE.
//
// What the renewal's WHERE keeps from the two-step path:
// - `activations.revoked_at is null` is judged on the row as it is when the
//   UPDATE reaches it (READ COMMITTED re-checks a row another transaction just
//   changed), as the separate write judged it: a revocation that commits first
//   wins, and the check-in is refused (check-in.ts re-reads why).
// - `r.held`: the user active and not deleted, the license live, the granting
//   membership still there (check-in-read.ts) — else no renewal here, and the
//   full decision runs under the account's lock, as before.
// - `r.license_expires_at >= leaseEnd`: the lease that fits inside the license;
//   a license ending sooner renews through the two-step path, whose lease stops
//   at the license's end (activations.ts leaseEndFor).
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { compileOnce } from '../db/compiled-query.ts';
import type { Database } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { selectCheckInRow, type HeldRow } from './check-in-read.ts';

/** The renewal's statement is PostgreSQL's (a data-modifying CTE); SQLite reads, then writes. */
export const renewsInOneStatement = (db: Db): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

type Renewed = HeldRow & { renewed: boolean };
type WithCaller = Partial<Renewed> & { caller_id: string; caller_user_id: string; caller_account_id: string };

/**
 * `with r as (read), u as (renewal) …`: the renewal of the one row `r` found, when its seat
 * stands (and `also` holds: the token path's proof was new).
 */
const renewal = (now: string, leaseEnd: string, also = sql``) => sql`u as (
  update activations set last_checkin_at = ${now}, lease_expires_at = ${leaseEnd}
  from r
  where activations.id = r.id and activations.revoked_at is null
    and r.held and r.license_expires_at >= ${leaseEnd} ${also}
  returning activations.id)`;

/** A raw statement as compileOnce takes it: compiled against the database it was built on. */
const compilable = <R>(db: Kysely<Database>, statement: ReturnType<typeof sql<R>>) => ({
  compile: () => statement.compile(db),
});

/** The SSO path's check-in (the caller known from its access token): read and renew, one statement. */
const renewByUser = compileOnce<{ id: string; userId: string; now: string; leaseEnd: string }, Renewed>(
  ['id', 'userId', 'now', 'leaseEnd'],
  (db, p) =>
    compilable(
      db,
      sql<Renewed>`with r as ${selectCheckInRow(db, p.now)
        .where('a.id', '=', p.id)
        .where('a.user_id', '=', p.userId)},
      ${renewal(p.now, p.leaseEnd)}
      select r.*, exists (select 1 from u) as renewed from r`,
    ),
);

/**
 * The key path's check-in: the caller by its activation secret (api-caller.ts
 * asks the same: a key activation's secret), and — when the path names that
 * same activation — its read and renewal, one statement. No row: no such secret.
 */
const renewBySecret = compileOnce<
  { id: string; secretHash: string; now: string; leaseEnd: string },
  WithCaller
>(['id', 'secretHash', 'now', 'leaseEnd'], (db, p) =>
  compilable(
    db,
    sql<WithCaller>`with c as (
        select id, user_id, account_id from activations where secret_hash = ${p.secretHash} and via = 'key'
        limit 1),
      r as ${selectCheckInRow(db, p.now)
        .where('a.id', '=', p.id)
        .where('a.secret_hash', '=', p.secretHash)
        .where('a.via', '=', 'key')},
      ${renewal(p.now, p.leaseEnd)}
      select c.id as caller_id, c.user_id as caller_user_id, c.account_id as caller_account_id,
        r.*, exists (select 1 from u) as renewed
      from c left join r on r.id = c.id`,
  ),
);

type WithToken = Partial<Renewed> & {
  token_user_id: string;
  token_account_id: string;
  token_email: string | null;
  token_grant: string | null;
  fresh: boolean;
};

/**
 * The token path's statement parameters: the check-in, the token (by its row key) and the proof.
 * A type, not an interface: compileOnce wants a record of values (an interface has no index signature).
 */
type TokenCheckInParams = {
  id: string;
  tokenKey: string;
  clientId: string;
  jkt: string;
  proofId: string;
  proofUntil: string;
  now: string;
  leaseEnd: string;
};

/**
 * The app's check-in with its DPoP-bound access token (RFC 9449), its proof already checked
 * but for the key match and the replay (dpop-proof.ts provenClaims): the token's row with its
 * user (as oidc/access-token-lookup.ts reads it: the desktop client's, not expired, its user
 * there) bound to the proof's key; the proof's jti remembered (oidc/dpop-replay.ts: the insert
 * that conflicts is the replay check, also between nodes) — only for such a token; and the
 * check-in's read and renewal, renewing only when the jti was new. No row: no such token for
 * this key (absent, revoked, expired, another key, a row without the lookup columns).
 */
const renewByToken = compileOnce<TokenCheckInParams, WithToken>(
  ['id', 'tokenKey', 'clientId', 'jkt', 'proofId', 'proofUntil', 'now', 'leaseEnd'],
  (db, p) =>
    compilable(
      db,
      sql<WithToken>`with tok as (
        select o.user_id, u.account_id, u.email, o.grant_value from oidc_models o
        join account_users u on u.id = o.user_id
        where o.model = 'AccessToken' and o.id = ${p.tokenKey} and o.client_id = ${p.clientId}
          and o.jkt = ${p.jkt} and o.expires_at > ${p.now}),
      proof as (
        insert into dpop_proofs (id, expires_at) select ${p.proofId}, ${p.proofUntil} from tok
        on conflict do nothing returning id),
      r as ${selectCheckInRow(db, p.now)
        .where('a.id', '=', p.id)
        .where('a.user_id', '=', sql<string>`(select user_id from tok)`)},
      ${renewal(p.now, p.leaseEnd, sql`and exists (select 1 from proof)`)}
      select tok.user_id as token_user_id, tok.account_id as token_account_id, tok.email as token_email,
        tok.grant_value as token_grant, exists (select 1 from proof) as fresh,
        r.*, exists (select 1 from u) as renewed
      from tok left join r on true`,
    ),
);

export interface TokenCheckIn {
  caller: { userId: string; accountId: string; email: string | null; grantId: string | null };
  read: CheckInRead;
}

/**
 * One statement for the token path (PostgreSQL): undefined when it found no such token for
 * this key, or the proof's jti was already there (a replay, or the same proof on another node
 * first) — then nothing was written, and the caller takes the usual path, whose answers stay
 * the only ones.
 */
export async function readAndRenewByToken(db: Db, p: TokenCheckInParams): Promise<TokenCheckIn | undefined> {
  const row = (await renewByToken(db, p)).rows[0];
  if (!row?.fresh) return undefined;
  const {
    token_user_id: userId,
    token_account_id: accountId,
    token_email: email,
    token_grant: grantId,
    fresh: _written,
    ...rest
  } = row;
  const read = readOf(p.id, rest.id === undefined || rest.id === null ? undefined : (rest as Renewed), p);
  return { caller: { userId, accountId, email, grantId }, read };
}

/** What a check-in read found, and whether the same statement already renewed its lease. */
export interface CheckInRead {
  activationId: string;
  found: HeldRow | undefined;
  /** The lease the statement wrote (PostgreSQL, seat standing); undefined: nothing written yet. */
  renewed: { lastCheckinAt: string; leaseExpiresAt: string } | undefined;
}

export async function readAndRenewByUser(
  db: Db,
  p: { id: string; userId: string; now: string; leaseEnd: string },
): Promise<CheckInRead> {
  const row = (await renewByUser(db, p)).rows[0];
  return readOf(p.id, row, p);
}

export interface KeyCheckIn {
  caller: { activationId: string; userId: string; accountId: string };
  /** Set when the path's activation is the secret's own: the check-in read (and renewal). */
  read: CheckInRead | undefined;
}

export async function readAndRenewBySecret(
  db: Db,
  p: { id: string; secretHash: string; now: string; leaseEnd: string },
): Promise<KeyCheckIn | undefined> {
  const row = (await renewBySecret(db, p)).rows[0];
  if (!row) return undefined;
  const { caller_id: activationId, caller_user_id: userId, caller_account_id: accountId, ...rest } = row;
  const caller = { activationId, userId, accountId };
  return { caller, read: activationId === p.id ? readOf(p.id, rest as Renewed, p) : undefined };
}

function readOf(
  activationId: string,
  row: Renewed | undefined,
  p: { now: string; leaseEnd: string },
): CheckInRead {
  if (!row) return { activationId, found: undefined, renewed: undefined };
  const { renewed, ...found } = row;
  return {
    activationId,
    found,
    renewed: renewed ? { lastCheckinAt: p.now, leaseExpiresAt: p.leaseEnd } : undefined,
  };
}
