// A spike of one refusal code (docs/notifications.md): at least `threshold`
// `activation.refused` events with the same code within `windowMinutes`. The
// spike is `on` from the refusal that reaches the threshold and `over` once a
// window holds fewer than half of it; only the change to `on` is emailed, so a spike is
// told once when it starts and again only after it ended.
import type { Db } from '../db/types.ts';
import { changeFactState, factState } from './fact-state.ts';
import type { Fact, StoredEvent } from './facts.ts';

export interface SpikeSettings {
  threshold: number;
  windowMinutes: number;
}

interface Refusal {
  seq: number;
  at: number;
  code: string;
}

const codeOf = (data: Record<string, unknown>): string => (typeof data.code === 'string' ? data.code : '');

/** The account's refusals from `fromMs` on, up to `lastSeq` (or all), oldest first. */
async function refusalsSince(
  db: Db,
  accountId: string,
  fromMs: number,
  lastSeq?: number,
): Promise<Refusal[]> {
  let q = db
    .selectFrom('events')
    .select(['seq', 'occurred_at', 'data'])
    .where('account_id', '=', accountId)
    .where('type', '=', 'activation.refused')
    .where('occurred_at', '>', new Date(fromMs).toISOString());
  if (lastSeq !== undefined) q = q.where('seq', '<=', lastSeq);
  const rows = await q.orderBy('seq').execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: Date.parse(r.occurred_at),
    code: codeOf(JSON.parse(r.data) as Record<string, unknown>),
  }));
}

const spikeKey = (code: string) => `spike:${code}`;

/**
 * A spike is over when a window holds fewer than half the threshold: a rate that hovers around the
 * threshold stays one spike (one email), not a new one at each dip.
 */
const calmBelow = (settings: SpikeSettings): number => Math.ceil(settings.threshold / 2);

/** The spikes that started within `batch` (events in seq order); spikes that ended in it are marked over. */
export async function spikesOfBatch(
  db: Db,
  accountId: string,
  batch: readonly StoredEvent[],
  settings: SpikeSettings,
): Promise<Fact[]> {
  const refused = batch.filter((e) => e.type === 'activation.refused');
  const first = refused[0];
  const last = refused.at(-1);
  if (!first || !last) return [];
  const windowMs = settings.windowMinutes * 60_000;
  const history = await refusalsSince(db, accountId, Date.parse(first.occurredAt) - windowMs, last.seq);
  const facts: Fact[] = [];
  for (const event of refused) {
    const code = codeOf(event.data);
    const at = Date.parse(event.occurredAt);
    const count = history.filter((h) => h.code === code && h.seq <= event.seq && h.at > at - windowMs).length;
    const state = await factState(db, accountId, spikeKey(code));
    const next =
      count >= settings.threshold ? 'on' : count < calmBelow(settings) ? 'over' : (state ?? 'over');
    if (next === state) continue;
    await changeFactState(db, accountId, spikeKey(code), next, event.occurredAt);
    if (next === 'on')
      facts.push({
        kind: 'refusal_spike',
        key: `${spikeKey(code)}@${event.occurredAt}`,
        type: 'refusal.spike',
        occurredAt: event.occurredAt,
        data: { code, count, threshold: settings.threshold, windowMinutes: settings.windowMinutes },
      });
  }
  return facts;
}

/** Spikes whose last window has gone quiet are over (a quiet window writes no event to notice it by). */
export async function endQuietSpikes(
  db: Db,
  accountId: string,
  nowMs: number,
  settings: SpikeSettings,
): Promise<number> {
  const on = await db
    .selectFrom('notification_facts')
    .select('fact_key')
    .where('account_id', '=', accountId)
    .where('fact_key', 'like', 'spike:%')
    .where('state', '=', 'on')
    .execute();
  if (on.length === 0) return 0;
  const recent = await refusalsSince(db, accountId, nowMs - settings.windowMinutes * 60_000);
  let ended = 0;
  for (const { fact_key } of on) {
    const code = fact_key.slice('spike:'.length);
    if (recent.filter((r) => r.code === code).length >= calmBelow(settings)) continue;
    if ((await factState(db, accountId, fact_key)) !== 'on') continue;
    await changeFactState(db, accountId, fact_key, 'over', new Date(nowMs).toISOString());
    ended++;
  }
  return ended;
}
