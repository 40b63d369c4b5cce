// GET /api/v1/events: an account's events for SIEMs (issue 24 item 3), read
// with an account API key that has the `events:read` scope. Ordered by cursor,
// each event once (read-events.ts). Rate-limited per client address before the
// key is looked up, like the other routes anyone can call.
import type { FastifyInstance } from 'fastify';
import type { EventsPage } from '../../common/event-types.ts';
import { enforceRateLimits } from '../http/rate-limits.ts';
import type { RateLimit } from '../http/rate-limit-store.ts';
import { parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { authenticateApiKey } from './api-keys.ts';
import { eventsQueryInput, toEventsQuery } from './event-query.ts';
import { readEvents } from '../events/read-events.ts';

export const eventsPath = '/api/v1/events';

/** A SIEM polls every few seconds; 300 a minute per address leaves room for several. */
export const eventsApiLimits = (ip: string): RateLimit[] => [
  { bucket: 'events-api:ip', key: ip, max: 300, windowMs: 60_000 },
];

export function registerEventsRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  app.get(eventsPath, async (request, reply) => {
    await enforceRateLimits(deps, reply, eventsApiLimits(request.ip));
    const query = toEventsQuery(parseInput(eventsQueryInput, request.query, 'query'));
    const { accountId } = await authenticateApiKey(
      db,
      deps.clock,
      request.headers.authorization,
      'events:read',
    );
    reply.header('cache-control', 'no-store');
    return (await readEvents(db, accountId, query)) satisfies EventsPage;
  });
}
