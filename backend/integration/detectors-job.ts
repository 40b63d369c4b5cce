// The event detectors' schedule (issue 24 item 1): every node ticks; the one
// whose conditional UPDATE takes the job's lease (db/job-lease.ts, as the
// reclamation job does) runs them, at most once per period across nodes. The
// lease saves work; telling each state change once does not depend on it: each
// event is written by the transaction that moves its detector state
// (events/detector-state.ts), so even two runs at once tell it once.
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { finishJobLease, takeJobLease, type JobLease } from '../db/job-lease.ts';
import type { Db } from '../db/types.ts';
import { watchCertificates } from './certificate-watch.ts';
import { watchScimSilence } from './scim-silence.ts';

export const detectorsJobName = 'event-detectors';

export interface DetectorsRun {
  certificates: number;
  scim: number;
}

/** Both detectors, unconditionally (tests, and the holder of the lease). */
export async function runDetectors(db: Db, clock: Clock): Promise<DetectorsRun> {
  return { certificates: await watchCertificates(db, clock), scim: await watchScimSilence(db, clock) };
}

/** One tick: runs the detectors when this node wins the lease and they are due; returns whether it ran. */
export async function tickDetectors(
  db: Db,
  clock: Clock,
  logger: Pick<Logger, 'info'>,
  settings: { everyMinutes: number; node: string },
): Promise<boolean> {
  const lease: JobLease = {
    name: detectorsJobName,
    holder: settings.node,
    leaseMs: 10 * 60_000,
    everyMs: settings.everyMinutes * 60_000,
  };
  if (!(await takeJobLease(db, clock, lease))) return false;
  try {
    const run = await runDetectors(db, clock);
    if (run.certificates || run.scim) logger.info({ ...run, node: lease.holder }, 'event detectors told');
  } finally {
    await finishJobLease(db, clock, lease);
  }
  return true;
}
