// Several accounts may claim a domain; only a verified claim is exclusive
// (anyone can sign up, so a pending claim must not lock the real owner out).
// The database holds the rule: a partial unique index on verified names
// (migration 0010). Verification voids the other accounts' pending claims.
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';

/** Who holds a claim on `name`: pending claims of any account, the verified one if any. */
export async function claimsOn(db: Db, name: string): Promise<{ accountId: string; verified: boolean }[]> {
  const rows = await db
    .selectFrom('domains')
    .select(['account_id', 'verified_at'])
    .where('name', '=', name)
    .execute();
  return rows.map((r) => ({ accountId: r.account_id, verified: r.verified_at !== null }));
}

/**
 * Deletes the other accounts' pending claims on a name `accountId` has verified, each with an
 * audit entry in the account that lost it and one in the verifier's. Its own transaction, after
 * the verification committed: in one with it, two racing verifications could deadlock
 * (each holding its row and waiting for the other's).
 */
export async function voidPendingClaims(
  db: Db,
  clock: Clock,
  name: string,
  accountId: string,
  actor: string,
): Promise<number> {
  return inTransaction(db, async (tx) => {
    const voided = await tx
      .deleteFrom('domains')
      .where('name', '=', name)
      .where('account_id', '<>', accountId)
      .where('verified_at', 'is', null)
      .returning(['account_id'])
      .execute();
    for (const row of voided) {
      await writeAudit(tx, clock, {
        accountId: row.account_id,
        actor: 'system',
        action: 'domain.claim_voided',
        target: name,
        detail: { reason: 'another account verified this domain' },
      });
    }
    if (voided.length > 0) {
      await writeAudit(tx, clock, {
        accountId,
        actor,
        action: 'domain.claims_voided',
        target: name,
        detail: { pendingClaims: voided.length },
      });
    }
    return voided.length;
  });
}

/**
 * Which of `names` another account has also added (pending: a verified claim voids the others).
 * The console flags them — "the first to verify it keeps it" — without naming that account.
 */
export async function claimedElsewhere(db: Db, accountId: string, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await db
    .selectFrom('domains')
    .select('name')
    .distinct()
    .where('name', 'in', names)
    .where('account_id', '<>', accountId)
    .execute();
  return new Set(rows.map((r) => r.name));
}

/** How long a lost claim stays on the console's step 1 after another account verified the domain. */
export const lostClaimDays = 30;

/**
 * Pending claims of this account voided because another account verified the domain first
 * (their `domain.claim_voided` audit entries), within `lostClaimDays`, unless the account holds
 * the name again: the voiding deletes the row, and this is what step 1 shows in its place.
 */
export async function lostClaimsOf(
  db: Db,
  clock: Clock,
  accountId: string,
  heldNames: string[],
): Promise<{ domain: string; lostAt: string }[]> {
  const since = new Date(clock.now().getTime() - lostClaimDays * 86_400_000).toISOString();
  const rows = await db
    .selectFrom('audit_log')
    .select(['target', (eb) => eb.fn.max('at').as('lostAt')])
    .where('account_id', '=', accountId)
    .where('action', '=', 'domain.claim_voided')
    .where('at', '>=', since)
    .groupBy('target')
    .orderBy('target')
    .execute();
  const held = new Set(heldNames);
  return rows.flatMap((r) =>
    r.target !== null && !held.has(r.target) ? [{ domain: r.target, lostAt: String(r.lostAt) }] : [],
  );
}
