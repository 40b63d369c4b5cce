// Test connection's console API (backend/console/test-connection-routes.ts):
// the last outcome, and the start that answers where the browser goes next.
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ConnectionTestView, TestStart } from '../../../common/connection-test.ts';
import { api } from './client.ts';
import { keys } from './queries.ts';

export type { ConnectionTestView, GroupMatch, TestOutcome } from '../../../common/connection-test.ts';

export function useConnectionTest() {
  return useQuery({
    queryKey: keys.connectionTest,
    queryFn: () => api.get<ConnectionTestView>('/api/console/integration/test-connection'),
  });
}

/** Starts a test and sends this tab to the IdP (a top-level navigation: the IdP's login page). */
export function useStartConnectionTest() {
  return useMutation({
    mutationFn: () => api.post<TestStart>('/api/console/integration/test-connection'),
    onSuccess: (start) => window.location.assign(start.url),
  });
}
