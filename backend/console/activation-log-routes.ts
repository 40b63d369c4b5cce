// GET /api/console/activation-log?limit=…: the signed-in admin's account's latest
// sign-in and activation attempts, good or bad (access/activation-log.ts).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listAttempts } from '../access/activation-log.ts';
import { requireSession } from '../http/session-guard.ts';
import { parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';

const logQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();

export function registerActivationLogRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  app.get('/api/console/activation-log', async (request) => {
    const session = requireSession(request);
    const { limit } = parseInput(logQuery, request.query, 'query');
    return { attempts: await listAttempts(deps.database.db, session.accountId, limit) };
  });
}
