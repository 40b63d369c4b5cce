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
 * This tab follows the session where it has no choice of its own: with none
 * yet, the session's first workspace; after "Add a business account" by SSO
 * the service lands on `?workspace=<id>`, the one just added. A choice the
 * tab made is never overridden here (a late answer for the workspace it left
 * must not switch it back).
 */
export function useAdoptWorkspace(me: Me | null | undefined): boolean {
  const switchTo = useSwitchWorkspace();
  const location = useLocation();
  const navigate = useNavigate();
  const asked = new URLSearchParams(location.search).get('workspace');
  const current = currentWorkspace();
  const target =
    asked !== null && me?.workspaces.some((w) => w.accountId === asked)
      ? asked
      : current === null && me
        ? me.account.id
        : current;
  const settled = !me || (target === current && asked === null);
  useLayoutEffect(() => {
    if (settled) return;
    if (target !== current) switchTo(target);
    if (asked !== null) void navigate(location.pathname, { replace: true });
  });
  return settled;
}
