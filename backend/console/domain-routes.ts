// Console API for domains (configurator step 1).
import type { FastifyInstance } from 'fastify';
import { actorOf, requireSession } from '../http/session-guard.ts';
import { idParam, parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';
import {
  addDomain,
  addDomainInput,
  listDomainsWithLostClaims,
  removeDomain,
  verifyDomain,
} from '../domains/domain-service.ts';

export function registerDomainRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const protect = { onRequest: app.csrfProtection };

  app.get('/api/console/domains', async (request) => {
    const session = requireSession(request);
    return listDomainsWithLostClaims(db, deps.clock, session.accountId);
  });

  app.post('/api/console/domains', protect, async (request, reply) => {
    const session = requireSession(request);
    const { domain } = parseInput(addDomainInput, request.body);
    return reply
      .status(201)
      .send(await addDomain(db, deps.clock, session.accountId, domain, actorOf(session)));
  });

  app.post('/api/console/domains/:id/verify', protect, async (request) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    return verifyDomain(db, deps.clock, deps.txtLookup, session.accountId, id, actorOf(session));
  });

  app.delete('/api/console/domains/:id', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    await removeDomain(db, deps.clock, session.accountId, id, actorOf(session));
    return reply.status(204).send();
  });
}
