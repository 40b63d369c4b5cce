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
