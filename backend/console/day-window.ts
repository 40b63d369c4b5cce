// A window of whole UTC days ending today, for the Dashboard and the denials
// report: bounded (at most 90 days) so every grouped count reads a bounded
// range of the (account_id, outcome, at) index. Timestamps are ISO strings, so
// a range of `at` is a range of text on both databases.
import type { DayWindow } from '../../common/console-dashboard.ts';

export const maxWindowDays = 90;
const dayMs = 86_400_000;

export interface DayRange extends DayWindow {
  /** `at >= fromAt and at < untilAt`. */
  fromAt: string;
  untilAt: string;
  days: string[];
}

export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

export function dayRange(now: Date, days: number): DayRange {
  const today = Date.parse(`${dayOf(now)}T00:00:00.000Z`);
  const start = today - (days - 1) * dayMs;
  const list = Array.from({ length: days }, (_, i) => new Date(start + i * dayMs).toISOString().slice(0, 10));
  return {
    from: list[0] ?? dayOf(now),
    to: dayOf(now),
    fromAt: new Date(start).toISOString(),
    untilAt: new Date(today + dayMs).toISOString(),
    days: list,
  };
}
