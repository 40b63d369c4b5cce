// Read-only console API the screens need beside the configurator's: the
// directory (users with groups, groups with counts), seat use per license,
// and the activation log searched.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { attemptSearchQuery, searchAttempts } from './attempt-search.ts';
import { licenseUsage, listDirectoryGroups, searchDirectoryUsers } from './directory-queries.ts';
import { requireSession } from '../http/session-guard.ts';

const directoryQuery = z
  .object({
    q: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .strict();

export function registerConsoleDirectoryRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;

  app.get('/api/console/directory/users', async (request) => {
    const session = requireSession(request);
    const query = parseInput(directoryQuery, request.query, 'query');
    return { users: await searchDirectoryUsers(db, session.accountId, query) };
  });

  app.get('/api/console/directory/groups', async (request) => {
    const session = requireSession(request);
    return { groups: await listDirectoryGroups(db, session.accountId) };
  });

  app.get('/api/console/license-usage', async (request) => {
    const session = requireSession(request);
    return { usage: await licenseUsage(db, session.accountId) };
  });

  app.get('/api/console/attempts', async (request) => {
    const session = requireSession(request);
    const query = parseInput(attemptSearchQuery, request.query, 'query');
    return { attempts: await searchAttempts(db, session.accountId, query) };
  });
}
