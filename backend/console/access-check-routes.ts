// GET /api/console/access-check?email=…: "Why can't this user activate?" for
// the signed-in admin's account — the access decision's own rules run
// read-only (access/explain.ts), answered as common/access-check.ts's shape.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AccessCheck } from '../../common/access-check.ts';
import { explainAccess } from '../access/explain.ts';
import { parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { requireSession } from '../http/session-guard.ts';

const accessCheckQuery = z
  .object({
    email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
    /** Which way in to explain; by default SSO, or key for an account that has added no domain. */
    via: z.enum(['sso', 'key']).optional(),
  })
  .strict();

export function registerAccessCheckRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  app.get('/api/console/access-check', async (request): Promise<AccessCheck> => {
    const session = requireSession(request);
    const { email, via } = parseInput(accessCheckQuery, request.query, 'query');
    return explainAccess(deps.database.db, deps.clock, {
      email,
      accountId: session.accountId,
      ...(via && { via }),
    });
  });
}
