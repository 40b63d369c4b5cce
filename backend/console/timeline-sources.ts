// The sources of one user's timeline (user-timeline.ts merges them): each reads
// a user's newest rows from its own table by an index that ends in the row's
// time and a unique tiebreaker, strictly after the page's position.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { TimelineEntry } from '../../common/console-timeline.ts';
import type { Db } from '../db/types.ts';

/** Where the previous page ended: its last entry's time, source rank and id. */
export interface TimelinePosition {
  at: string;
  rank: number;
  id: string | number;
}

/** An entry with its place in the merged order: (at, rank, id), all descending. */
export interface Placed {
  at: string;
  rank: number;
  id: string | number;
  entry: TimelineEntry;
}

/** Whose timeline: the user, their account, the emails the activation log may name them by. */
export interface TimelineScope {
  accountId: string;
  userId: string;
  emails: string[];
}

/** A raw actor string (`scim-token:<id>`, `user:<email>`, …); labels are resolved per page. */
export type PlacedWithActor = Placed & { rawActor?: string };

export interface TimelineSource {
  /** Breaks ties between sources at the same instant: the higher comes first (an effect above its cause). */
  rank: number;
  idType: 'number' | 'string';
  read(
    db: Db,
    scope: TimelineScope,
    after: TimelinePosition | null,
    limit: number,
  ): Promise<PlacedWithActor[]>;
}

/**
 * Rows of this source that come after `after` in the merged order (at desc, rank desc, id desc).
 * The source's rank is fixed, so the three-part comparison reduces to one on (at, id):
 * a lower-ranked source may still show rows at the same instant; a higher-ranked one may not.
 */
function seek(at: string, id: string, rank: number, after: TimelinePosition | null): RawBuilder<SqlBool> {
  if (!after) return sql<SqlBool>`1 = 1`;
  const [atRef, idRef] = [sql.ref(at), sql.ref(id)];
  if (rank < after.rank) return sql<SqlBool>`${atRef} <= ${after.at}`;
  if (rank > after.rank) return sql<SqlBool>`${atRef} < ${after.at}`;
  // The bound on `at` alone lets both databases seek the index; the OR then only settles ties.
  return sql<SqlBool>`(${atRef} <= ${after.at} and (${atRef} < ${after.at} or ${idRef} < ${after.id}))`;
}

const checkIns: TimelineSource = {
  rank: 1,
  idType: 'string',
  async read(db, scope, after, limit) {
    const rows = await db
      .selectFrom('checkin_days as d')
      .innerJoin('activations as a', 'a.id', 'd.activation_id')
      .select(['d.activation_id', 'd.day', 'd.checkins', 'd.first_at', 'd.last_at', 'a.device_name'])
      .where('d.user_id', '=', scope.userId)
      .where('d.account_id', '=', scope.accountId)
      .where(seek('d.first_at', 'd.activation_id', this.rank, after))
      .orderBy('d.first_at', 'desc')
      .orderBy('d.activation_id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      at: r.first_at,
      rank: this.rank,
      id: r.activation_id,
      entry: {
        kind: 'check-ins',
        at: r.first_at,
        activationId: r.activation_id,
        deviceName: r.device_name,
        day: r.day,
        count: Number(r.checkins),
        lastAt: r.last_at,
      },
    }));
  },
};

const directory: TimelineSource = {
  rank: 3,
  idType: 'number',
  async read(db, scope, after, limit) {
    const rows = await db
      .selectFrom('audit_log')
      .select(['id', 'action', 'actor', 'at'])
      .where('account_id', '=', scope.accountId)
      .where('target', '=', scope.userId)
      .where(seek('at', 'id', this.rank, after))
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      at: r.at,
      rank: this.rank,
      id: Number(r.id),
      rawActor: r.actor,
      entry: { kind: 'directory', at: r.at, action: r.action, actor: { kind: 'system', label: r.actor } },
    }));
  },
};

const membership: TimelineSource = {
  rank: 4,
  idType: 'string',
  async read(db, scope, after, limit) {
    const rows = await db
      .selectFrom('membership_changes')
      .select(['id', 'group_name', 'change', 'actor', 'at'])
      .where('user_id', '=', scope.userId)
      .where('account_id', '=', scope.accountId)
      .where(seek('at', 'id', this.rank, after))
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      at: r.at,
      rank: this.rank,
      id: r.id,
      rawActor: r.actor,
      entry: {
        kind: 'membership',
        at: r.at,
        change: r.change,
        group: r.group_name,
        actor: { kind: 'system', label: r.actor },
      },
    }));
  },
};

// Accepted SSO sign-ins (console: `acs`; the app's: `entitlement`) and every refusal.
const signInStages = ['acs', 'entitlement'];

const attempts: TimelineSource = {
  rank: 5,
  idType: 'number',
  async read(db, scope, after, limit) {
    if (scope.emails.length === 0) return [];
    const rows = await db
      .selectFrom('activation_attempts')
      .select(['id', 'stage', 'outcome', 'code', 'at'])
      .where('account_id', '=', scope.accountId)
      .where('email', 'in', scope.emails)
      .where((eb) => eb.or([eb('outcome', '=', 'failure'), eb('stage', 'in', signInStages)]))
      .where(seek('at', 'id', this.rank, after))
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      at: r.at,
      rank: this.rank,
      id: Number(r.id),
      entry:
        r.outcome === 'failure'
          ? { kind: 'refusal', at: r.at, stage: r.stage, code: r.code, reference: Number(r.id) }
          : { kind: 'sign-in', at: r.at, stage: r.stage },
    }));
  },
};

const activations: TimelineSource = {
  rank: 6,
  idType: 'string',
  async read(db, scope, after, limit) {
    const rows = await db
      .selectFrom('activations')
      .select(['id', 'device_name', 'os', 'via', 'created_at'])
      .where('user_id', '=', scope.userId)
      .where('account_id', '=', scope.accountId)
      .where(seek('created_at', 'id', this.rank, after))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      at: r.created_at,
      rank: this.rank,
      id: r.id,
      entry: {
        kind: 'activation',
        at: r.created_at,
        activationId: r.id,
        deviceName: r.device_name,
        os: r.os,
        via: r.via,
      },
    }));
  },
};

const revocations: TimelineSource = {
  rank: 7,
  idType: 'string',
  async read(db, scope, after, limit) {
    const rows = await db
      .selectFrom('activations')
      .select(['id', 'device_name', 'revoked_at', 'revoked_code', 'revoked_reason'])
      .where('user_id', '=', scope.userId)
      .where('account_id', '=', scope.accountId)
      .where('revoked_at', 'is not', null)
      .where(seek('revoked_at', 'id', this.rank, after))
      .orderBy('revoked_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => {
      const at = r.revoked_at ?? '';
      return {
        at,
        rank: this.rank,
        id: r.id,
        entry: {
          kind: 'revocation',
          at,
          activationId: r.id,
          deviceName: r.device_name,
          code: r.revoked_code,
          reason: r.revoked_reason,
        },
      };
    });
  },
};

export const timelineSources: readonly TimelineSource[] = [
  checkIns,
  directory,
  membership,
  attempts,
  activations,
  revocations,
];
