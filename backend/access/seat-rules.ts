// Rules 6–8: a live license; a seat free in the sublicense of the user's group
// or in the desktop-users pool (seats count users, not devices: the user's own
// seat is theirs); a device slot free on that license (or this device
// already holds one). Sublicenses split a license's seats among groups; the
// rest is the desktop-users pool. Counted here, taken by the caller in the
// same transaction under the account's lock (decide.ts).
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { compileOnce } from '../db/compiled-query.ts';
import type { SublicensesTable } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { claimMatches, groupMatches } from './group-rule.ts';
import { overageVerdict } from './overage.ts';
import type { AccessRule, DecisionState, SeatPlace, UserActivation } from './rule-types.ts';

export const licenseRule: AccessRule = {
  id: 'license',
  title: 'The account has a live license',
  codes: ['LICENSE_EXPIRED', 'NO_SEATS_AVAILABLE'],
  async check(db, now, request, state) {
    // The key's license is read again: the caller read it before the account's lock was taken.
    // On PostgreSQL the lock's own statement returned it (row-locks.ts): no second read.
    const keyLicense = request.license;
    state.licenses = keyLicense
      ? (state.lockedLicenses?.filter((l) => l.id === keyLicense.id) ??
        (await db.selectFrom('licenses').selectAll().where('id', '=', keyLicense.id).execute()))
      : await db
          .selectFrom('licenses')
          .selectAll()
          .where('account_id', '=', state.accountId ?? '')
          .orderBy('expires_at', 'desc')
          .orderBy('id')
          .execute();
    const at = now.toISOString();
    state.live = state.licenses.filter((l) => l.expires_at > at);
    const evidence = {
      licenses: state.licenses.map((l) => ({ id: l.id, edition: l.edition, expiresAt: l.expires_at })),
    };
    if (state.licenses.length === 0)
      throw new LatchkeyError('NO_SEATS_AVAILABLE', 'the account has no license', evidence);
    if (state.live.length === 0)
      throw new LatchkeyError('LICENSE_EXPIRED', 'every license has expired', evidence);
    return { ...evidence, expiresAt: state.live[0]?.expires_at };
  },
};

// A user's live activations. Only `user_id` and `revoked_at` are filtered in SQL: with a
// `license_id` condition too, SQLite (without statistics) may walk the license's index over every
// seat of the license instead of the user's — 30 ms at 30,000 seats for a user's 0–5 rows.
// Compiled once (and prepared once per connection on PostgreSQL): it runs under the account's lock.
const readUserActivations = compileOnce<{ userId: string }, UserActivation>(['userId'], (db, p) =>
  db
    .selectFrom('activations')
    .select(['device_id', 'device_name', 'license_id', 'sublicense_id', 'over_count'])
    .where('user_id', '=', p.userId)
    .where('revoked_at', 'is', null)
    .$castTo<UserActivation>(),
);

/** The user's live activations, read once per decision (the seats and the devices rule both ask). */
async function usersLiveActivations(db: Db, state: DecisionState, userId: string): Promise<UserActivation[]> {
  if (state.userActivations?.userId === userId) return state.userActivations.rows;
  const { rows } = await readUserActivations(db, { userId });
  state.userActivations = { userId, rows };
  return rows;
}

const readSeatCount = compileOnce<{ licenseId: string; placeKey: string }, { holders: number | string }>(
  ['licenseId', 'placeKey'],
  (db, p) =>
    db
      .selectFrom('seat_counts')
      .select('holders')
      .where('license_id', '=', p.licenseId)
      .where('place_key', '=', p.placeKey),
);

/**
 * Seats used in the place, and whether the user holds one there: a primary-key read of the
 * count the database keeps with every activation write (migration 0041), not a count over the
 * license's activations — constant time at any number of seats, read under the account's lock.
 * Whether the user holds a seat there is read along the user's own live activations (a handful,
 * the devices rule's read too): a user holds a seat in a place exactly when one of them is there,
 * which is what the kept `seat_holders` row says.
 */
async function seatUse(db: Db, state: DecisionState, place: SeatPlace, userId: string | null) {
  const counted = (
    await readSeatCount(db, { licenseId: place.license.id, placeKey: place.sublicense?.id ?? '' })
  ).rows[0];
  const here = (userId === null ? [] : await usersLiveActivations(db, state, userId)).filter(
    (a) => a.license_id === place.license.id && a.sublicense_id === (place.sublicense?.id ?? null),
  );
  return {
    used: Number(counted?.holders ?? 0),
    holds: here.length > 0,
    // Whether the user's seat here was taken above the count (their next device is flagged the same).
    holdsOver: here.some((a) => Number(a.over_count) === 1),
  };
}

