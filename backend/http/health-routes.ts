// Liveness (the process answers) and readiness (the database answers and is
// fully migrated; false while shutting down).
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { isMigrated } from '../db/migrate.ts';
import type { ServiceDeps } from '../service-deps.ts';

export function registerHealthRoutes(
  app: FastifyInstance,
  deps: ServiceDeps,
  isClosing: () => boolean,
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (isClosing()) return reply.status(503).send({ status: 'closing' });
    try {
      await sql`select 1`.execute(deps.database.db);
      if (!(await isMigrated(deps.database.db, deps.database.dialect))) {
        return reply.status(503).send({ status: 'migrations pending' });
      }
    } catch {
      return reply.status(503).send({ status: 'database unavailable' });
    }
    return { status: 'ready', database: deps.database.dialect };
  });
}
