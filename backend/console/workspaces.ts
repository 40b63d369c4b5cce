// The session's workspaces as /api/console/me lists them: each business
// account the session holds a live grant for, with who is signed in there.
import type { Workspace } from '../../common/console-api.ts';
import type { ConsoleSession } from '../http/sessions.ts';

export const workspacesOf = (grants: ConsoleSession[]): Workspace[] =>
  grants.map((g) => ({ accountId: g.accountId, name: g.accountName, via: g.via, email: g.email }));
