// Switching workspaces without mixing them: queries in flight are cancelled
// and every query read in another workspace is dropped, so no page can show
// one account's data under the other's name (the keys carry the workspace
// too, queries.ts). The service checks each call's workspace on its own.
import { useQueryClient } from '@tanstack/react-query';
import { useLayoutEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { Me } from './types.ts';
import { currentWorkspace, setCurrentWorkspace } from './workspace.ts';

export function useSwitchWorkspace() {
  const client = useQueryClient();
  return (accountId: string | null) => {
    void client.cancelQueries();
    setCurrentWorkspace(accountId);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'ws' || q.queryKey[1] !== accountId });
  };
}

/**
 * This tab follows the session: with no choice yet, the session's first
 * workspace; after "Add a business account" by SSO the service lands on
 * `?workspace=<id>`, the one just added.
 */
export function useAdoptWorkspace(me: Me | null | undefined): boolean {
  const switchTo = useSwitchWorkspace();
  const location = useLocation();
  const navigate = useNavigate();
  const asked = new URLSearchParams(location.search).get('workspace');
  const wanted = me?.workspaces.some((w) => w.accountId === asked) ? asked : (me?.account.id ?? null);
  const settled = !me || (wanted === currentWorkspace() && asked === null);
  useLayoutEffect(() => {
    if (settled) return;
    if (wanted !== currentWorkspace()) switchTo(wanted);
    if (asked !== null) void navigate(location.pathname, { replace: true });
  });
  return settled;
}
