// A check-in's read: the activation, its license and holder, and whether the
// seat it holds still stands, as one query over `activations as a` — what
// SQLite's check-in reads (check-in.ts) and what PostgreSQL's one-statement
// renewal reads and writes from (check-in-statement.ts).
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { ActivationsTable, Database } from '../db/schema.ts';
import { groupMatchesSql } from '../access/group-rule.ts';

type ActivationRow = ExpressionBuilder<Database & { a: ActivationsTable }, 'a'>;

/**
 * The seat an activation holds still stands: the user active, the license
 * live, and — for an SSO activation — the membership that granted the seat
 * (the sublicense's group, or the desktop-users group) still there; a key
 * activation needs no group.
 */
export function seatStillStands(eb: ActivationRow, now: string) {
  return eb.and([
    eb.exists(
      eb
        .selectFrom('account_users as u')
        .select('u.id')
        .whereRef('u.id', '=', 'a.user_id')
        .whereRef('u.account_id', '=', 'a.account_id')
        .where('u.active', '=', 1)
        .where('u.deleted_at', 'is', null),
    ),
    eb.exists(
      eb
        .selectFrom('licenses as l')
        .select('l.id')
        .whereRef('l.id', '=', 'a.license_id')
        .where('l.expires_at', '>', now),
    ),
    // Without SCIM (step 5), membership is the last sign-in's claim, within a window:
    // the full decision reads it (access/claim-membership.ts), never this shortcut.
    eb.or([
      eb('a.via', '=', 'key'),
      eb.exists(
        eb
          .selectFrom('idp_configs as p')
          .select('p.account_id')
          .whereRef('p.account_id', '=', 'a.account_id')
          .where('p.provisioning', '=', 'scim'),
      ),
    ]),
    grantingMembershipHolds(eb),
  ]);
}

/**
 * The group that granted the seat still holds the user: the sublicense's group
 * when `a.sublicense_id` is set, else the desktop-users group by the one group
 * rule (access/group-rule.ts). A key activation needs no group.
 */
function grantingMembershipHolds(eb: ActivationRow) {
  return eb.or([
    eb('a.via', '=', 'key'),
    eb.and([
      eb('a.sublicense_id', 'is', null),
      eb.exists(
        eb
          .selectFrom('group_members as m')
          .innerJoin('groups as g', 'g.id', 'm.group_id')
          .innerJoin('idp_configs as c', 'c.account_id', 'g.account_id')
          .select('m.user_id')
          .whereRef('m.user_id', '=', 'a.user_id')
          .where(
            groupMatchesSql('g', {
              id: sql.ref('c.desktop_group_id'),
              name: sql.ref('c.desktop_group_name'),
            }),
          ),
      ),
    ]),
    eb.exists(
      eb
        .selectFrom('group_members as m')
        .innerJoin('sublicenses as s', 's.group_id', 'm.group_id')
        .select('m.user_id')
        .whereRef('m.user_id', '=', 'a.user_id')
        .whereRef('s.id', '=', 'a.sublicense_id'),
    ),
  ]);
}

export type HeldRow = ActivationsTable & {
  edition: string | null;
  license_expires_at: string | null;
  holder_email: string | null;
  holder_user_name: string | null;
  holder_display_name: string | null;
  held: unknown;
};

// Named, not `a.*`: a prepared statement on PostgreSQL keeps its result's shape, and a column a
// migration adds on another node would fail it ("cached plan must not change result type").
const activationColumns = [
  'id',
  'account_id',
  'user_id',
  'license_id',
  'sublicense_id',
  'device_id',
  'device_name',
  'os',
  'app_version',
  'created_at',
  'last_checkin_at',
  'lease_expires_at',
  'revoked_at',
  'revoked_reason',
  'revoked_code',
  'via',
  'secret_hash',
  'over_count',
] as const satisfies readonly (keyof ActivationsTable)[];

/**
 * The activation (its `where` left to the caller) and whether the seat it holds
 * still stands: the user active, the license live, and — for an SSO activation
 * — the membership that granted the seat (the sublicense's group, or the
 * desktop-users group) still there; a key activation needs no group.
 */
export function selectCheckInRow(db: Kysely<Database>, now: string) {
  return (
    db
      .selectFrom('activations as a')
      .select(activationColumns.map((c) => `a.${c}` as const))
      // Scalar subqueries, not joins: SQLite ran this very query with joins 5–10× slower
      // (bench/report: check-ins over HTTP), though each plan step was an index search.
      .select((eb) => [
        eb
          .selectFrom('licenses as l')
          .select('l.edition')
          .whereRef('l.id', '=', 'a.license_id')
          .as('edition'),
        eb
          .selectFrom('licenses as l')
          .select('l.expires_at')
          .whereRef('l.id', '=', 'a.license_id')
          .as('license_expires_at'),
        // The holder the renewed license names (license-holder.ts): its primary-key row, no extra read.
        ...(['email', 'user_name', 'display_name'] as const).map((column) =>
          eb
            .selectFrom('account_users as h')
            .select(`h.${column}`)
            .whereRef('h.id', '=', 'a.user_id')
            .as(`holder_${column}`),
        ),
      ])
      .select((eb) => seatStillStands(eb, now).as('held'))
  );
}
