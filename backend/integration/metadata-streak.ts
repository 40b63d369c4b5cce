// metadata.fetch_failed (issue 24 item 1): told once per failing streak, not
// per attempt. The streak's state (events/detector-state.ts, subject
// `metadata`) becomes `failing` with the first failed re-fetch — that
// transaction records the error and writes the event — and `ok` with the next
// good fetch, which ends the streak: the failure after it starts a new one.
// Every node re-fetches on its own schedule; the conditional state move lets
// only one of them tell a streak.
import type { IdpConfigsTable } from '../db/schema.ts';
import { inTransaction } from '../db/types.ts';
import { moveState } from '../events/detector-state.ts';
import { writeEvent } from '../events/write-events.ts';
import type { IntegrationContext } from './config-store.ts';

const subject = 'metadata';

/** A failed re-fetch: recorded for the integration view, and told when it starts a streak. */
export async function recordMetadataFailure(
  ctx: IntegrationContext,
  accountId: string,
  url: string,
  error: string,
): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await inTransaction(ctx.db, async (tx) => {
    const changes: Partial<IdpConfigsTable> = { metadata_checked_at: now, metadata_error: error };
    await tx.updateTable('idp_configs').set(changes).where('account_id', '=', accountId).execute();
    if (await moveState(tx, { accountId, subject, state: 'failing', since: now }))
      await writeEvent(tx, ctx.clock, accountId, {
        type: 'metadata.fetch_failed',
        data: { url, error, failingSince: now },
      });
  });
}

/** A good fetch ends the streak (nothing is told). */
export async function endMetadataStreak(ctx: IntegrationContext, accountId: string): Promise<void> {
  await moveState(ctx.db, { accountId, subject, state: 'ok', since: ctx.clock.now().toISOString() });
}
