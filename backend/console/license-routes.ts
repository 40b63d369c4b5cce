// Console API for licensing: read licenses, split seats into sublicenses,
// see and revoke activations (licensing/admin-service.ts).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, requireSession } from '../http/session-guard.ts';
import { idParam, parseInput } from '../http/validate.ts';
import {
  addSublicense,
  listActivations,
  listSublicenses,
  revokeActivationByAdmin,
  sublicenseInput,
} from '../licensing/admin-service.ts';
import { listLicenses } from '../licensing/license-registry.ts';
import type { ServiceDeps } from '../service-deps.ts';

const activationsQuery = z.object({ revoked: z.enum(['true', 'false']).default('false') }).strict();

export function registerConsoleLicenseRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const protect = { onRequest: app.csrfProtection };

  app.get('/api/console/licenses', async (request) => {
    const session = requireSession(request);
    return { licenses: await listLicenses(db, deps.clock, session.accountId) };
  });

  app.get('/api/console/licenses/:id/sublicenses', async (request) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    return { sublicenses: await listSublicenses(db, session.accountId, id) };
  });

  app.post('/api/console/licenses/:id/sublicenses', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    const created = await addSublicense(
      db,
      deps.clock,
      session.accountId,
      id,
      parseInput(sublicenseInput, request.body),
      actorOf(session),
    );
    return reply.status(201).send(created);
  });

  app.get('/api/console/activations', async (request) => {
    const session = requireSession(request);
    const { revoked } = parseInput(activationsQuery, request.query, 'query');
    return { activations: await listActivations(db, session.accountId, revoked === 'true') };
  });

  app.post('/api/console/activations/:id/revoke', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    await revokeActivationByAdmin(db, deps.clock, session.accountId, id, actorOf(session));
    return reply.status(204).send();
  });
}
