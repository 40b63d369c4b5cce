// Console API for SCIM tokens (configurator step 5). The token is in the
// response of POST only, once.
import type { FastifyInstance } from 'fastify';
import { actorOf, requireSession } from '../console/session-guard.ts';
import { idParam, parseInput } from '../http/validate.ts';
import { spEndpointsFor } from '../integration/sp-endpoints.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { createScimToken, createScimTokenInput, listScimTokens, revokeScimToken } from './scim-tokens.ts';

export function registerScimTokenRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const protect = { onRequest: app.csrfProtection };

  app.get('/api/console/scim-tokens', async (request) => {
    const session = requireSession(request);
    return {
      scimBaseUrl: spEndpointsFor(deps.config.publicUrl, session.accountId).scimBaseUrl,
      tokens: await listScimTokens(db, session.accountId),
    };
  });

  app.post('/api/console/scim-tokens', protect, async (request, reply) => {
    const session = requireSession(request);
    const { label } = parseInput(createScimTokenInput, request.body ?? {});
    const created = await createScimToken(db, deps.clock, session.accountId, label, actorOf(session));
    reply.header('cache-control', 'no-store');
    return reply.status(201).send({ ...created.view, token: created.token });
  });

  app.delete('/api/console/scim-tokens/:id', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    await revokeScimToken(db, deps.clock, session.accountId, id, actorOf(session));
    return reply.status(204).send();
  });
}
