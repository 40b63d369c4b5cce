// The session's workspaces as /api/console/me lists them: each business
// account the session holds a live grant for, with who is signed in there.
import type { Workspace } from '../../common/console-api.ts';
import type { Db } from '../db/types.ts';
import type { ConsoleSession } from '../http/sessions.ts';

export async function workspacesOf(db: Db, grants: ConsoleSession[]): Promise<Workspace[]> {
  if (grants.length === 0) return [];
  const accounts = await db
    .selectFrom('accounts')
    .select(['id', 'name'])
    .where(
      'id',
      'in',
      grants.map((g) => g.accountId),
    )
    .execute();
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  return grants.map((g) => ({
    accountId: g.accountId,
    name: names.get(g.accountId) ?? g.accountId,
    via: g.via,
    email: g.email,
  }));
}
