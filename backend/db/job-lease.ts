// A periodic job that runs once across several service nodes (DESIGN.md
// "Trust": nothing depends on one process's memory). Each node ticks; the one
// whose conditional UPDATE of the job's row wins holds the lease and runs the
// job; the others see the row taken (or the job done for this period) and skip.
// The lease expires, so a node that died mid-run is taken over at a later tick.
import type { Clock } from '../clock.ts';
import type { Db } from './types.ts';

export interface JobLease {
  /** The job's row in job_leases. */
  name: string;
  /** This node's id (one per process). */
  holder: string;
  /** How long a run may hold the job before another node may take it over. */
  leaseMs: number;
  /** The job runs at most once per this period (counted from the last finished run). */
  everyMs: number;
}

/** True when this node now holds the job: the row was free (or its lease expired) and the job is due. */
export async function takeJobLease(db: Db, clock: Clock, lease: JobLease): Promise<boolean> {
  const now = clock.now();
  const nowIso = now.toISOString();
  // The row exists once (a conflict means another node made it first), free from the start.
  await db
    .insertInto('job_leases')
    .values({ name: lease.name, holder: null, lease_expires_at: nowIso, last_run_at: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const dueBefore = new Date(now.getTime() - lease.everyMs).toISOString();
  // One conditional UPDATE decides the holder: of two nodes, exactly one changes the row.
  const taken = await db
    .updateTable('job_leases')
    .set({ holder: lease.holder, lease_expires_at: new Date(now.getTime() + lease.leaseMs).toISOString() })
    .where('name', '=', lease.name)
    .where('lease_expires_at', '<=', nowIso)
    .where((eb) => eb.or([eb('last_run_at', 'is', null), eb('last_run_at', '<=', dueBefore)]))
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/** The run finished: the period starts now and the lease is free again (only the holder may say so). */
export async function finishJobLease(db: Db, clock: Clock, lease: Pick<JobLease, 'name' | 'holder'>) {
  const now = clock.now().toISOString();
  await db
    .updateTable('job_leases')
    .set({ last_run_at: now, lease_expires_at: now, holder: null })
    .where('name', '=', lease.name)
    .where('holder', '=', lease.holder)
    .execute();
}

/**
 * A long run keeps its lease: extended by the holder between batches. False when the lease was
 * lost (expired and taken over): the run then stops, and the new holder carries on.
 */
export async function renewJobLease(db: Db, clock: Clock, lease: JobLease): Promise<boolean> {
  const now = clock.now();
  const renewed = await db
    .updateTable('job_leases')
    .set({ lease_expires_at: new Date(now.getTime() + lease.leaseMs).toISOString() })
    .where('name', '=', lease.name)
    .where('holder', '=', lease.holder)
    .where('lease_expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return Number(renewed.numUpdatedRows) === 1;
}
