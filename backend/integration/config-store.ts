// Reads and writes an account's integration settings; every write is audited
// in the same transaction as the change.
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { RunMode } from '../config.ts';
import type { IdpConfigsTable } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';

export interface IntegrationContext {
  db: Db;
  clock: Clock;
  publicUrl: string;
  mode: RunMode;
}

export async function loadConfig(db: Db, accountId: string): Promise<IdpConfigsTable> {
  const row = await db
    .selectFrom('idp_configs')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw new ApiError(404, 'account_not_found', 'no such account');
  return row;
}

export async function updateConfig(
  ctx: IntegrationContext,
  accountId: string,
  changes: Partial<Omit<IdpConfigsTable, 'account_id'>>,
  audit: { actor: string; action: string; detail?: Record<string, unknown> },
): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    await loadConfig(tx, accountId);
    await tx
      .updateTable('idp_configs')
      .set({ ...changes, updated_at: ctx.clock.now().toISOString() })
      .where('account_id', '=', accountId)
      .execute();
    await writeAudit(tx, ctx.clock, { accountId, ...audit });
  });
}
