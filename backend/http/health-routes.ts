// Liveness (the process answers) and readiness (the database answers, takes
// writes, is the file we opened, and is fully migrated; false while shutting
// down). A fault says which: `degraded` when the database reads but cannot
// write (disk full, read-only), `database unavailable` when it does not answer.
import type { FastifyInstance } from 'fastify';
import { isWriteFault, retryAfterSeconds } from '../db/faults.ts';
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
    const { database } = deps;
    const fault = await database.readiness();
    if (fault) {
      // Kind and code only: the detail (paths, driver text) is in the log.
      return reply
        .status(503)
        .header('retry-after', String(retryAfterSeconds(fault.kind)))
        .send({
          status: isWriteFault(fault.kind) ? 'degraded' : 'database unavailable',
          database: database.dialect,
          fault: { kind: fault.kind, code: fault.code },
        });
    }
    try {
      if (!(await isMigrated(database.db, database.dialect))) {
        return reply.status(503).send({ status: 'migrations pending' });
      }
    } catch (err) {
      database.health.report(err);
      return reply.status(503).send({ status: 'database unavailable', database: database.dialect });
    }
    return { status: 'ready', database: database.dialect };
  });
}
