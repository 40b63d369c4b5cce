// Queries and mutations shared by the screens (TanStack Query): one key per
// resource, and every change to the integration writes the view the API
// answers with back into the cache, so the seven steps repaint at once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ConsoleApiError } from './client.ts';
import type { Domain, Integration, Me, ScimToken } from './types.ts';

export const keys = {
  me: ['me'] as const,
  integration: ['integration'] as const,
  domains: ['domains'] as const,
  scimTokens: ['scim-tokens'] as const,
  scimClients: ['scim-clients'] as const,
  accessCheck: (email: string) => ['access-check', email] as const,
  users: (q: string) => ['directory-users', q] as const,
  groups: ['directory-groups'] as const,
  licenses: ['licenses'] as const,
  usage: ['license-usage'] as const,
  sublicenses: (licenseId: string) => ['sublicenses', licenseId] as const,
  activations: ['activations'] as const,
  attempts: (query: string) => ['attempts', query] as const,
  audit: ['audit'] as const,
};

/** The signed-in admin, or null when there is no session (401). */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await api.get<Me>('/api/console/me');
      } catch (err) {
        if (err instanceof ConsoleApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export function useIntegration() {
  return useQuery({
    queryKey: keys.integration,
    queryFn: () => api.get<Integration>('/api/console/integration'),
  });
}

/** A change whose answer is the new integration view. */
export function useIntegrationChange<V>(call: (vars: V) => Promise<Integration>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (view) => {
      client.setQueryData(keys.integration, view);
      void client.invalidateQueries({ queryKey: keys.audit });
    },
  });
}

export function useDomains() {
  return useQuery({
    queryKey: keys.domains,
    queryFn: async () => (await api.get<{ domains: Domain[] }>('/api/console/domains')).domains,
  });
}

export function useScimTokens() {
  return useQuery({
    queryKey: keys.scimTokens,
    queryFn: () => api.get<{ scimBaseUrl: string; tokens: ScimToken[] }>('/api/console/scim-tokens'),
  });
}

/** After a change elsewhere (domains, tokens), the steps' colours come from the server again. */
export function useRefreshIntegration() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: keys.integration });
}
