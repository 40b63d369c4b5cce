// Console API for the Business Profile's General section (accounts/business-profile.ts).
import type { FastifyInstance } from 'fastify';
import type { BusinessProfile } from '../../common/console-api.ts';
import {
  getBusinessProfile,
  parseProfileUpdate,
  updateBusinessProfile,
} from '../accounts/business-profile.ts';
import { actorOf, requireSession } from '../http/session-guard.ts';
import type { ServiceDeps } from '../service-deps.ts';

export function registerProfileRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;

  app.get('/api/console/profile', async (request): Promise<BusinessProfile> => {
    const session = requireSession(request);
    return getBusinessProfile(db, session.accountId);
  });

  app.put('/api/console/profile', { onRequest: app.csrfProtection }, async (request) => {
    const session = requireSession(request);
    const update = parseProfileUpdate(request.body);
    return updateBusinessProfile(db, deps.clock, session.accountId, update, actorOf(session));
  });
}
