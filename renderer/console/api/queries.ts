// Queries and mutations shared by the screens (TanStack Query): one key per
// resource, and every change to the integration writes the view the API
// answers with back into the cache, so the seven steps repaint at once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ConsoleApiError } from './client.ts';
import type { Domain, Integration, License, LicenseUsage, Me, ScimToken } from './types.ts';
import { currentWorkspace, setCurrentWorkspace } from './workspace.ts';

/** Every key starts with the workspace it was read in: one account's data never answers for another's. */
const inWorkspace = <T extends readonly unknown[]>(...key: T) =>
  ['ws', currentWorkspace() ?? 'first', ...key] as const;

export const keys = {
  /** Everything read in the current workspace (to drop it on a switch). */
  get workspace() {
    return inWorkspace();
  },
  get me() {
    return inWorkspace('me');
  },
  get integration() {
    return inWorkspace('integration');
  },
  get domains() {
    return inWorkspace('domains');
  },
  get scimTokens() {
    return inWorkspace('scim-tokens');
  },
  get scimClients() {
    return inWorkspace('scim-clients');
  },
  accessCheck: (email: string) => inWorkspace('access-check', email),
  /** Every page of the directory's users, whatever the search. */
  get allUsers() {
    return inWorkspace('directory-users');
  },
  users: (q: string) => inWorkspace('directory-users', q),
  get groups() {
    return inWorkspace('directory-groups');
  },
  get licenses() {
    return inWorkspace('licenses');
  },
  get profile() {
    return inWorkspace('business-profile');
  },
  get invitations() {
    return inWorkspace('invitations');
  },
  get usage() {
    return inWorkspace('license-usage');
  },
  sublicenses: (licenseId: string) => inWorkspace('sublicenses', licenseId),
  get activations() {
    return inWorkspace('activations');
  },
  attempts: (query: string) => inWorkspace('attempts', query),
  /** One user's timeline (every page of it). */
  timeline: (userId: string) => inWorkspace('user-timeline', userId),
  get audit() {
    return inWorkspace('audit');
  },
  get auditPages() {
    return inWorkspace('audit-pages');
  },
  get connectionTest() {
    return inWorkspace('connection-test');
  },
  /** The Usage page: every page of every filter, and one page by its filter query and cursor. */
  get usagePages() {
    return inWorkspace('usage-pages');
  },
  usagePage: (query: string, cursor: string | null) => inWorkspace('usage-pages', query, cursor),
  get usageSummary() {
    return inWorkspace('usage-pages', 'summary');
  },
  get usageSettings() {
    return inWorkspace('usage-settings');
  },
};

/**
 * The signed-in admin in this tab's workspace, or null when there is no
 * session (401). A workspace the session no longer holds (left, or its right
 * withdrawn) is forgotten: the tab falls back to the session's first.
 */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async ({ queryKey }): Promise<Me | null> => {
      // The key's workspace, whatever the tab shows by the time this runs: a key never holds another's answer.
      const workspace = queryKey[1] === 'first' ? null : String(queryKey[1]);
      try {
        return await api.get<Me>('/api/console/me', { workspace });
      } catch (err) {
        if (err instanceof ConsoleApiError && err.status === 401) return null;
        if (err instanceof ConsoleApiError && err.code === 'workspace_not_granted') {
          setCurrentWorkspace(null);
          return api.get<Me>('/api/console/me');
        }
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

/** The account's licenses (the Licenses page, the Dashboard). */
export function useLicenses() {
  return useQuery({
    queryKey: keys.licenses,
    queryFn: async () => (await api.get<{ licenses: License[] }>('/api/console/licenses')).licenses,
  });
}

/** Seats used and devices per license. */
export function useLicenseUsage() {
  return useQuery({
    queryKey: keys.usage,
    queryFn: async () => (await api.get<{ usage: LicenseUsage[] }>('/api/console/license-usage')).usage,
  });
}
