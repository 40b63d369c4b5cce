// Step 5's Bearer Token actions: create (shown once; a second token does not
// replace the first, see lib/scim-rotation.ts) and revoke; each refreshes the
// list and the steps.
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
    mutationFn: () => api.post<ShownToken>('/api/console/scim-tokens', {}),
    onSuccess: (created) => {
      setShown(created);
      changed();
    },
  });
  const revoke = useMutation({
    mutationFn: async (ids: string[]) => {
      for (const id of ids) await api.delete(`/api/console/scim-tokens/${id}`);
    },
    onSuccess: changed,
  });
  return { shown, create, revoke };
}

export type ScimTokenActions = ReturnType<typeof useScimTokenActions>;
