// Read-only console API the screens need beside the configurator's: the
// directory (users with groups, groups with counts), seat use per license,
// and the activation log searched.
import type { FastifyInstance } from 'fastify';
import { parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { describeDirectoryUsers, licenseUsage, listDirectoryGroups } from './directory-queries.ts';
import { attemptListQuery, attemptPage } from './lists/attempt-list.ts';
import { userListQuery, userRowsPage } from './lists/user-list.ts';
import { requireSession } from '../http/session-guard.ts';

export function registerConsoleDirectoryRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;

  app.get('/api/console/directory/users', async (request) => {
    const session = requireSession(request);
    const query = parseInput(userListQuery, request.query, 'query');
    // One page (a cursor for the next): a 100,000-user directory is never read whole (issue 23 item 8).
    const page = await userRowsPage(deps.database, session.accountId, query);
    return {
      users: await describeDirectoryUsers(db, session.accountId, page.items),
      nextCursor: page.nextCursor,
    };
  });

  app.get('/api/console/directory/groups', async (request) => {
    const session = requireSession(request);
    return { groups: await listDirectoryGroups(db, session.accountId) };
  });

  app.get('/api/console/license-usage', async (request) => {
    const session = requireSession(request);
    return { usage: await licenseUsage(db, session.accountId) };
  });

  // The activation log, one page by cursor with the screen's filters; /activation-log is its older
  // name (limit only), kept for API clients and answered the same way.
  for (const path of ['/api/console/attempts', '/api/console/activation-log'])
    app.get(path, async (request) => {
      const session = requireSession(request);
      const query = parseInput(attemptListQuery, request.query, 'query');
      const page = await attemptPage(deps.database, session.accountId, query);
      return { attempts: page.items, nextCursor: page.nextCursor };
    });
}
