// The scheduled reclamation (issue 23 item 2): every node asks now and then;
// the one whose conditional UPDATE takes the job's lease (db/job-lease.ts)
// runs it for every account with a policy, then frees the lease and starts the
// period. A node that dies mid-run leaves a lease that expires, and another
// node takes the job over; a release done twice is impossible anyway (each is
// its own conditional UPDATE, reclamation.ts).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { finishJobLease, renewJobLease, takeJobLease, type JobLease } from '../db/job-lease.ts';
import type { Db } from '../db/types.ts';
import { runReclamation } from './reclamation.ts';

export const reclamationJobName = 'reclamation';

/** One id per process: what the lease row and the audit entries name as the node. */
export const thisNode = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** One tick: run the job when this node wins its lease; else nothing. Returns whether it ran. */
export async function tickReclamation(
  db: Db,
  clock: Clock,
  logger: Logger,
  settings: { everyHours: number; node?: string },
): Promise<boolean> {
  const lease: JobLease = {
    name: reclamationJobName,
    holder: settings.node ?? thisNode,
    // Renewed between batches (500 devices): a run that stalls this long is taken over.
    leaseMs: 10 * 60_000,
    everyMs: settings.everyHours * 3600_000,
  };
  if (!(await takeJobLease(db, clock, lease))) return false;
  const run = await runReclamation(
    db,
    clock,
    {},
    { actor: 'system', node: lease.holder, keepGoing: () => renewJobLease(db, clock, lease) },
  );
  await finishJobLease(db, clock, lease);
  if (run.released || run.kept)
    logger.info(
      { released: run.released, users: run.users, kept: run.kept, node: lease.holder },
      'reclamation ran',
    );
  return true;
}
