// Domains of an account: add (pending claims may coexist; a verified claim is
// exclusive — domain-claims.ts), verify by DNS TXT, re-check later, remove.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Domain } from '../../common/console-api.ts';
import { z } from 'zod';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { DomainsTable } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { claimedElsewhere, claimsOn, lostClaimsOf, voidPendingClaims } from './domain-claims.ts';
import { normalizeDomain } from './domain-name.ts';
import { checkTxtRecord, txtRecordFor, type TxtCheck, type TxtLookup } from './txt-verifier.ts';

export const addDomainInput = z.object({ domain: z.string().max(300) }).strict();

/** A domain as the console API answers it (common/console-api.ts). */
export type DomainView = Domain;

export function toDomainView(row: DomainsTable, contested = false): DomainView {
  return {
    id: row.id,
    domain: row.name,
    verified: row.verified_at !== null,
    verifiedAt: row.verified_at,
    lastCheckedAt: row.last_checked_at,
    lastCheckError: row.last_check_error,
    record: txtRecordFor(row.name, row.txt_token),
    createdAt: row.created_at,
    // A verified claim is exclusive: only a pending one can be contested.
    claimedElsewhere: contested && row.verified_at === null,
  };
}

export async function listDomains(db: Db, accountId: string): Promise<DomainView[]> {
  const rows = await db
    .selectFrom('domains')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('name')
    .execute();
  const contested = await claimedElsewhere(
    db,
    accountId,
    rows.map((r) => r.name),
  );
  return rows.map((r) => toDomainView(r, contested.has(r.name)));
}

/** Step 1's list: the account's domains, and the claims it lost to another account's verification. */
export async function listDomainsWithLostClaims(db: Db, clock: Clock, accountId: string) {
  const domains = await listDomains(db, accountId);
  const lostClaims = await lostClaimsOf(
    db,
    clock,
    accountId,
    domains.map((d) => d.domain),
  );
  return { domains, lostClaims };
}

export async function addDomain(
  db: Db,
  clock: Clock,
  accountId: string,
  rawDomain: string,
  actor: string,
): Promise<DomainView> {
  const name = normalizeDomain(rawDomain);
  const refuseIfTaken = async () => {
    const claims = await claimsOn(db, name);
    if (claims.some((c) => c.accountId === accountId)) throw domainTaken(name, true);
    if (claims.some((c) => c.verified)) throw domainTaken(name, false);
    return claims.length > 0;
  };
  const contested = await refuseIfTaken();
  const row: DomainsTable = {
    id: randomUUID(),
    account_id: accountId,
    name,
    txt_token: randomBytes(24).toString('base64url'),
    verified_at: null,
    last_checked_at: null,
    last_check_error: null,
    created_at: clock.now().toISOString(),
  };
  try {
    await inTransaction(db, async (tx) => {
      await tx.insertInto('domains').values(row).execute();
      await writeAudit(tx, clock, { accountId, actor, action: 'domain.added', target: name });
    });
  } catch (err) {
    // Two requests of this account raced past the check above; the unique index decides.
    if (isUniqueViolation(err)) await refuseIfTaken();
    throw err;
  }
  return toDomainView(row, contested);
}

function domainTaken(name: string, sameAccount: boolean): ApiError {
  return sameAccount
    ? new ApiError(409, 'domain_exists', `${name} is already added to this account`, { field: 'domain' })
    : new ApiError(
        409,
        'domain_taken',
        `${name} is already verified by another account; contact support if you own it`,
        {
          field: 'domain',
        },
      );
}

async function loadDomain(db: Db, accountId: string, domainId: string): Promise<DomainsTable> {
  const row = await db
    .selectFrom('domains')
    .selectAll()
    .where('id', '=', domainId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw new ApiError(404, 'domain_not_found', 'no such domain in this account');
  return row;
}

/** Looks the TXT record up now; records the outcome, and un-verifies a domain whose record is gone. */
export async function verifyDomain(
  db: Db,
  clock: Clock,
  lookup: TxtLookup,
  accountId: string,
  domainId: string,
  actor: string,
): Promise<DomainView> {
  const row = await loadDomain(db, accountId, domainId);
  return recordCheck(db, clock, row, await checkTxtRecord(lookup, row.name, row.txt_token), actor);
}

async function recordCheck(
  db: Db,
  clock: Clock,
  row: DomainsTable,
  check: TxtCheck,
  actor: string,
): Promise<DomainView> {
  const now = clock.now().toISOString();
  const updated: DomainsTable = {
    ...row,
    last_checked_at: now,
    last_check_error: check.ok ? null : check.reason,
    verified_at: check.ok ? (row.verified_at ?? now) : null,
  };
  const wasVerified = row.verified_at !== null;
  try {
    await inTransaction(db, async (tx) => {
      const result = await tx
        .updateTable('domains')
        .set({
          last_checked_at: updated.last_checked_at,
          last_check_error: updated.last_check_error,
          verified_at: updated.verified_at,
        })
        .where('id', '=', row.id)
        .executeTakeFirst();
      // Voided meanwhile: another account verified the domain first.
      if (Number(result.numUpdatedRows) === 0) throw domainTaken(row.name, false);
      if (wasVerified !== check.ok) {
        await writeAudit(tx, clock, {
          accountId: row.account_id,
          actor,
          action: check.ok ? 'domain.verified' : 'domain.unverified',
          target: row.name,
          ...(!check.ok && { detail: { reason: check.reason } }),
        });
      }
    });
  } catch (err) {
    // The partial unique index on verified names: another account's verification won the race.
    if (isUniqueViolation(err)) throw domainTaken(row.name, false);
    throw err;
  }
  // Also on a re-check of a verified domain: finishes a voiding that an earlier crash cut short.
  if (check.ok) await voidPendingClaims(db, clock, row.name, row.account_id, actor);
  const contested = await claimedElsewhere(db, row.account_id, [row.name]);
  return toDomainView(updated, contested.has(row.name));
}

/** Re-checks every domain (all accounts): run periodically by the service and by `recheck-domains`. */
export async function recheckAllDomains(
  db: Db,
  clock: Clock,
  lookup: TxtLookup,
): Promise<{ checked: number; verified: number; lost: string[] }> {
  const rows = await db.selectFrom('domains').selectAll().orderBy('name').execute();
  let verified = 0;
  const lost: string[] = [];
  for (const row of rows) {
    const check = await checkTxtRecord(lookup, row.name, row.txt_token);
    let view: DomainView | undefined;
    try {
      view = await recordCheck(db, clock, row, check, 'system');
    } catch (err) {
      // A pending claim voided, or out-raced, while the re-check ran: it is no longer this account's.
      if (!(err instanceof ApiError && err.code === 'domain_taken')) throw err;
    }
    if (view?.verified) verified += 1;
    else if (row.verified_at !== null) lost.push(row.name);
  }
  return { checked: rows.length, verified, lost };
}

export async function removeDomain(
  db: Db,
  clock: Clock,
  accountId: string,
  domainId: string,
  actor: string,
): Promise<void> {
  const row = await loadDomain(db, accountId, domainId);
  await inTransaction(db, async (tx) => {
    await tx.deleteFrom('domains').where('id', '=', row.id).execute();
    await writeAudit(tx, clock, { accountId, actor, action: 'domain.removed', target: row.name });
  });
}
