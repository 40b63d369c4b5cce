// Console API for the Usage page (issue 23 item 1): the paged list with its
// filters, and the account's idle threshold. Routes parse, call, answer.
import type { FastifyInstance } from 'fastify';
import { actorOf, requireSession } from '../http/session-guard.ts';
import { parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { usageQuery } from './usage-filters.ts';
import { usagePage } from './usage-query.ts';
import { usageSummary } from './usage-summary.ts';
import { idleDaysOf, setIdleDays, usageSettingsInput } from './usage-settings.ts';

export function registerUsageRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;

  app.get('/api/console/usage', async (request) => {
    const session = requireSession(request);
    return usagePage(
      deps.database,
      deps.clock,
      session.accountId,
      parseInput(usageQuery, request.query, 'query'),
    );
  });

  // Counts over every live device of the account: asked once by the page, never per list page.
  app.get('/api/console/usage/summary', async (request) => {
    const session = requireSession(request);
    return usageSummary(db, deps.clock, session.accountId);
  });

  app.get('/api/console/usage/settings', async (request) => {
    const session = requireSession(request);
    return { idleDays: await idleDaysOf(db, session.accountId) };
  });

  app.put('/api/console/usage/settings', { onRequest: app.csrfProtection }, async (request) => {
    const session = requireSession(request);
    const input = parseInput(usageSettingsInput, request.body);
    return setIdleDays(db, deps.clock, session.accountId, input, actorOf(session));
  });
}
