// GET /api/console/users/:id/timeline: one user's story for the signed-in
// admin's account (issue 23 item 6); a user of another account is a 404.
import type { FastifyInstance } from 'fastify';
import type { UserTimelinePage } from '../../common/console-timeline.ts';
import { parseInput } from '../http/validate.ts';
import { requireSession } from '../http/session-guard.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { timelineParams, timelineQuery, userTimeline } from './user-timeline.ts';

export function registerTimelineRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  app.get('/api/console/users/:id/timeline', async (request): Promise<UserTimelinePage> => {
    const session = requireSession(request);
    const { id } = parseInput(timelineParams, request.params, 'params');
    const query = parseInput(timelineQuery, request.query, 'query');
    return userTimeline(deps.database.db, session.accountId, id, query);
  });
}
