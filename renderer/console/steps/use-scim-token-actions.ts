// Step 5's Bearer Token actions: create (shown once), rotate (create a new one,
// then revoke the old) and revoke; each refreshes the list and the steps.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { keys, useRefreshIntegration } from '../api/queries.ts';
import type { ScimToken } from '../api/types.ts';

export type ShownToken = ScimToken & { token: string };

export function useScimTokenActions() {
  const client = useQueryClient();
  const refresh = useRefreshIntegration();
  const [shown, setShown] = useState<ShownToken | undefined>();
  const changed = () => {
    void client.invalidateQueries({ queryKey: keys.scimTokens });
    void refresh();
  };
  const create = useMutation({
    mutationFn: async (replacing?: string) => {
      const created = await api.post<ShownToken>('/api/console/scim-tokens', {});
      if (replacing) await api.delete(`/api/console/scim-tokens/${replacing}`);
      return created;
    },
    onSuccess: (created) => {
      setShown(created);
      changed();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/api/console/scim-tokens/${id}`),
    onSuccess: changed,
  });
  return { shown, create, revoke };
}

export type ScimTokenActions = ReturnType<typeof useScimTokenActions>;