const readSublicenses = compileOnce<{ licenseId: string }, SublicensesTable>(['licenseId'], (db, p) =>
  db.selectFrom('sublicenses').selectAll().where('license_id', '=', p.licenseId),
);

/** SSO: the first live license where the user's group has a sublicense, or the desktop-users pool. */
async function placeFor(db: Db, request: Parameters<AccessRule['check']>[2], state: DecisionState) {
  const inDesktopGroup =
    state.scimGroups.some((g) => groupMatches(g, state.desktopGroup)) ||
    claimMatches(state.claimGroups, state.desktopGroup);
  for (const license of state.live) {
    const { rows: subs } = await readSublicenses(db, { licenseId: license.id });
    const sub = subs.find((s) => state.scimGroups.some((g) => g.id === s.group_id));
    if (sub) return { place: { license, sublicense: sub }, total: Number(sub.seats), subs };
    if (request.via === 'key' || inDesktopGroup) {
      const pool = Number(license.seats) - subs.reduce((sum, s) => sum + Number(s.seats), 0);
      return { place: { license, sublicense: null }, total: pool, subs };
    }
  }
  return undefined;
}

export const seatsRule: AccessRule = {
  id: 'seats',
  title: 'A seat is free (or the user holds one)',
  codes: ['NO_SEATS_AVAILABLE'],
  async check(db, _now, request, state) {
    // A key activation takes a pool seat of its license; groups are not asked.
    const found = await placeFor(db, request.via === 'key' ? { ...request, claim: null } : request, {
      ...state,
      scimGroups: request.via === 'key' ? [] : state.scimGroups,
    });
    if (!found)
      throw new LatchkeyError('NO_SEATS_AVAILABLE', "no live license has a seat for the user's groups", {
        licenses: state.live.map((l) => l.id),
      });
    const { place, total, subs } = found;
    const { used, holds, holdsOver } = await seatUse(db, state, place, state.user?.id ?? null);
    const sub = place.sublicense;
    const evidence = {
      licenseId: place.license.id,
      pool: sub ? 'sublicense' : 'desktop-users',
      ...(sub && {
        sublicenseId: sub.id,
        group: state.scimGroups.find((g) => g.id === sub.group_id)?.display_name ?? sub.group_id,
      }),
      used,
      total,
      holdsSeat: holds,
    };
    state.place = place;
    // The user's own seat stays theirs: only the others' count against the total.
    if (used - (holds ? 1 : 0) < total) return evidence;
    // The place is full: only the license's overage (access/overage.ts) lets one more in.
    const overage = await overageVerdict(db, place.license, subs, !holds);
    if (!overage?.allowed) {
      const of = sub ? "the group's sublicense" : 'the license';
      const ceiling = overage ? `, ${overage.evidence.ceiling} with its overage` : '';
      throw new LatchkeyError('NO_SEATS_AVAILABLE', `every seat of ${of} is taken (${total}${ceiling})`, {
        ...evidence,
        ...(overage && { overage: overage.evidence }),
      });
    }
    // Above the count: flagged on the activation and in the log (a holder's new device as their seat is).
    state.overCount = holds ? holdsOver : true;
    return { ...evidence, overage: overage.evidence, overCount: state.overCount };
  },
};

export const devicesRule: AccessRule = {
  id: 'devices',
  title: 'A device slot is free (or this device holds one)',
  codes: ['DEVICE_LIMIT_REACHED'],
  async check(db, _now, request, state) {
    const license = state.place?.license ?? state.live[0];
    if (!license) throw new Error('the devices rule runs after the seats rule');
    // A key activation's device is its own on this license; an SSO one moves between licenses.
    const mine = state.user
      ? (await usersLiveActivations(db, state, state.user.id)).filter(
          (a) => request.via !== 'key' || a.license_id === license.id,
        )
      : [];
    const onLicense = mine.filter((a) => a.license_id === license.id);
    const evidence = {
      licenseId: license.id,
      used: onLicense.length,
      limit: Number(license.device_limit),
      devices: onLicense.map((a) => a.device_name),
      thisDevice: mine.some((a) => a.device_id === request.deviceId) ? 'already active' : 'new',
    };
    if (evidence.thisDevice === 'already active') return evidence;
    if (onLicense.length >= Number(license.device_limit))
      throw new LatchkeyError(
        'DEVICE_LIMIT_REACHED',
        `already active on ${license.device_limit} devices`,
        evidence,
      );
    return evidence;
  },
};
