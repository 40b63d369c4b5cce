// The workspace this tab shows: the business account whose id every console
// API call carries (client.ts, the Latchkey-Workspace header) and every query
// key includes (queries.ts). Remembered per tab (sessionStorage): two tabs may
// show two accounts side by side. null: the session's first workspace.
import { useSyncExternalStore } from 'react';

const storageKey = 'latchkey.console.workspace';
const listeners = new Set<() => void>();

function stored(): string | null {
  try {
    return sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

let current: string | null = stored();

export const currentWorkspace = (): string | null => current;

export function setCurrentWorkspace(accountId: string | null): void {
  if (accountId === current) return;
  current = accountId;
  try {
    if (accountId) sessionStorage.setItem(storageKey, accountId);
    else sessionStorage.removeItem(storageKey);
  } catch {
    // Storage refused (a private window's quota): the choice lasts until the page reloads.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useCurrentWorkspace(): string | null {
  return useSyncExternalStore(subscribe, currentWorkspace);
}
