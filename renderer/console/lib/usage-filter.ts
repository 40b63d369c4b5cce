// The Usage page's filter as the admin sets it, and as the API's query string.
export interface UsageFilter {
  license: string;
  sublicense: string;
  group: string;
  /** Days, as typed; the service says what is wrong with it. */
  idleFor: string;
  q: string;
}

export const emptyUsageFilter: UsageFilter = { license: '', sublicense: '', group: '', idleFor: '', q: '' };

export function usageFilterQuery(filter: UsageFilter): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter) as [keyof UsageFilter, string][])
    if (v.trim() !== '') params.set(k, v.trim());
  return params.toString();
}

/** "Idle" in words, with how long: a colour alone says nothing to a screen reader or in print. */
export function stateText(state: 'active' | 'idle', silentDays: number): string {
  if (state === 'active') return 'Active';
  return `Idle — ${silentDays} day${silentDays === 1 ? '' : 's'} without a check-in`;
}
