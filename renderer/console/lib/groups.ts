// Which synced (SCIM) group a step-3 mapping names: by ID (the IdP's
// externalId, or ours) or by name case-insensitively — the way the access
// rule matches it (backend/licensing/entitlement.ts).
import type { DirectoryGroup } from '../api/types.ts';

export function syncedGroup(
  groups: DirectoryGroup[],
  ref: { name: string | null; id: string | null },
): DirectoryGroup | undefined {
  return (
    groups.find((g) => ref.id !== null && (g.externalId === ref.id || g.id === ref.id)) ??
    groups.find((g) => ref.name !== null && g.name.toLowerCase() === ref.name.toLowerCase())
  );
}
