// Console API for the account's API keys (issue 24 item 3, docs/events.md):
// listed by their last 4 characters, the key itself in the creating answer
// only, revocable at once.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { apiKeyScopes, type CreatedApiKey } from '../../common/api-keys.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../events-api/api-keys.ts';
import { actorOf, requireSession } from '../http/session-guard.ts';
import { idParam, parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';

const createInput = z
  .object({
    label: z.string().trim().min(1, 'give the key a name').max(100),
    scopes: z.array(z.enum(apiKeyScopes)).min(1).max(apiKeyScopes.length).default(['events:read']),
  })
  .strict();

export function registerApiKeyRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;
  const protect = { onRequest: app.csrfProtection };

  app.get('/api/console/api-keys', async (request) => {
    const session = requireSession(request);
    return { keys: await listApiKeys(db, session.accountId) };
  });

  app.post('/api/console/api-keys', protect, async (request, reply) => {
    const session = requireSession(request);
    const input = parseInput(createInput, request.body);
    const created = await createApiKey(db, deps.clock, {
      accountId: session.accountId,
      ...input,
      actor: actorOf(session),
    });
    reply.header('cache-control', 'no-store');
    return reply.status(201).send({ ...created.view, key: created.key } satisfies CreatedApiKey);
  });

  app.delete('/api/console/api-keys/:id', protect, async (request, reply) => {
    const session = requireSession(request);
    const { id } = parseInput(idParam, request.params, 'path');
    await revokeApiKey(db, deps.clock, { accountId: session.accountId, keyId: id, actor: actorOf(session) });
    return reply.status(204).send();
  });
}
