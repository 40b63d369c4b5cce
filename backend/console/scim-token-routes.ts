// Console API for SCIM sign-in (configurator step 5): long-lived bearer
// tokens, and OAuth 2.0 clients (client credentials) with rotating secrets.
// A token or secret is in the response of its POST only, once.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, requireSession } from '../http/session-guard.ts';
import { idParam, parseInput } from '../http/validate.ts';
import { spEndpointsFor } from '../saml/port.ts';
import type { ServiceDeps } from '../service-deps.ts';
import {
  addScimClientSecret,
  createScimClient,
  createScimClientInput,
  listScimClients,
  revokeScimClient,
  revokeScimClientSecret,
} from '../scim/scim-clients.ts';
import {
  createScimToken,
  createScimTokenInput,
  listScimTokens,
  revokeScimToken,
} from '../scim/scim-tokens.ts';
import { scimTokenPath } from '../scim/oauth-token-route.ts';

const clientParams = z.object({ id: z.string().regex(/^lksc_[A-Za-z0-9_-]{10,40}$/) }).strict();
const secretParams = z
  .object({ id: clientParams.shape.id, secretId: z.string().regex(/^sec_[A-Za-z0-9_-]{6,40}$/) })
  .strict();

export function registerScimTokenRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  registerBearerTokenRoutes(app, deps);
  registerOAuthClientRoutes(app, deps);
}

/** Step 5's Bearer Tokens: listed by their last characters, shown once when made, revocable. */
function registerBearerTokenRoutes(app: FastifyInstance, deps: ServiceDeps): void {
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

/** Step 5's OAuth clients (client credentials): their secrets shown once, then by last characters. */
function registerOAuthClientRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const protect = { onRequest: app.csrfProtection };

  app.get('/api/console/scim-clients', async (request) => {
    const session = requireSession(request);
    return {
      tokenUrl: `${deps.config.publicUrl}${scimTokenPath}`,
      clients: await listScimClients(db, session.accountId),
    };
  });

  app.post('/api/console/scim-clients', protect, async (request, reply) => {
    const session = requireSession(request);
    const { label } = parseInput(createScimClientInput, request.body ?? {});
    const created = await createScimClient(db, deps.clock, session.accountId, label, actorOf(session));
    reply.header('cache-control', 'no-store');
    return reply.status(201).send({ ...created, tokenUrl: `${deps.config.publicUrl}${scimTokenPath}` });
  });

  app.post('/api/console/scim-clients/:id/secrets', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(clientParams, request.params, 'path');
    const added = await addScimClientSecret(db, deps.clock, session.accountId, id, actorOf(session));
    reply.header('cache-control', 'no-store');
    return reply.status(201).send(added);
  });

  app.delete('/api/console/scim-clients/:id/secrets/:secretId', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id, secretId } = parseInput(secretParams, request.params, 'path');
    await revokeScimClientSecret(db, deps.clock, session.accountId, id, secretId, actorOf(session));
    return reply.status(204).send();
  });

  app.delete('/api/console/scim-clients/:id', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(clientParams, request.params, 'path');
    await revokeScimClient(db, deps.clock, session.accountId, id, actorOf(session));
    return reply.status(204).send();
  });
}
