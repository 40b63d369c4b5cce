// The Dashboard's and the denials report's reads (issue 23 items 4 and 5),
// keyed in the workspace like every console query (api/queries.ts).
import { useQuery } from '@tanstack/react-query';
import type { Dashboard, DenialsReport } from '../../../common/console-dashboard.ts';
import { api } from './client.ts';
import { currentWorkspace } from './workspace.ts';

const inWorkspace = (...key: unknown[]) => ['ws', currentWorkspace() ?? 'first', ...key] as const;

export function useDashboard(days = 90) {
  return useQuery({
    queryKey: inWorkspace('dashboard', days),
    queryFn: () => api.get<Dashboard>(`/api/console/dashboard?days=${days}`),
  });
}

export function useDenials(days: number) {
  return useQuery({
    queryKey: inWorkspace('denials', days),
    queryFn: () => api.get<DenialsReport>(`/api/console/denials?days=${days}`),
  });
}
