// When a failed delivery is tried again: Standard Webhooks' suggested schedule
// ("Retry schedule"): at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h
// and 10 h — 8 attempts over about 27.5 hours. A delivery whose last attempt
// fails is given up ("failed"); an endpoint failing for 24 hours is disabled
// (deliver.ts). The schedule is configurable (LATCHKEY_WEBHOOK_RETRY_SECONDS)
// so a test can run it in seconds; the service's default is the spec's.
export const standardRetrySeconds: readonly number[] = [0, 5, 300, 1800, 7200, 18_000, 36_000, 36_000];

/**
 * After the failure of the attempt at `step` (0 = the first), when the next one is
 * due; null when the schedule has run out.
 */
export function nextAttemptAt(schedule: readonly number[], step: number, failedAt: Date): Date | null {
  const wait = schedule[step + 1];
  if (wait === undefined) return null;
  return new Date(failedAt.getTime() + wait * 1000);
}
