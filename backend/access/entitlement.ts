// The decision as the activation writers need it: which license and
// sublicense grant the seat. The SSO way for an existing user (the licensing
// API's re-check, check-in) and the key way for a key activation's license.
import type { Clock } from '../clock.ts';
import type { LicensesTable } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { decide, type Decision } from './decide.ts';

export interface Entitlement {
  license: LicensesTable;
  sublicenseId: string | null;
  /** Above the count, under the license's overage: the activation is flagged (over_count). */
  overCount: boolean;
}

export function entitlementOf(decision: Decision): Entitlement {
  if (!decision.place) throw new Error('the decision ran without the seats rule');
  return {
    license: decision.place.license,
    sublicenseId: decision.place.sublicense?.id ?? null,
    overCount: decision.overCount,
  };
}

/** Check-in's re-decision: no claim of its own, the last sign-in's stands in (as for the access check). */
export async function decideEntitlement(
  db: Db,
  clock: Clock,
  accountId: string,
  userId: string,
): Promise<Entitlement> {
  const decision = await decide(db, clock, {
    via: 'sso',
    email: null,
    accountId,
    user: { id: userId },
    lastSignIn: true,
    rules: ['user', 'active', 'group', 'license', 'seats'],
  });
  return entitlementOf(decision);
}

/** The seat a key activation holds: user active, the key's license live, a pool seat free. */
export async function keyEntitlement(
  db: Db,
  clock: Clock,
  license: LicensesTable,
  userId: string,
): Promise<Entitlement> {
  const decision = await decide(db, clock, {
    via: 'key',
    email: null,
    accountId: license.account_id,
    user: { id: userId },
    license,
    rules: ['user', 'active', 'license', 'seats'],
  });
  return entitlementOf(decision);
}
