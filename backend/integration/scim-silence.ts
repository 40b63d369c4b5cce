// scim.silent (issue 24 item 1): a directory that had been provisioning sends
// nothing for 24 hours — an expired token in the IdP, a provisioning job
// switched off. The last SCIM request's time is what the Dashboard's health
// row already keeps (scim/request-health.ts, written at most once a minute per
// node). The state told is that request's time: one silence after one request
// is told once; a request later, the next silence is another state, told again.
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { moveState } from '../events/detector-state.ts';
import { writeEvent } from '../events/write-events.ts';

export const scimSilentAfterMs = 24 * 3600_000;

/** Every account provisioned by SCIM whose last request is 24 h old or more; returns the events written. */
export async function watchScimSilence(db: Db, clock: Clock): Promise<number> {
  const now = clock.now();
  const before = new Date(now.getTime() - scimSilentAfterMs).toISOString();
  const silent = await db
    .selectFrom('scim_health as h')
    .innerJoin('idp_configs as c', 'c.account_id', 'h.account_id')
    // The state already told, read with it: a run that finds nothing new writes nothing.
    .leftJoin('detector_states as s', (join) =>
      join.onRef('s.account_id', '=', 'h.account_id').on('s.subject', '=', 'scim'),
    )
    .select(['h.account_id', 'h.last_request_at', 's.state'])
    .where('c.provisioning', '=', 'scim')
    .where('h.last_request_at', '<=', before)
    .orderBy('h.account_id')
    .execute();
  let told = 0;
  for (const row of silent) {
    const state = `silent after ${row.last_request_at}`;
    if (row.state === state) continue;
    const silentMs = now.getTime() - new Date(row.last_request_at).getTime();
    const moved = await inTransaction(db, async (tx) => {
      const changed = await moveState(tx, {
        accountId: row.account_id,
        subject: 'scim',
        state,
        since: now.toISOString(),
      });
      if (changed)
        await writeEvent(tx, clock, row.account_id, {
          type: 'scim.silent',
          data: { lastRequestAt: row.last_request_at, silentHours: Math.floor(silentMs / 3600_000) },
        });
      return changed;
    });
    if (moved) told++;
  }
  return told;
}
