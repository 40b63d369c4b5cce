// Test connection's console API (backend/saml/test-connection-routes.ts):
// the last outcome, and the start that answers where the browser goes next.
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from './client.ts';

export interface GroupMatch {
  id: string | null;
  name: string | null;
  matched: boolean;
}

export type TestOutcome =
  | {
      result: 'accepted';
      at: string;
      startedBy: string;
      nameId: string | null;
      profile: { email: string | null; userName: string | null; externalId: string | null; name: string };
      attributes: Record<string, string[]>;
      groups: string[];
      groupsOverage: boolean;
      groupMatch: { admins: GroupMatch; desktopUsers: GroupMatch };
      provisionedUser: { source: string; active: boolean } | null;
    }
  | {
      result: 'refused';
      at: string;
      startedBy: string;
      code: string;
      check: string;
      detail: string;
      remedy: string;
      evidence: Record<string, unknown>;
    };

export interface ConnectionTestView {
  last: TestOutcome | null;
  pendingSince: string | null;
}

export const connectionTestKey = ['connection-test'] as const;

export function useConnectionTest() {
  return useQuery({
    queryKey: connectionTestKey,
    queryFn: () => api.get<ConnectionTestView>('/api/console/integration/test-connection'),
  });
}

/** Starts a test and sends this tab to the IdP (a top-level navigation: the IdP's login page). */
export function useStartConnectionTest() {
  return useMutation({
    mutationFn: () =>
      api.post<{ binding: 'redirect' | 'post'; url: string }>('/api/console/integration/test-connection'),
    onSuccess: (start) => window.location.assign(start.url),
  });
}
