// PUT /api/console/licenses/:id/overage {percent}: how far over its seat count
// a license may go (licensing/license-overage.ts; issue 23 item 3).
import type { FastifyInstance } from 'fastify';
import { actorOf, requireSession } from '../http/session-guard.ts';
import { idParam, parseInput } from '../http/validate.ts';
import { licenseOverageInput, setLicenseOverage } from '../licensing/license-overage.ts';
import type { ServiceDeps } from '../service-deps.ts';

export function registerOverageRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  app.put('/api/console/licenses/:id/overage', { onRequest: app.csrfProtection }, async (request) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    const input = parseInput(licenseOverageInput, request.body);
    return setLicenseOverage(deps.database.db, deps.clock, session.accountId, id, input, actorOf(session));
  });
}
