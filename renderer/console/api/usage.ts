// The Usage page's reads and its one change (the idle days), keyed in the workspace.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { keys } from './queries.ts';
import type { UsagePage, UsageSettings, UsageSummary } from './types.ts';

/** One page: the filter's query string and the cursor (null = the first page). */
export function useUsagePage(query: string, cursor: string | null) {
  return useQuery({
    queryKey: keys.usagePage(query, cursor),
    queryFn: () =>
      api.get<UsagePage>(
        `/api/console/usage?${query}${cursor ? `${query ? '&' : ''}cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
    placeholderData: keepPreviousData,
  });
}

/** Devices active vs idle and seats held: counted over every device, so read once, not per page. */
export function useUsageSummary() {
  return useQuery({
    queryKey: keys.usageSummary,
    queryFn: () => api.get<UsageSummary>('/api/console/usage/summary'),
    staleTime: 60_000,
  });
}

export function useUsageSettings() {
  return useQuery({
    queryKey: keys.usageSettings,
    queryFn: () => api.get<UsageSettings>('/api/console/usage/settings'),
  });
}

/** Saves the idle days; every usage page is read again (active and idle change with it). */
export function useSetIdleDays() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (idleDays: number | string) =>
      api.put<UsageSettings>('/api/console/usage/settings', { idleDays }),
    onSuccess: (settings) => {
      client.setQueryData(keys.usageSettings, settings);
      void client.invalidateQueries({ queryKey: keys.usagePages });
      void client.invalidateQueries({ queryKey: keys.audit });
    },
  });
}
