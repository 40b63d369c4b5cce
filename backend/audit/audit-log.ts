// The audit log: who changed what, when. Details never hold secrets.
import type { AuditEntry as ConsoleAuditEntry } from '../../common/console-api.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { eventsOfAudit } from '../events/from-audit.ts';
import { writeEvents } from '../events/write-events.ts';

export interface AuditEntry {
  accountId: string | null;
  /** `user:<email>`, `cli`, `scim-token:<id>`, `system`. */
  actor: string;
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
}

/** An entry as the console API answers it (common/console-api.ts). */
export type AuditRecord = ConsoleAuditEntry;

export async function writeAudit(db: Db, clock: Clock, entry: AuditEntry): Promise<void> {
  // Some entries are events too (events/from-audit.ts): written with the entry, in its transaction.
  const events = entry.accountId === null ? [] : eventsOfAudit(entry);
  if (entry.accountId !== null && events.length > 0) {
    const accountId = entry.accountId;
    await inTransaction(db, async (tx) => {
      await insertAudit(tx, clock, entry);
      await writeEvents(tx, clock, accountId, events);
    });
  } else await insertAudit(db, clock, entry);
}

async function insertAudit(db: Db, clock: Clock, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      account_id: entry.accountId,
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
      at: clock.now().toISOString(),
    })
    .execute();
}

export async function listAudit(
  db: Db,
  accountId: string,
  options: { limit: number; beforeId?: number },
): Promise<AuditRecord[]> {
  let query = db.selectFrom('audit_log').selectAll().where('account_id', '=', accountId);
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    accountId: r.account_id,
    actor: r.actor,
    action: r.action,
    target: r.target,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    at: r.at,
  }));
}
