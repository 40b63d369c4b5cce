// Console API: the account's licenses, read-only for admins.
import type { FastifyInstance } from 'fastify';
import { requireSession } from '../console/session-guard.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { listLicenses } from './license-registry.ts';

export function registerLicenseRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  app.get('/api/console/licenses', async (request) => {
    const session = requireSession(request);
    return { licenses: await listLicenses(deps.database.db, deps.clock, session.accountId) };
  });
}
